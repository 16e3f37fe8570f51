#!/usr/bin/env python3
"""Generate the synthetic 三调 county sample at fixtures/sample-county/.

What it makes
    A small, synthetic (NOT real) 地类图斑 layer, DLTB, as an ESRI shapefile
    (DLTB.shp/.shx/.dbf/.prj/.cpg) plus a README.md describing it.  The parcels
    are a gap-free, overlap-free tessellation of a ~1.7 km x 1.4 km "village
    area" in CGCS2000 3-degree Gauss-Krueger zone 39 (EPSG:4527), split among
    three villages of one town of a made-up county (130123).  Attributes follow
    TD/T 1057-2020 (地类图斑 DLTB) except for a handful of deliberate defects,
    each listed (record number, BSM, field, bad value, rule id) in the
    generated README.md, that StdCheck's rules must catch.

How to run
    python3 scripts/make-sample-county.py        (from the repository root)

    Needs Python 3 and pyshp 3.x (``pip install pyshp``); nothing else.  The
    output is deterministic (fixed seed, integer-centimetre geometry, fixed DBF
    header date): running it twice gives byte-identical files.

The output under fixtures/sample-county/ is committed, so CI needs no Python.
Change this script rather than editing the generated files by hand, then
re-run it and commit both.
"""

import os
import random
import sys
from decimal import ROUND_HALF_UP, Decimal

import shapefile  # pyshp

SEED = 20191231
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT_DIR = os.path.join(ROOT, "fixtures", "sample-county")
BASENAME = "DLTB"

# `projinfo EPSG:4527 -o WKT1_ESRI --single-line` (PROJ 9)
PRJ_WKT = (
    'PROJCS["CGCS2000_3_Degree_GK_Zone_39",'
    'GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",'
    'DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],'
    'PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],'
    'PROJECTION["Gauss_Kruger"],'
    'PARAMETER["False_Easting",39500000.0],PARAMETER["False_Northing",0.0],'
    'PARAMETER["Central_Meridian",117.0],PARAMETER["Scale_Factor",1.0],'
    'PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]'
)

# DBF header "last update" date (pyshp would write today's date).
DBF_DATE = (2020, 12, 31)

# --------------------------------------------------------------------------
# Code lists
# --------------------------------------------------------------------------
DLMC = {
    "0101": "水田",
    "0102": "水浇地",
    "0103": "旱地",
    "0201": "果园",
    "0301": "乔木林地",
    "0305": "灌木林地",
    "0404": "其他草地",
    "0702": "农村宅基地",
    "1006": "农村道路",
    "1104": "坑塘水面",
    "1107": "沟渠",
    "1202": "设施农用地",
    "1203": "田坎",
}
FARMLAND = ("0101", "0102", "0103")

COUNTY = "130123"  # synthetic county code
TOWN = "101"
VILLAGES = {  # key -> (12-digit village code, name)
    "E": (COUNTY + TOWN + "001", "东王村"),
    "W": (COUNTY + TOWN + "002", "西李庄村"),
    "S": (COUNTY + TOWN + "003", "南马村"),
}
VILLAGE_ORDER = ("E", "W", "S")

BSM_START = 130100001
YSDM = "2001010100"

# 田坎系数 by 耕地坡度级别 for sloping 旱地
KCXS_BY_GRADE = {"2": "0.0350", "3": "0.0800", "4": "0.1250", "5": "0.1600"}

# --------------------------------------------------------------------------
# Grid layout (all lengths in integer centimetres)
# --------------------------------------------------------------------------
NX, NY = 20, 17
ORIGIN_X = 39512000_00  # 39 512 000 m (zone 39, ~12 km east of 117°E)
ORIGIN_Y = 4331000_00  # 4 331 000 m (~39.1°N)
DITCH_COL = 10  # a 5 m wide ditch (沟渠) running north-south
DITCH_W = 500
ROAD_ROW = 8  # a 7 m wide road (农村道路) running east-west
ROAD_H = 700
JITTER = 0.15  # max node displacement as a fraction of the adjacent cell size

# Merged parcels (lists of (col, row) cells) and the island parcel.
L_SHAPES = [
    [(6, 10), (7, 10), (6, 11)],  # 西李庄村
    [(17, 15), (18, 15), (18, 16)],  # 东王村
    [(2, 1), (3, 1), (3, 2)],  # 南马村
    [(14, 3), (14, 4), (15, 4)],  # 南马村
]
PAIRS = [
    ([(16, 6), (17, 6)], "0201"),  # 果园, 南马村
    ([(12, 10), (12, 11)], "1202"),  # 设施农用地 (greenhouses), 东王村
]
HOLE_HOST = (7, 14)  # a 旱地 parcel with a 坑塘水面 island in it
ROAD_SEGMENTS = [range(0, 5), range(5, 11), range(11, 16), range(16, 20)]
DITCH_SEGMENTS = [range(0, 4), range(4, 8), range(9, 13), range(13, 17)]
SETTLEMENTS = {"W": (3, 14), "E": (15, 12), "S": (6, 4)}


def village_of(col, row):
    if row < ROAD_ROW:
        return "S"
    if col <= DITCH_COL:  # the ditch north of the road and the crossing: 西李庄村
        return "W"
    return "E"


def build_nodes(rng):
    widths = [rng.randint(6000, 11000) for _ in range(NX)]
    heights = [rng.randint(6000, 11000) for _ in range(NY)]
    widths[DITCH_COL] = DITCH_W
    heights[ROAD_ROW] = ROAD_H
    xs = [ORIGIN_X]
    for w in widths:
        xs.append(xs[-1] + w)
    ys = [ORIGIN_Y]
    for h in heights:
        ys.append(ys[-1] + h)

    def limit(sizes, k, strip):
        # the two cells either side of grid line k, skipping over the strip
        left = sizes[k - 1] if k - 1 != strip else sizes[k - 2]
        right = sizes[k] if k != strip else sizes[k + 1]
        return int(JITTER * min(left, right))

    dx = {}
    dy = {}
    for j in range(NY + 1):
        for i in range(NX + 1):
            mx = 0 if i in (0, NX) else limit(widths, i, DITCH_COL)
            my = 0 if j in (0, NY) else limit(heights, j, ROAD_ROW)
            dx[i, j] = rng.randint(-mx, mx) if mx else 0
            dy[i, j] = rng.randint(-my, my) if my else 0
    # keep the ditch and the road constant-width strips
    for j in range(NY + 1):
        dx[DITCH_COL + 1, j] = dx[DITCH_COL, j]
        dy[DITCH_COL + 1, j] = dy[DITCH_COL, j]
    for i in range(NX + 1):
        dx[i, ROAD_ROW + 1] = dx[i, ROAD_ROW]
        dy[i, ROAD_ROW + 1] = dy[i, ROAD_ROW]
    return {
        (i, j): (xs[i] + dx[i, j], ys[j] + dy[i, j])
        for j in range(NY + 1)
        for i in range(NX + 1)
    }


def cell_edges(col, row):
    """Clockwise (y up) directed edges of a cell, as node-key pairs."""
    ring = [(col, row), (col, row + 1), (col + 1, row + 1), (col + 1, row)]
    return [(ring[k], ring[(k + 1) % 4]) for k in range(4)]


def merged_ring(cells):
    """Outer ring (node keys, clockwise, not closed) of a set of grid cells."""
    edges = set()
    for c in cells:
        edges.update(cell_edges(*c))
    boundary = {(a, b) for (a, b) in edges if (b, a) not in edges}
    nxt = {}
    for a, b in boundary:
        assert a not in nxt, "pinched parcel"
        nxt[a] = b
    start = min(nxt)
    ring = [start]
    while nxt[ring[-1]] != start:
        ring.append(nxt[ring[-1]])
    assert len(ring) == len(boundary), "parcel is not simply connected"
    return ring


def signed_area2(pts):
    """Twice the signed area (positive = counter-clockwise), exact integers."""
    s = 0
    n = len(pts)
    for k in range(n):
        x1, y1 = pts[k]
        x2, y2 = pts[(k + 1) % n]
        s += x1 * y2 - x2 * y1
    return s


def island_ring(rng, host_pts):
    """A clockwise 7-gon around the host cell's centroid, well inside it."""
    cx = sum(p[0] for p in host_pts) // 4
    cy = sum(p[1] for p in host_pts) // 4
    # crude inscribed size: a quarter of the smaller side of the bbox
    w = max(p[0] for p in host_pts) - min(p[0] for p in host_pts)
    h = max(p[1] for p in host_pts) - min(p[1] for p in host_pts)
    r = min(w, h) // 5
    # fixed unit directions (x1000) for 7 vertices, going clockwise
    dirs = [(0, 1000), (782, 623), (975, -223), (434, -901),
            (-434, -901), (-975, -223), (-782, 623)]
    pts = []
    for ux, uy in dirs:
        rr = r * rng.randint(80, 120) // 100
        pts.append((cx + ux * rr // 1000, cy + uy * rr // 1000))
    assert signed_area2(pts) < 0
    return pts


# --------------------------------------------------------------------------
# Parcels
# --------------------------------------------------------------------------
def build_parcels(rng, nodes):
    """Returns a list of dicts: village, sort key, rings (cm coords), dlbm hint."""
    used = set()
    parcels = []

    def add(cells, dlbm=None, qsxz="30"):
        for c in cells:
            assert c not in used, c
            used.add(c)
        ring = [nodes[k] for k in merged_ring(cells)]
        vill = village_of(*cells[0])
        assert all(village_of(*c) == vill for c in cells), cells
        top = max(r for _, r in cells)
        left = min(c for c, r in cells if r == top)
        parcels.append({
            "village": vill,
            "key": (-top, left, 0),
            "rings": [ring],
            "dlbm": dlbm,
            "qsxz": qsxz,
            "cells": cells,
        })
        return parcels[-1]

    # linear features: road and ditch strips
    for seg in ROAD_SEGMENTS:
        add([(c, ROAD_ROW) for c in seg], "1006", "10")
    for seg in DITCH_SEGMENTS:
        add([(DITCH_COL, r) for r in seg], "1107", "10")
    for cells in L_SHAPES:
        add(cells, "0103" if cells[0][1] > ROAD_ROW else "0102")
    for cells, dlbm in PAIRS:
        add(cells, dlbm)

    host = add([HOLE_HOST], "0103")
    island = island_ring(rng, host["rings"][0])
    host["rings"].append(list(reversed(island)))  # hole: counter-clockwise
    parcels.append({
        "village": host["village"],
        "key": (host["key"][0], host["key"][1], 1),
        "rings": [island],
        "dlbm": "1104",
        "qsxz": "30",
        "cells": [],
    })

    for row in range(NY):
        for col in range(NX):
            if (col, row) not in used:
                add([(col, row)])
    return parcels


WEIGHTS_FLAT = {
    "0103": 30, "0102": 30, "0101": 8, "0201": 6, "0301": 3, "0305": 1,
    "0404": 3, "0702": 2, "1006": 3, "1104": 3, "1107": 3, "1202": 4,
    "1203": 2,
}
WEIGHTS_HILL = {
    "0103": 35, "0102": 4, "0201": 12, "0301": 15, "0305": 10, "0404": 10,
    "0702": 2, "1006": 3, "1104": 2, "1202": 2, "1203": 5,
}


def pick(rng, weights):
    codes = sorted(weights)
    return rng.choices(codes, weights=[weights[c] for c in codes])[0]


def draw_dlbm(rng, parcel):
    (col, row), = parcel["cells"]
    sx, sy = SETTLEMENTS[parcel["village"]]
    dist = max(abs(col - sx), abs(row - sy))
    u = rng.random()
    if dist <= 1:
        return "0702" if u < 0.9 else "1202"
    if dist == 2 and u < 0.35:
        return "0702"
    if dist == 2 and u < 0.45:
        return "1202"
    return pick(rng, WEIGHTS_HILL if row >= 12 else WEIGHTS_FLAT)


def money(x):
    return Decimal(x).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def attributes(rng, parcel):
    dlbm = parcel["dlbm"]
    rings = parcel["rings"]
    # exact area in cm^2: outer ring clockwise (negative), holes positive
    area_cm2 = -sum(signed_area2(r) for r in rings)
    tbmj = money(Decimal(area_cm2) / Decimal(2) / Decimal(10000))
    code, name = VILLAGES[parcel["village"]]
    a = {
        "YSDM": YSDM,
        "DLBM": dlbm,
        "DLMC": DLMC[dlbm],
        "QSXZ": parcel["qsxz"],
        "QSDWDM": code + "0000000",
        "QSDWMC": name,
        "ZLDWDM": code + "0000000",
        "ZLDWMC": name,
        "TBMJ": tbmj,
        "KCDLBM": "",
        "KCXS": Decimal("0.0000"),
        "KCMJ": Decimal("0.00"),
        "GDLX": "",
        "GDPDJB": "",
        "XZDWKD": None,
        "TBXHDM": "",
        "TBXHMC": "",
        "ZZSXDM": "",
        "ZZSXMC": "",
        "GDDB": None,
        "FRDBS": "0",
        "CZCSXM": "",
        "SJNF": "2019",
        "MSSM": "00",
        "HDMC": "",
        "BZ": "",
    }
    if dlbm in FARMLAND:
        grade = "1"
        hilly = parcel["key"][0] <= -12  # top row index >= 12
        if dlbm == "0103" and hilly:
            grade = rng.choices(["2", "3", "4", "5"], weights=[4, 4, 2, 1])[0]
        elif dlbm == "0103":
            grade = rng.choices(["1", "2"], weights=[4, 1])[0]
        a["GDPDJB"] = grade
        if grade != "1":
            a["GDLX"] = rng.choices(["TT", "PD"], weights=[1, 2])[0]
            a["KCDLBM"] = "1203"
            a["KCXS"] = Decimal(KCXS_BY_GRADE[grade])
            a["KCMJ"] = money(tbmj * a["KCXS"])
        lo, hi = {"0101": (7, 9), "0102": (7, 10), "0103": (9, 12)}[dlbm]
        a["GDDB"] = rng.randint(lo, hi)
        if rng.random() < 0.8:
            a["ZZSXDM"], a["ZZSXMC"] = "LS", "粮食作物"
        else:
            a["ZZSXDM"], a["ZZSXMC"] = "FLS", "非粮食作物"
    if dlbm in ("0702", "1202"):
        a["CZCSXM"] = "203"
    a["TBDLMJ"] = tbmj - a["KCMJ"]
    return a


# --------------------------------------------------------------------------
# Schema as written (differs from TD/T 1057-2020 DLTB on purpose; see README)
# --------------------------------------------------------------------------
FIELDS = [  # name, type, width, decimals
    ("BSM", "N", 10, 0),
    ("YSDM", "C", 10, 0),
    # TBYBH C 18 deliberately left out
    ("TBBH", "C", 8, 0),
    ("DLBM", "C", 5, 0),
    ("DLMC", "C", 50, 0),  # standard: C 60
    ("QSXZ", "C", 2, 0),
    ("QSDWDM", "C", 19, 0),
    ("QSDWMC", "C", 255, 0),
    ("ZLDWDM", "C", 19, 0),
    ("ZLDWMC", "C", 255, 0),
    ("TBMJ", "N", 15, 2),
    ("KCDLBM", "C", 5, 0),
    ("KCXS", "N", 6, 4),
    ("KCMJ", "N", 15, 2),
    ("TBDLMJ", "N", 15, 2),
    ("GDLX", "C", 2, 0),
    ("GDPDJB", "C", 2, 0),
    ("XZDWKD", "N", 5, 1),
    ("TBXHDM", "C", 6, 0),
    ("TBXHMC", "C", 20, 0),
    ("ZZSXDM", "C", 6, 0),
    ("ZZSXMC", "C", 20, 0),
    ("GDDB", "N", 2, 0),
    ("FRDBS", "C", 1, 0),
    ("CZCSXM", "C", 4, 0),
    ("SJNF", "C", 4, 0),  # standard: N 4 0
    ("MSSM", "C", 2, 0),
    ("HDMC", "C", 100, 0),
    ("BZ", "C", 255, 0),
    ("TEMPID", "C", 10, 0),  # not in the standard
]

SCHEMA_DEFECTS = [
    ("TBYBH", "field left out (standard: C 18)", "DLTB.TBYBH.field-missing"),
    ("DLMC", "width 50 (standard: C 60)", "DLTB.DLMC.field-width-mismatch"),
    ("SJNF", "type C width 4, values \"2019\" (standard: N 4 0)",
     "DLTB.SJNF.field-type-mismatch"),
    ("TEMPID", "extra field C 10, values \"T0001\"…, not in the standard",
     "DLTB.field-unexpected"),
]


# --------------------------------------------------------------------------
# Record-level defects
# --------------------------------------------------------------------------
def is_flat_dry(r):
    return r["DLBM"] == "0103" and r["GDPDJB"] == "1"


def is_slope_dry(r):
    return r["DLBM"] == "0103" and r["KCDLBM"] == "1203"


def inject_defects(records):
    """Mutates records; returns the defect table rows."""
    taken = set()

    def find(target, pred):
        for k in list(range(target, len(records))) + list(range(1, target)):
            if k not in taken and pred(records[k]):
                taken.add(k)
                return k
        raise SystemExit("no record fits defect at %d" % target)

    table = []
    notes = {}

    # BSM duplicate: the source (earlier) record stays correct.
    src = find(40, lambda r: True)

    k = find(23, lambda r: r["DLBM"] == "0101")
    records[k]["DLBM"] = "0199"
    table.append((k, "DLBM", "0199", "DLTB.DLBM.code-unknown"))
    notes[k] = "DLMC stays 水田 (the 0101 name); no name belongs to 0199."

    k = find(57, is_flat_dry)
    records[k]["DLMC"] = "水田"
    table.append((k, "DLMC", "水田 (DLBM is 0103 旱地)",
                  "DLTB.DLMC.name-code-mismatch"))

    k = find(131, lambda r: True)
    notes[k] = "Repeats the BSM of record %d; the BSM %d is unused." % (
        src + 1, records[k]["BSM"])
    records[k]["BSM"] = records[src]["BSM"]
    table.append((k, "BSM", str(records[src]["BSM"]),
                  "DLTB.BSM.value-duplicated"))

    k = find(96, lambda r: True)
    records[k]["ZLDWDM"] = records[k]["ZLDWDM"][:18]
    table.append((k, "ZLDWDM", records[k]["ZLDWDM"] + " (18 digits)",
                  "DLTB.ZLDWDM.pattern-mismatch"))

    k = find(170, lambda r: r["KCDLBM"] == "" and r["DLBM"] != "1104")
    notes[k] = "TBDLMJ keeps the real area %s, so TBDLMJ != TBMJ - KCMJ." % (
        records[k]["TBDLMJ"])
    records[k]["TBMJ"] = Decimal("0.00")
    table.append((k, "TBMJ", "0.00", "DLTB.TBMJ.out-of-range"))

    k = find(205, is_slope_dry)
    notes[k] = "KCMJ keeps %s (computed with the real KCXS %s)." % (
        records[k]["KCMJ"], records[k]["KCXS"])
    records[k]["KCXS"] = Decimal("1.2000")
    table.append((k, "KCXS", "1.2000", "DLTB.KCXS.out-of-range"))

    k = find(240, lambda r: True)
    records[k]["QSXZ"] = ""
    table.append((k, "QSXZ", "(blank)", "DLTB.QSXZ.value-missing"))

    k = find(277, is_slope_dry)
    records[k]["GDPDJB"] = "6"
    table.append((k, "GDPDJB", "6 (DLBM 0103)", "DLTB.GDPDJB.code-unknown"))

    assert src not in [t[0] for t in table]
    assert 0 not in [t[0] for t in table]
    table.sort()
    return table, notes


# --------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------
def num(v):
    return None if v is None else float(v)


def write_shapefile(parcels, records, out_dir=None, fields=None):
    out_dir = out_dir or OUT_DIR
    fields = fields or FIELDS
    base = os.path.join(out_dir, BASENAME)
    w = shapefile.Writer(base, shapeType=shapefile.POLYGON, encoding="gbk")
    for name, ftype, width, dec in fields:
        w.field(name, ftype, width, dec)
    for p, r in zip(parcels, records):
        w.poly([[(x / 100, y / 100) for (x, y) in ring + ring[:1]]
                for ring in p["rings"]])
        w.record(*[
            num(r.get(name)) if ftype == "N" else r.get(name, "")
            for name, ftype, _, _ in fields
        ])
    w.close()
    # pyshp stamps today's date into the DBF header; pin it for reproducibility.
    with open(base + ".dbf", "r+b") as f:
        f.seek(1)
        y, m, d = DBF_DATE
        f.write(bytes([y - 1900, m, d]))
    with open(base + ".prj", "w", encoding="ascii", newline="") as f:
        f.write(PRJ_WKT)
    with open(base + ".cpg", "w", encoding="ascii", newline="") as f:
        f.write("GBK")


def write_readme(parcels, records, table, notes, counts):
    n = len(records)
    xs = [x for p in parcels for ring in p["rings"] for x, _ in ring]
    ys = [y for p in parcels for ring in p["rings"] for _, y in ring]
    total = Decimal(-sum(signed_area2(r) for p in parcels
                         for r in p["rings"])) / 2 / 10000  # m^2
    L = []
    out = L.append
    out("# sample-county: synthetic 三调 地类图斑 (DLTB) submission")
    out("")
    out("**Generated file — do not edit by hand.** Produced by "
        "`scripts/make-sample-county.py` (run `python3 "
        "scripts/make-sample-county.py` from the repository root, needs "
        "pyshp 3.x). The output is deterministic and committed, so CI needs "
        "no Python.")
    out("")
    out("This is **synthetic data, not real survey data**: geometry, codes "
        "and names are made up (county code 130123 is not a real county "
        "here). It imitates a TD/T 1057-2020 地类图斑 layer for one small "
        "area so StdCheck has a realistic input with known defects.")
    out("")
    out("## Contents")
    out("")
    out("| File | What |")
    out("|---|---|")
    out("| `DLTB.shp`, `DLTB.shx` | %d polygons (shape type 5, Polygon) |" % n)
    out("| `DLTB.dbf` | %d records, text encoded GBK |" % n)
    out("| `DLTB.prj` | ESRI WKT1 of EPSG:4527 |")
    out("| `DLTB.cpg` | `GBK` (no newline) |")
    out("")
    out("## Geometry")
    out("")
    out("- CRS: CGCS2000 / 3-degree Gauss-Kruger zone 39, **EPSG:4527** "
        "(central meridian 117°E, false easting 39 500 000 m; x carries the "
        "zone number).")
    out("- Extent: x %.2f – %.2f, y %.2f – %.2f (about %.0f m × %.0f m); "
        "the polygons cover %.2f m² (%.1f ha) in all." % (
            min(xs) / 100, max(xs) / 100, min(ys) / 100, max(ys) / 100,
            (max(xs) - min(xs)) / 100, (max(ys) - min(ys)) / 100,
            total, total / 10000))
    out("- A shared-edge tessellation of a %d × %d grid with jittered "
        "interior vertices: no gaps, no overlaps, every vertex shared "
        "exactly by its neighbours; coordinates are whole centimetres." % (
            NX, NY))
    out("- A 7 m road (1006 农村道路) runs east–west and a 5 m ditch "
        "(1107 沟渠) runs north–south; each is cut into strip parcels. "
        "Four parcels are L-shaped (3 cells), two are 2-cell rectangles.")
    host = next(i for i, p in enumerate(parcels) if len(p["rings"]) == 2)
    out("- Record %d (BSM %d) has a hole; record %d (BSM %d, 1104 坑塘水面) "
        "is the island that fills it exactly." % (
            host + 1, records[host]["BSM"], host + 2, records[host + 1]["BSM"]))
    out("- Outer rings clockwise, holes counter-clockwise (shapefile "
        "convention). All polygons are valid.")
    out("- Villages: 东王村 (north-east), 西李庄村 (north-west, incl. the "
        "ditch north of the road), 南马村 (south of the road).")
    out("")
    out("## Records")
    out("")
    out("Records are ordered by village (东王村, 西李庄村, 南马村), then "
        "north to south, west to east. BSM runs from %d upwards and TBBH "
        "from \"1\" upwards in record order." % BSM_START)
    out("")
    out("| Village | ZLDWDM | Records |")
    out("|---|---|---|")
    for v in VILLAGE_ORDER:
        code, name = VILLAGES[v]
        idx = [i for i, p in enumerate(parcels) if p["village"] == v]
        out("| %s | %s | %d–%d |" % (name, code + "0000000", idx[0] + 1,
                                      idx[-1] + 1))
    out("")
    out("| DLBM | DLMC | Records |")
    out("|---|---|---|")
    for code in sorted(counts):
        out("| %s | %s | %d |" % (code, DLMC[code], counts[code]))
    out("")
    out("(Counts are by the generated land class, before defects.)")
    out("")
    out("## DBF fields (as written)")
    out("")
    out("TD/T 1057-2020 地类图斑 (DLTB) order. The file differs from the "
        "standard in exactly the four ways marked **bold**.")
    out("")
    out("| # | Name | Type | Width | Dec | Content |")
    out("|---|---|---|---|---|---|")
    content = {
        "BSM": "sequential unique integers",
        "YSDM": "`2001010100`",
        "TBBH": "`1`, `2`, … in record order",
        "DLBM": "land class code (table above)",
        "DLMC": "land class name matching DLBM",
        "QSXZ": "`30` 集体土地所有权; `10` 国有土地所有权 for the road and "
                "ditch strips",
        "QSDWDM": "village code + `0000000` (19 digits)",
        "QSDWMC": "village name",
        "ZLDWDM": "same as QSDWDM",
        "ZLDWMC": "same as QSDWMC",
        "TBMJ": "planar polygon area, m², 2 decimals",
        "KCDLBM": "`1203` for sloping 0103 旱地, else blank",
        "KCXS": "田坎系数 0.0350/0.0800/0.1250/0.1600 for slope grade 2/3/4/5 "
                "(sloping 0103 only), else 0",
        "KCMJ": "round(TBMJ × KCXS, 2)",
        "TBDLMJ": "TBMJ − KCMJ",
        "GDLX": "`TT`/`PD` for sloping 0103, else blank",
        "GDPDJB": "`1`–`5` for 0101/0102/0103, else blank",
        "XZDWKD": "NULL",
        "TBXHDM": "blank",
        "TBXHMC": "blank",
        "ZZSXDM": "`LS`/`FLS` for 0101/0102/0103, else blank",
        "ZZSXMC": "`粮食作物`/`非粮食作物` matching ZZSXDM",
        "GDDB": "耕地等别 7–12 for 0101/0102/0103, else NULL",
        "FRDBS": "`0`",
        "CZCSXM": "`203` for 0702 and 1202, else blank",
        "SJNF": "`2019`",
        "MSSM": "`00`",
        "HDMC": "blank",
        "BZ": "blank",
        "TEMPID": "`T0001`, `T0002`, …",
    }
    bold = {"DLMC", "SJNF", "TEMPID"}
    for i, (name, ftype, width, dec) in enumerate(FIELDS, 1):
        nm = "**%s**" % name if name in bold else name
        extra = ""
        if name == "DLMC":
            extra = " — **standard width is 60**"
        elif name == "SJNF":
            extra = " — **standard type is N 4 0**"
        elif name == "TEMPID":
            extra = " — **not in the standard**"
        out("| %d | %s | %s | %d | %d | %s%s |" % (
            i, nm, ftype, width, dec, content[name], extra))
        if name == "YSDM":
            out("| – | **TBYBH** | – | – | – | **missing** (standard: C 18, "
                "between YSDM and TBBH) |")
    out("")
    out("Blank character fields are all spaces. NULL numeric fields are "
        "written the way pyshp writes `None`: the field filled with `*` "
        "(shapelib's `DBFIsAttributeNULL` and GDAL both read that as NULL).")
    out("")
    out("## Deliberate defects")
    out("")
    out("Every other value is valid. Schema-level (whole file):")
    out("")
    out("| Field | Defect | Rule id |")
    out("|---|---|---|")
    for name, what, rule in SCHEMA_DEFECTS:
        out("| %s | %s | `%s` |" % (name, what, rule))
    out("")
    out("`DLTB.field-unexpected` is expected with severity info.")
    out("")
    out("Record-level, one defect per record (record = 1-based file order):")
    out("")
    out("| Record | BSM | Field | Bad value | Rule id | Note |")
    out("|---|---|---|---|---|---|")
    for k, field, bad, rule in table:
        out("| %d | %d | %s | %s | `%s` | %s |" % (
            k + 1, records[k]["BSM"], field, bad, rule, notes.get(k, "")))
    out("")
    out("Possible knock-on findings a checker may also report (none is a "
        "separate defect): the 0199 record's DLMC cannot match an unknown "
        "code; the TBMJ = 0 record no longer satisfies TBDLMJ = TBMJ − KCMJ "
        "or the geometry area; the KCXS = 1.2 record no longer satisfies "
        "KCMJ = TBMJ × KCXS; the 18-digit ZLDWDM no longer equals QSDWDM.")
    out("")
    with open(os.path.join(OUT_DIR, "README.md"), "w", encoding="utf-8",
              newline="\n") as f:
        f.write("\n".join(L))


def main():
    rng = random.Random(SEED)
    nodes = build_nodes(rng)
    parcels = build_parcels(rng, nodes)
    for p in parcels:
        if p["dlbm"] is None:
            p["dlbm"] = draw_dlbm(rng, p)
    parcels.sort(key=lambda p: (VILLAGE_ORDER.index(p["village"]), p["key"]))

    counts = {}
    for p in parcels:
        counts[p["dlbm"]] = counts.get(p["dlbm"], 0) + 1
    missing = set(DLMC) - set(counts)
    if missing:
        raise SystemExit("land classes never drawn: %s" % sorted(missing))

    records = []
    for i, p in enumerate(parcels):
        r = attributes(rng, p)
        r["BSM"] = BSM_START + i
        r["TBBH"] = str(i + 1)
        r["TEMPID"] = "T%04d" % (i + 1)
        records.append(r)

    if "--clean" in sys.argv[1:]:
        return write_clean(parcels, records)

    table, notes = inject_defects(records)

    os.makedirs(OUT_DIR, exist_ok=True)
    write_shapefile(parcels, records)
    write_readme(parcels, records, table, notes, counts)

    print("wrote %d records to %s" % (len(records), OUT_DIR))
    for k, field, bad, rule in table:
        print("  record %3d  BSM %d  %-7s %-28s %s" % (
            k + 1, records[k]["BSM"], field, bad, rule))
    return 0


# The clean variant: the same parcels with the standard's exact field table and no defect.
CLEAN_DIR = os.path.join(ROOT, "fixtures", "clean-county")
STANDARD_FIELDS = [
    ("TBYBH", "C", 18, 0) if name == "TEMPID" else
    ("DLMC", "C", 60, 0) if name == "DLMC" else
    ("SJNF", "N", 4, 0) if name == "SJNF" else (name, t, w, d)
    for name, t, w, d in FIELDS
]
# TBYBH belongs after YSDM, as in TD/T 1057-2020; TEMPID's slot above only held its place.
STANDARD_FIELDS.insert(2, STANDARD_FIELDS.pop())


def write_clean(parcels, records):
    os.makedirs(CLEAN_DIR, exist_ok=True)
    write_shapefile(parcels, records, out_dir=CLEAN_DIR, fields=STANDARD_FIELDS)
    with open(os.path.join(CLEAN_DIR, "README.md"), "w", encoding="utf-8", newline="\n") as f:
        f.write(
            "# clean-county: the sample county with no defect\n\n"
            "Generated by `python3 scripts/make-sample-county.py --clean` (do not edit by hand): the same\n"
            "%d synthetic parcels as `fixtures/sample-county`, with exactly the TD/T 1057-2020 DLTB field\n"
            "table (30 fields, standard types and widths) and none of the deliberate defects. StdCheck must\n"
            "find it conformant to gtdc@2020 (exit status 0).\n" % len(records))
    print("wrote %d records to %s" % (len(records), CLEAN_DIR))
    return 0


if __name__ == "__main__":
    sys.exit(main())
