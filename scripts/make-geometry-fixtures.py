#!/usr/bin/env python3
"""Writes fixtures/geometry/<case>/: one tiny shapefile set per geometry defect, and a README.

Each case holds one defect that exactly one geometry or CRS rule of gtdc@2020 must catch
(Tests/StdCheckTests/GeometryFixtureTests.swift checks that). Deterministic; needs pyshp 3.x.
Run from the repository root: python3 scripts/make-geometry-fixtures.py
"""
import os
import shutil

import shapefile

OUT = "fixtures/geometry"
X0, Y0 = 39512000.0, 4331000.0  # CGCS2000 3-degree GK zone 39 (EPSG:4527), near 117.1E 39.1N

PRJ_4527 = ('PROJCS["CGCS2000_3_Degree_GK_Zone_39",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",'
            'DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],'
            'UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",39500000.0],'
            'PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",117.0],PARAMETER["Scale_Factor",1.0],'
            'PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]')
PRJ_4528 = (PRJ_4527.replace("Zone_39", "Zone_40").replace("39500000.0", "40500000.0")
            .replace('"Central_Meridian",117.0', '"Central_Meridian",120.0'))
PRJ_4490 = ('GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",'
            'SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],'
            'UNIT["Degree",0.0174532925199433]]')


def square(x, y, size, cw=True):
    ring = [(x, y), (x, y + size), (x + size, y + size), (x + size, y), (x, y)]
    return ring if cw else list(reversed(ring))


def shift(ring, dx=X0, dy=Y0):
    return [(px + dx, py + dy) for px, py in ring]


def write(case, layer, shapes, rows, prj=PRJ_4527, fields=("BSM", "DLBM", "ZLDWDM")):
    folder = os.path.join(OUT, case)
    os.makedirs(folder, exist_ok=True)
    w = shapefile.Writer(os.path.join(folder, layer), shapeType=shapefile.POLYGON, encoding="utf-8")
    for name in fields:
        w.field(name, "N" if name == "BSM" else "C", 10 if name == "BSM" else 19)
    for shape, row in zip(shapes, rows):
        if shape is None:
            w.null()
        else:
            w.poly(shape)
        w.record(*[row.get(name) for name in fields])
    w.close()
    with open(os.path.join(folder, layer + ".prj"), "w") as f:
        f.write(prj)
    with open(os.path.join(folder, layer + ".cpg"), "w") as f:
        f.write("UTF-8")


def dltb(case, rings_per_record, prj=PRJ_4527):
    rows = [{"BSM": 130100001 + i, "DLBM": "0101", "ZLDWDM": "1301231010010000000"}
            for i in range(len(rings_per_record))]
    write(case, "DLTB", rings_per_record, rows, prj)


CASES = []


def case(name, rule, what):
    CASES.append((name, rule, what))


def main():
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    os.makedirs(OUT)

    dltb("bow-tie", [[shift([(0, 0), (100, 100), (100, 0), (0, 100), (0, 0)])]])
    case("bow-tie", "DLTB.geometry-invalid", "one parcel whose ring crosses itself at (50 50) from the corner: Self-intersection")

    dltb("overlap-pair", [[shift(square(0, 0, 100))], [shift(square(90, 0, 100))]])
    case("overlap-pair", "DLTB.parcels-overlap", "two 100 m squares overlapping in a 10 m x 100 m strip (1000 m²)")

    dltb("sliver", [[shift(square(0, 0, 2))]])
    case("sliver", "DLTB.parcel-sliver", "one 2 m x 2 m parcel (4 m², under the 10 m² minimum)")

    dltb("hole-outside-shell", [[shift(square(0, 0, 100)), shift(square(200, 0, 50, cw=False))]])
    case("hole-outside-shell", "DLTB.geometry-invalid",
         "a clockwise shell followed by a counter-clockwise ring 100 m east of it: a hole outside its shell")

    dltb("duplicate-vertex", [[shift([(0, 0), (0, 100), (0, 100), (100, 100), (100, 0), (0, 0)])]])
    case("duplicate-vertex", "DLTB.vertex-duplicated", "the second vertex of a square is written twice")

    dltb("spike", [[shift([(0, 0), (0, 100), (50, 100), (50, 160), (50.4, 100), (100, 100), (100, 0), (0, 0)])]])
    case("spike", "DLTB.boundary-spike", "a 60 m spike 0.4 m wide at its base on the north edge (0.38 degrees at its tip)")

    dltb("wrong-winding", [[shift(square(0, 0, 100, cw=False))]])
    case("wrong-winding", "DLTB.ring-wrongly-wound", "a square whose only ring is counter-clockwise")

    dltb("wrong-zone-prj", [[shift(square(0, 0, 100))]], prj=PRJ_4528)
    case("wrong-zone-prj", "DLTB.crs-zone-inconsistent",
         "zone-39 coordinates (x 395xxxxx) under the .prj of zone 40 (EPSG:4528, false easting 40 500 000)")

    dltb("geographic-prj", [[[(117.1, 39.1), (117.1, 39.101), (117.101, 39.101), (117.101, 39.1), (117.1, 39.1)]]],
         prj=PRJ_4490)
    case("geographic-prj", "DLTB.crs-geographic",
         "longitude/latitude coordinates under the CGCS2000 geographic .prj (EPSG:4490) where GK metres are required")

    # exchanging x and y mirrors the ring; a writer that follows the specification winds it clockwise again
    dltb("axes-swapped", [[list(reversed([(y, x) for x, y in shift(square(0, 0, 100))]))]])
    case("axes-swapped", "DLTB.crs-axes-swapped",
         "a square with x and y exchanged (x holds the northing 4331xxx), its ring wound clockwise again")

    dltb("null-shape", [[shift(square(0, 0, 100))], None])
    case("null-shape", "DLTB.geometry-empty", "the second record has a null shape")

    dltb("multipart", [[shift(square(0, 0, 100)), shift(square(200, 0, 100))]])
    case("multipart", "DLTB.geometry-multipart", "one record made of two separate clockwise squares")

    # two villages side by side; the parcel lies in the second but names the first
    folder = "outside-village"
    write(folder, "CJDCQ", [[shift(square(0, 0, 200))], [shift(square(200, 0, 200))]],
          [{"BSM": 120000001, "ZLDWDM": "1301231010010000000"}, {"BSM": 120000002, "ZLDWDM": "1301231010020000000"}],
          fields=("BSM", "ZLDWDM"))
    write(folder, "DLTB", [[shift(square(20, 20, 100))], [shift(square(250, 20, 100))]],
          [{"BSM": 130100001, "DLBM": "0101", "ZLDWDM": "1301231010010000000"},
           {"BSM": 130100002, "DLBM": "0102", "ZLDWDM": "1301231010010000000"}])
    case("outside-village", "DLTB.outside-its-village",
         "CJDCQ holds villages ...001 (west) and ...002 (east); DLTB record 2 lies in the east village but its ZLDWDM names the west one")

    with open(os.path.join(OUT, "README.md"), "w") as f:
        f.write("# geometry: one geometry or CRS defect per folder\n\n")
        f.write("**Generated by `scripts/make-geometry-fixtures.py` (pyshp 3.x); do not edit.** Synthetic parcels in "
                "CGCS2000 3-degree Gauss-Kruger zone 39 (EPSG:4527, near 117.1°E 39.1°N) unless the case is about the "
                "CRS. Each folder is a small submission with a DLTB layer (fields BSM, DLBM, ZLDWDM only) and holds "
                "exactly one defect, which exactly one geometry or CRS rule of gtdc@2020 catches "
                "(`Tests/StdCheckTests/GeometryFixtureTests.swift`).\n\n")
        f.write("| folder | defect | rule |\n|---|---|---|\n")
        for name, rule, what in CASES:
            f.write("| `%s/` | %s | `%s` |\n" % (name, what, rule))
    print("wrote %d cases to %s" % (len(CASES), OUT))


if __name__ == "__main__":
    main()
