#!/usr/bin/env python3
"""Writes a large synthetic DLTB layer for timing (not committed): a jittered grid tessellation.

    python3 scripts/make-bench-county.py OUT_DIR [N]      # N polygons (default 100000)

Every cell is one parcel of 20 vertices (each edge split into 5 segments, shared exactly with the
neighbour), in EPSG:4527 coordinates rounded to centimetres. One parcel in a thousand has its north
edge pushed 1 m into the neighbour (an overlap). Deterministic; needs pyshp.
"""
import math
import os
import random
import sys

import shapefile

PRJ = ('PROJCS["CGCS2000_3_Degree_GK_Zone_39",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",'
       'DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],'
       'UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",39500000.0],'
       'PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",117.0],PARAMETER["Scale_Factor",1.0],'
       'PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]')


def main():
    out = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 100000
    nx = int(math.sqrt(n * 1.6))
    ny = (n + nx - 1) // nx
    rng = random.Random(4)
    size, split = 40.0, 5
    x0, y0 = 39400000.0, 4300000.0

    def node(i, j):
        # jitter interior grid nodes, deterministically per node
        r = random.Random(i * 1000003 + j)
        jx = 0 if i in (0, nx) else r.uniform(-8, 8)
        jy = 0 if j in (0, ny) else r.uniform(-8, 8)
        return (round(x0 + i * size + jx, 2), round(y0 + j * size + jy, 2))

    def edge(a, b):
        return [(round(a[0] + (b[0] - a[0]) * k / split, 2), round(a[1] + (b[1] - a[1]) * k / split, 2))
                for k in range(split)]

    os.makedirs(out, exist_ok=True)
    w = shapefile.Writer(os.path.join(out, "DLTB"), shapeType=shapefile.POLYGON, encoding="utf-8")
    w.field("BSM", "N", 10)
    w.field("DLBM", "C", 5)
    w.field("ZLDWDM", "C", 19)
    count = 0
    for j in range(ny):
        for i in range(nx):
            if count == n:
                break
            sw, nw, ne, se = node(i, j), node(i, j + 1), node(i + 1, j + 1), node(i + 1, j)
            ring = edge(sw, nw) + edge(nw, ne) + edge(ne, se) + edge(se, sw)
            if count % 1000 == 500 and j + 1 < ny:
                # push the middle of the north edge 1 m into the neighbour
                mid = split + split // 2
                ring[mid] = (ring[mid][0], round(ring[mid][1] + 1.0, 2))
            ring.append(ring[0])
            w.poly([ring])
            w.record(130000000 + count, rng.choice(["0101", "0102", "0103", "0201", "0301"]),
                     "1301231010010000000")
            count += 1
    w.close()
    with open(os.path.join(out, "DLTB.prj"), "w") as f:
        f.write(PRJ)
    with open(os.path.join(out, "DLTB.cpg"), "w") as f:
        f.write("UTF-8")
    print("wrote %d polygons (%d x %d grid) to %s" % (count, nx, ny, out))


if __name__ == "__main__":
    main()
