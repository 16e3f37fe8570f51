#!/usr/bin/env bash
# Times reading one generated county in several containers: `stdcheck-gen --format F` writes it, then
# `stdcheck check --standard structure@1` (every record and shape read, no rule of a land standard)
# runs under /usr/bin/time -v. Prints a Markdown table: wall time, CPU seconds and peak RSS per format.
#
#   bench/read-formats.sh [POLYGONS] [FORMATS] [STANDARD]      (from the repository root)
#
# POLYGONS defaults to 1000000, FORMATS to "shp vct", STANDARD to structure@1 (gtdc@2020: the full
# pack). Uses the release build (`swift build -c release`), or STDCHECK / STDCHECK_GEN when set. The
# counties are cached under .bench-data/formats-POLYGONS/FORMAT.
set -euo pipefail

polygons=${1:-1000000}
formats=${2:-shp vct}
standard=${3:-structure@1}
if [ -n "${STDCHECK:-}" ] && [ -n "${STDCHECK_GEN:-}" ]; then
  bin=.build/release
else
  bin=$(swift build -c release --show-bin-path 2>/dev/null || echo .build/release)
fi
stdcheck=${STDCHECK:-$bin/stdcheck}
generator=${STDCHECK_GEN:-$bin/stdcheck-gen}
for program in "$stdcheck" "$generator" /usr/bin/time; do
  [ -x "$program" ] || { echo "read-formats: $program is missing (swift build -c release; apt-get install time)" >&2; exit 3; }
done

data=.bench-data/formats-$polygons
echo "| Format | Size | Wall | CPU | Peak RSS | Findings |"
echo "|---|---|---|---|---|---|"
for format in $formats; do
  output=$data/$format
  if [ ! -e "$output/.done" ]; then
    rm -rf "$output"
    "$generator" --polygons "$polygons" --output "$output" --format "$format" >/dev/null
    touch "$output/.done"
  fi
  target=$output
  [ "$format" = shp ] || target=$output/$format.$format
  size=$(du -sbL "$target" | cut -f1)
  log=$(mktemp)
  status=0
  /usr/bin/time -v "$stdcheck" check "$target" --standard "$standard" --format json >"$log.json" 2>"$log" || status=$?
  wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$log")
  cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.1f", s }' "$log")
  rss=$(awk -F': ' '/Maximum resident set size/ { printf "%d MB", $2 / 1024 }' "$log")
  findings=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["findings"]))' "$log.json" 2>/dev/null || echo "exit $status")
  echo "| $format | $((size / 1000000)) MB | $wall | $cpu s | $rss | $findings |"
  rm -f "$log" "$log.json"
done
