#!/usr/bin/env bash
# Converts a folder of shapefiles into the same data as a GeoPackage and as an Esri File Geodatabase,
# with GDAL's ogr2ogr (Debian gdal-bin; scripts/ensure-test-deps.sh installs it), for the format
# invariance test: the same county in every container should give the same findings.
#
#   scripts/make-format-variants.sh SOURCE_FOLDER OUTPUT_FOLDER [NAME]
#
# writes OUTPUT_FOLDER/gpkg/NAME.gpkg and OUTPUT_FOLDER/gdb/NAME.gdb/ (NAME defaults to the source
# folder's name), one layer per shapefile, named after its base name. Multi-part shapes are kept
# (polygons and lines are promoted to their multi types), and so are the fields' types and widths.
set -euo pipefail

source_folder=${1:?usage: make-format-variants.sh SOURCE_FOLDER OUTPUT_FOLDER [NAME]}
output=${2:?usage: make-format-variants.sh SOURCE_FOLDER OUTPUT_FOLDER [NAME]}
name=${3:-$(basename "$source_folder")}
command -v ogr2ogr >/dev/null 2>&1 || { echo "make-format-variants: ogr2ogr is missing (apt-get install gdal-bin)" >&2; exit 3; }

mkdir -p "$output/gpkg" "$output/gdb"
rm -rf "$output/gpkg/$name.gpkg" "$output/gdb/$name.gdb"
shopt -s nullglob nocaseglob
for shp in "$source_folder"/*.shp; do
  layer=$(basename "${shp%.*}")
  for target in "GPKG:$output/gpkg/$name.gpkg" "OpenFileGDB:$output/gdb/$name.gdb"; do
    driver=${target%%:*}
    path=${target#*:}
    update=()
    [ -e "$path" ] && update=(-update)
    ogr2ogr -q "${update[@]}" -f "$driver" "$path" "$shp" -nln "$layer" -nlt PROMOTE_TO_MULTI \
      --config SHAPE_RESTORE_SHX YES
  done
done
