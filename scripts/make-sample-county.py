#!/usr/bin/env python3
"""Generate the synthetic 三调 county database at fixtures/sample-county/
and, with --clean, its defect-free twin at fixtures/clean-county/.

What it makes
    A small, synthetic (NOT real) TD/T 1057-2020 database of one town, as
    three ESRI shapefile sets (.shp/.shx/.dbf/.prj/.cpg, GBK text) plus a
    README.md describing them:
      XZQ    行政区, one polygon: the town (the union of all parcels);
      CJDCQ  村级调查区, one polygon per village (the union of its parcels);
      DLTB   地类图斑, the parcels: a gap-free, overlap-free tessellation of a
             ~1.5 km x 1.4 km area in CGCS2000 3-degree Gauss-Krueger zone 39
             (EPSG:4527), split among three villages of one town of a made-up
             county (130123).
    Attributes follow TD/T 1057-2020 except, in the sample, for a handful of
    deliberate defects (schema, single-record, cross-field and cross-layer),
    each listed (layer, record number, BSM, field, bad value, rule id) in the
    generated README.md together with every side effect, that StdCheck's
    rules must catch.  The clean county has the same geometry, the standard's
    exact field tables and no defect.

How to run
    python3 scripts/make-sample-county.py          (from the repository root)
    python3 scripts/make-sample-county.py --clean

    Needs Python 3 and pyshp 3.x (``pip install pyshp``); nothing else.  The
    output is deterministic (fixed seed, integer-centimetre geometry, exact
    unions by shared-edge cancellation, fixed DBF header date): running it
    twice gives byte-identical files.

The output under fixtures/ is committed, so CI needs no Python.  Change this
script rather than editing the generated files by hand, then re-run it (both
ways) and commit everything.
"""

import os
import random
import sys
from decimal import ROUND_HALF_UP, Decimal

import shapefile  # pyshp

SEED = 20191231
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT_DIR = os.path.join(ROOT, "fixtures", "sample-county")
CLEAN_DIR = os.path.join(ROOT, "fixtures", "clean-county")

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
TOWN_CODE = COUNTY + TOWN  # 9 digits: XZQDM, the township code
TOWN_NAME = "城关镇"
# used by two deliberate defects (sample only)
UNKNOWN_VILLAGE = (COUNTY + TOWN + "009", "北赵村")  # no such CJDCQ
WRONG_NAME = "东王庄村"  # given to a parcel of 东王村

# BSM is Char 18: 6-digit county code + 4-character layer code + 8-digit
# sequence, which makes it unique across the database. The layer codes 1101
# (XZQ), 1102 (CJDCQ) and 2101 (DLTB) are made up: the real 三调 layer-code table
# was not found (research/standards/gtdc-2020.md §3).
LAYER_CODES = {"XZQ": "1101", "CJDCQ": "1102", "DLTB": "2101"}
XZQ_BSM_START = int(COUNTY + LAYER_CODES["XZQ"] + "00000001")
CJDCQ_BSM_START = int(COUNTY + LAYER_CODES["CJDCQ"] + "00000001")
BSM_START = int(COUNTY + LAYER_CODES["DLTB"] + "00000001")  # DLTB
YSDM = "2001010100"  # 地类图斑
YSDM_XZQ = "1000600100"  # 行政区
# The 要素代码 of 村级调查区 was not found; 1000600200 is the one a 三调 tool
# writes into the village boundary lines (CJDCQJX). gtdc@2020 does not check it.
YSDM_CJDCQ = "1000600200"
# 线状地物宽度 (m) of the linear classes: the road and ditch strips
XZDWKD_BY_CLASS = {"1006": Decimal("7.0"), "1107": Decimal("5.0")}

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
        "XZDWKD": XZDWKD_BY_CLASS.get(dlbm),
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
            a["ZZSXDM"], a["ZZSXMC"] = "LS", "种植粮食作物"
        else:
            a["ZZSXDM"], a["ZZSXMC"] = "FLS", "种植非粮作物"
    if dlbm in ("0702", "1202"):
        a["CZCSXM"] = "203"
    a["TBDLMJ"] = tbmj - a["KCMJ"]
    return a


# --------------------------------------------------------------------------
# Schema as written (differs from TD/T 1057-2020 DLTB on purpose; see README)
# --------------------------------------------------------------------------
FIELDS = [  # name, type, width, decimals
    ("BSM", "C", 18, 0),
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

# The clean variant: the same parcels with the standard's exact field table.
STANDARD_FIELDS = [
    ("TBYBH", "C", 18, 0) if name == "TEMPID" else
    ("DLMC", "C", 60, 0) if name == "DLMC" else
    ("SJNF", "N", 4, 0) if name == "SJNF" else (name, t, w, d)
    for name, t, w, d in FIELDS
]
# TBYBH belongs after YSDM, as in TD/T 1057-2020; TEMPID's slot above only held its place.
STANDARD_FIELDS.insert(2, STANDARD_FIELDS.pop())

# 行政区 (XZQ) and 村级调查区 (CJDCQ): written with the standard's field tables
# in both outputs (their defects are values, not schema).
XZQ_FIELDS = [
    ("BSM", "C", 18, 0),
    ("YSDM", "C", 10, 0),
    ("XZQDM", "C", 9, 0),
    ("XZQMC", "C", 100, 0),
    ("DCMJ", "N", 15, 2),
    ("JSMJ", "N", 15, 2),
    ("MSSM", "C", 2, 0),
    ("HDMC", "C", 100, 0),
    ("BZ", "C", 255, 0),
]
CJDCQ_FIELDS = [
    ("BSM", "C", 18, 0),
    ("YSDM", "C", 10, 0),
    ("ZLDWDM", "C", 19, 0),
    ("ZLDWMC", "C", 255, 0),
    ("DCMJ", "N", 15, 2),
    ("JSMJ", "N", 15, 2),
    ("MSSM", "C", 2, 0),
    ("HDMC", "C", 100, 0),
    ("BZ", "C", 255, 0),
]


# --------------------------------------------------------------------------
# XZQ and CJDCQ: exact unions of the DLTB parcels
# --------------------------------------------------------------------------
def union_rings(polygons):
    """Exact union of polygons from the shared-edge tessellation.

    polygons: iterable of ring lists (integer cm, outer rings clockwise, holes
    counter-clockwise).  Neighbouring parcels share every vertex, so an edge
    inside the union is walked once in each direction; those pairs cancel and
    the edges left over are the union's boundary, still oriented with the
    interior on the right (outer rings clockwise, holes counter-clockwise).
    Returns the rings (not closed), outer rings first, then holes.
    """
    edges = set()
    for rings in polygons:
        for ring in rings:
            n = len(ring)
            for k in range(n):
                a, b = ring[k], ring[(k + 1) % n]
                if (b, a) in edges:
                    edges.remove((b, a))
                else:
                    assert (a, b) not in edges, "overlapping parcels"
                    edges.add((a, b))
    nxt = {}
    for a, b in sorted(edges):
        assert a not in nxt, "pinched union"
        nxt[a] = b
    rings = []
    while nxt:
        start = min(nxt)
        ring = [start]
        b = nxt.pop(start)
        while b != start:
            ring.append(b)
            b = nxt.pop(b)
        rings.append(ring)
    outer = [r for r in rings if signed_area2(r) < 0]
    holes = [r for r in rings if signed_area2(r) > 0]
    assert len(outer) + len(holes) == len(rings)
    return outer + holes


def planar_area(rings):
    """Planar area in m², 2 decimals, of rings in cm (clockwise outer)."""
    return money(Decimal(-sum(signed_area2(r) for r in rings)) / 2 / 10000)


def tbmj_sum(records, code_prefix):
    """Sum of TBMJ (as written) of the DLTB records whose ZLDWDM starts with
    code_prefix."""
    total = Decimal("0.00")
    for r in records:
        if r["ZLDWDM"].startswith(code_prefix):
            total += r["TBMJ"]
    return total


def build_xzq(parcels, records):
    rings = union_rings(p["rings"] for p in parcels)
    assert len(rings) == 1, "the town must be one polygon without holes"
    return [{
        "rings": rings,
        "rec": {
            "BSM": XZQ_BSM_START,
            "YSDM": YSDM_XZQ,
            "XZQDM": TOWN_CODE,
            "XZQMC": TOWN_NAME,
            "DCMJ": tbmj_sum(records, TOWN_CODE),
            "JSMJ": planar_area(rings),
            "MSSM": "00",
            "HDMC": "",
            "BZ": "",
        },
    }]


def build_cjdcq(parcels, records):
    features = []
    for n, v in enumerate(VILLAGE_ORDER):
        code, name = VILLAGES[v]
        rings = union_rings(p["rings"] for p in parcels if p["village"] == v)
        assert len(rings) == 1, "a village must be one polygon without holes"
        features.append({
            "rings": rings,
            "village": v,
            "rec": {
                "BSM": CJDCQ_BSM_START + n,
                "YSDM": YSDM_CJDCQ,
                "ZLDWDM": code + "0000000",
                "ZLDWMC": name,
                "DCMJ": tbmj_sum(records, code + "0000000"),
                "JSMJ": planar_area(rings),
                "MSSM": "00",
                "HDMC": "",
                "BZ": "",
            },
        })
    return features


# --------------------------------------------------------------------------
# Record-level defects
# --------------------------------------------------------------------------
def is_flat_dry(r):
    return r["DLBM"] == "0103" and r["GDPDJB"] == "1"


def is_slope_dry(r):
    return r["DLBM"] == "0103" and r["KCDLBM"] == "1203"


def inject_defects(records):
    """Mutates the DLTB records.

    Returns (table, notes, cross, ref): table rows (k, field, bad, rule) of
    the one-record DLTB defects, notes by record index, cross rows (layer, k,
    field, bad, rule, note) of the DLTB defects found against CJDCQ, and ref,
    the indices the README and the CJDCQ defects refer to.
    """
    taken = set()

    def find(target, pred):
        for k in list(range(target, len(records))) + list(range(1, target)):
            if k not in taken and pred(records[k]):
                taken.add(k)
                return k
        raise SystemExit("no record fits defect at %d" % target)

    table = []
    notes = {}
    cross = []
    ref = {}

    # BSM duplicate: the source (earlier) record stays correct.
    src = find(40, lambda r: True)
    ref["bsmdup_src"] = src

    k = find(23, lambda r: r["DLBM"] == "0101")
    records[k]["DLBM"] = "0199"
    table.append((k, "DLBM", "0199", "DLTB.DLBM.code-unknown"))
    notes[k] = "DLMC stays 水田 (the 0101 name); no name belongs to 0199."
    ref["dlbm0199"] = k

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
    ref["bsmdup"] = k

    k = find(96, lambda r: True)
    records[k]["ZLDWDM"] = records[k]["ZLDWDM"][:18]
    table.append((k, "ZLDWDM", records[k]["ZLDWDM"] + " (18 digits)",
                  "DLTB.ZLDWDM.pattern-mismatch"))
    ref["zldwdm18"] = k

    k = find(170, lambda r: r["KCDLBM"] == "" and r["DLBM"] != "1104")
    notes[k] = "TBDLMJ keeps the real area %s, so TBDLMJ != TBMJ - KCMJ." % (
        records[k]["TBDLMJ"])
    records[k]["TBMJ"] = Decimal("0.00")
    table.append((k, "TBMJ", "0.00", "DLTB.TBMJ.out-of-range"))
    ref["tbmj0"] = k

    k = find(205, is_slope_dry)
    notes[k] = "KCMJ keeps %s (computed with the real KCXS %s)." % (
        records[k]["KCMJ"], records[k]["KCXS"])
    records[k]["KCXS"] = Decimal("1.2000")
    table.append((k, "KCXS", "1.2000", "DLTB.KCXS.out-of-range"))
    ref["kcxs12"] = k

    k = find(240, lambda r: True)
    records[k]["QSXZ"] = ""
    table.append((k, "QSXZ", "(blank)", "DLTB.QSXZ.value-missing"))

    k = find(277, is_slope_dry)
    records[k]["GDPDJB"] = "6"
    table.append((k, "GDPDJB", "6 (DLBM 0103)", "DLTB.GDPDJB.code-unknown"))
    ref["gdpdjb6"] = k

    # --- cross-field defects (one record each) ---
    k = find(10, lambda r: r["DLBM"] == "0101")
    records[k]["GDPDJB"] = ""
    table.append((k, "GDPDJB", "(blank) (DLBM 0101 水田)",
                  "DLTB.GDPDJB-required-for-cropland"))

    k = find(80, lambda r: r["DLBM"] == "0702")
    records[k]["CZCSXM"] = ""
    table.append((k, "CZCSXM", "(blank) (DLBM 0702 农村宅基地)",
                  "DLTB.CZCSXM-required-for-built-up"))

    k = find(120, lambda r: r["DLBM"] == "0103")
    r = records[k]
    right = r["TBMJ"] - r["KCMJ"]
    r["TBDLMJ"] = right - Decimal("5.00")
    table.append((k, "TBDLMJ", "%s (TBMJ %s − KCMJ %s = %s)" % (
        r["TBDLMJ"], r["TBMJ"], r["KCMJ"], right),
        "DLTB.TBDLMJ-not-TBMJ-minus-KCMJ"))
    notes[k] = "Off by −5.00."

    k = find(190, is_slope_dry)
    r = records[k]
    notes[k] = ("KCMJ keeps %s (computed with the real KCXS %s); "
                "round(TBMJ × 0.0500, 2) = %s. TBDLMJ = TBMJ − KCMJ still "
                "holds." % (r["KCMJ"], r["KCXS"],
                            money(r["TBMJ"] * Decimal("0.0500"))))
    r["KCXS"] = Decimal("0.0500")
    table.append((k, "KCXS", "0.0500 (KCMJ %s)" % r["KCMJ"],
                  "DLTB.KCMJ-not-TBMJ-times-KCXS"))

    # --- DLTB against CJDCQ ---
    e_code, e_name = VILLAGES["E"]
    k = find(30, lambda r: r["ZLDWDM"][:12] == e_code)
    r = records[k]
    r["ZLDWDM"] = UNKNOWN_VILLAGE[0] + "0000000"
    r["ZLDWMC"] = UNKNOWN_VILLAGE[1]
    cross.append((
        "DLTB", k, "ZLDWDM", "%s (ZLDWMC %s)" % (r["ZLDWDM"], r["ZLDWMC"]),
        "DLTB.ZLDWDM-village-unknown",
        "Well-formed 19 digits; no CJDCQ has this code and no village is "
        "named %s. The parcel lies in %s (QSDWDM/QSDWMC still say so) and "
        "counts toward no village's DCMJ." % (r["ZLDWMC"], e_name)))
    ref["unknown"] = k

    s_code, s_name = VILLAGES["S"]
    k = find(60, lambda r: r["ZLDWDM"][:12] == e_code
             and r["QSDWDM"] == r["ZLDWDM"] and r["DLBM"] != "1104")
    r = records[k]
    r["ZLDWDM"] = s_code + "0000000"
    r["ZLDWMC"] = s_name
    cross.append((
        "DLTB", k, "ZLDWDM", "%s (ZLDWMC %s)" % (r["ZLDWDM"], r["ZLDWMC"]),
        "DLTB.outside-its-village",
        "The code and name of %s (south of the road), well-formed and known to "
        "CJDCQ, but the parcel lies inside %s (QSDWDM/QSDWMC still say so); "
        "its TBMJ counts toward %s's DCMJ." % (s_name, e_name, s_name)))
    ref["outside"] = k

    k = find(50, lambda r: r["ZLDWDM"][:12] == e_code)
    records[k]["ZLDWMC"] = WRONG_NAME
    cross.append((
        "DLTB", k, "ZLDWMC", "%s (ZLDWDM %s is %s in CJDCQ)" % (
            WRONG_NAME, records[k]["ZLDWDM"], e_name),
        "DLTB.ZLDWMC-not-village-name", ""))
    ref["wrongname"] = k

    # the DLTB record whose BSM a CJDCQ feature repeats (kept correct)
    ref["bsmsrc"] = find(149, lambda r: True)

    assert src not in [t[0] for t in table] + [c[1] for c in cross]
    assert 0 not in [t[0] for t in table] + [c[1] for c in cross]
    table.sort()
    cross.sort()
    return table, notes, cross, ref


NEIGHBOUR_FIELDS = ["DLBM", "QSXZ", "QSDWDM", "ZLDWDM", "GDLX", "GDPDJB",
                    "ZZSXDM", "TBXHDM", "CZCSXM", "GDDB", "FRDBS", "MSSM"]


def ring_edges(parcels):
    """Directed edge (a, b) of every ring -> parcel index."""
    edges = {}
    for i, p in enumerate(parcels):
        for ring in p["rings"]:
            for a, b in zip(ring, ring[1:] + ring[:1]):
                edges[(a, b)] = i
    return edges


def bump(parcels, records, start, taken, outward):
    """Pushes the middle of an edge shared by two parcels of one village 1 cm
    into the neighbour (outward) or into the parcel itself (inward).

    Returns (parcel index, neighbour index, triangle area in m², the triangle
    in cm). The village and town polygons are built before this, so only the
    two parcels change.
    """
    edges = ring_edges(parcels)
    order = list(range(start, len(parcels))) + list(range(0, start))
    for i in order:
        p = parcels[i]
        if i in taken or len(p["rings"]) != 1:
            continue
        ring = p["rings"][0]
        for n, (a, b) in enumerate(zip(ring, ring[1:] + ring[:1])):
            j = edges.get((b, a))
            if j is None or j in taken or parcels[j]["village"] != p["village"]:
                continue
            dx, dy = b[0] - a[0], b[1] - a[1]
            length = (dx * dx + dy * dy) ** 0.5
            if not 5000 <= length <= 8500:  # 50-85 m: the triangle stays under 0.43 m²
                continue
            # clockwise ring: the parcel is on the right of a->b, the neighbour on the left
            nx, ny = round(-dy / length), round(dx / length)
            if not outward:
                nx, ny = -nx, -ny
            m = ((a[0] + b[0]) // 2 + nx, (a[1] + b[1]) // 2 + ny)
            ring.insert(n + 1, m)
            area = abs((b[0] - a[0]) * (m[1] - a[1]) - (m[0] - a[0]) * (b[1] - a[1])) / 2 / 10000
            taken.update([i, j])
            return i, j, area, [a, m, b]
    raise SystemExit("no edge to bump from %d" % start)


def inject_geometry_defects(parcels, records, ref):
    """An overlap and a gap of about 0.4 m² between neighbours of one village.

    TBMJ keeps the area before the bump: the difference stays under the
    0.5 m² tolerance of DLTB.TBMJ-not-ellipsoidal-area.
    """
    taken = set(ref.values()) | {ref.get("bsmdup_src", -1)}
    rows = []
    i, j, area, tri = bump(parcels, records, 40, taken, outward=True)
    ref_overlap = (min(i, j), max(i, j))
    k, other = min(i, j), max(i, j)
    rows.append((
        "DLTB", k, "", "overlap of %.3f m² with record %d" % (area, other + 1),
        "DLTB.parcels-overlap",
        "The middle of the edge record %d shares with record %d is pushed 1 cm "
        "into record %d at (%.2f %.2f); the finding is on the earlier record and "
        "carries the overlap triangle." % (
            i + 1, j + 1, j + 1, tri[1][0] / 100, tri[1][1] / 100)))
    ref["overlap"] = ref_overlap
    i, j, area, tri = bump(parcels, records, 230, taken, outward=False)
    xs = [x for x, _ in tri]
    ys = [y for _, y in tri]
    first = None
    for n, p in enumerate(parcels):
        px = [x for ring in p["rings"] for x, _ in ring]
        py = [y for ring in p["rings"] for _, y in ring]
        if min(px) <= max(xs) and min(xs) <= max(px) and min(py) <= max(ys) and min(ys) <= max(py):
            first = n
            break
    rows.append((
        "DLTB", first, "", "gap of %.3f m² between records %d and %d" % (
            area, i + 1, j + 1),
        "DLTB.gap-between-parcels",
        "The middle of the edge record %d shares with record %d is pulled 1 cm "
        "into record %d at (%.2f %.2f), leaving a triangle no parcel covers; the "
        "finding is on the first record whose bounding box meets the gap." % (
            i + 1, j + 1, i + 1, tri[1][0] / 100, tri[1][1] / 100)))
    ref["gap"] = (i, j)
    return rows


def neighbour_pairs(parcels, records, skip=()):
    """Pairs of parcels sharing an edge whose NEIGHBOUR_FIELDS all agree."""
    edges = ring_edges(parcels)
    pairs = set()
    for (a, b), i in edges.items():
        j = edges.get((b, a))
        if j is None or i == j or (min(i, j), max(i, j)) in skip:
            continue
        def values(r):
            return tuple((str(r.get(f)) if r.get(f) not in (None, "") else None)
                         for f in NEIGHBOUR_FIELDS)
        if values(records[i]) == values(records[j]):
            pairs.add((min(i, j), max(i, j)))
    return sorted(pairs)


def inject_layer_defects(records, cjdcq, ref):
    """CJDCQ defects; returns (layer rows, cross rows) like inject_defects."""
    rows = []
    cross = []

    f = cjdcq[1]  # 西李庄村
    right = f["rec"]["DCMJ"]
    f["rec"]["DCMJ"] = right + Decimal("100.00")
    rows.append((
        "CJDCQ", 1, "DCMJ", "%s (sum of its DLTB TBMJ: %s)" % (
            f["rec"]["DCMJ"], right),
        "CJDCQ.DCMJ-not-sum-of-DLTB", "Off by +100.00."))

    f = cjdcq[2]  # 南马村
    k = ref["bsmsrc"]
    cross.append((
        "CJDCQ", 2, "BSM", "%d (= DLTB record %d)" % (records[k]["BSM"], k + 1),
        "BSM-duplicated-across-layers",
        "The BSM %d is unused; DLTB record %d is correct and carries no "
        "defect of its own." % (f["rec"]["BSM"], k + 1)))
    f["rec"]["BSM"] = records[k]["BSM"]
    return rows, cross


# --------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------
def num(v):
    return None if v is None else float(v)


def write_layer(out_dir, basename, shapes, rows, fields, eof_marker=False):
    """One polygon shapefile set: .shp/.shx/.dbf (GBK), .prj, .cpg. With eof_marker the
    .dbf ends with 0x1A, as dBASE writes it (pyshp leaves it out)."""
    base = os.path.join(out_dir, basename)
    w = shapefile.Writer(base, shapeType=shapefile.POLYGON, encoding="gbk")
    for name, ftype, width, dec in fields:
        w.field(name, ftype, width, dec)
    for rings, r in zip(shapes, rows):
        w.poly([[(x / 100, y / 100) for (x, y) in ring + ring[:1]]
                for ring in rings])
        w.record(*[
            num(r.get(name)) if ftype == "N" else str(r.get(name, ""))
            for name, ftype, _, _ in fields
        ])
    w.close()
    # pyshp stamps today's date into the DBF header; pin it for reproducibility.
    with open(base + ".dbf", "r+b") as f:
        f.seek(1)
        y, m, d = DBF_DATE
        f.write(bytes([y - 1900, m, d]))
        if eof_marker:
            f.seek(0, os.SEEK_END)
            f.write(b"\x1a")
    with open(base + ".prj", "w", encoding="ascii", newline="") as f:
        f.write(PRJ_WKT)
    with open(base + ".cpg", "w", encoding="ascii", newline="") as f:
        f.write("GBK")


def write_database(out_dir, parcels, records, dltb_fields, xzq, cjdcq,
                   eof_marker=False):
    os.makedirs(out_dir, exist_ok=True)
    write_layer(out_dir, "XZQ", [f["rings"] for f in xzq],
                [f["rec"] for f in xzq], XZQ_FIELDS, eof_marker)
    write_layer(out_dir, "CJDCQ", [f["rings"] for f in cjdcq],
                [f["rec"] for f in cjdcq], CJDCQ_FIELDS, eof_marker)
    write_layer(out_dir, "DLTB", [p["rings"] for p in parcels], records,
                dltb_fields, eof_marker)


# --------------------------------------------------------------------------
# README
# --------------------------------------------------------------------------
DLTB_CONTENT = {
    "BSM": "county code `130123` + layer code `2101` + 8-digit sequence",
    "YSDM": "`2001010100`",
    "TBYBH": "blank",
    "TBBH": "`1`, `2`, … in record order",
    "DLBM": "land class code (table above)",
    "DLMC": "land class name matching DLBM",
    "QSXZ": "`30` 集体土地所有权; `10` 国有土地所有权 for the road and "
            "ditch strips",
    "QSDWDM": "village code + `0000000` (19 digits)",
    "QSDWMC": "village name",
    "ZLDWDM": "same as QSDWDM; the ZLDWDM of a CJDCQ feature",
    "ZLDWMC": "same as QSDWMC; the ZLDWMC of that CJDCQ feature",
    "TBMJ": "planar polygon area, m², 2 decimals",
    "KCDLBM": "`1203` for sloping 0103 旱地, else blank",
    "KCXS": "田坎系数 0.0350/0.0800/0.1250/0.1600 for slope grade 2/3/4/5 "
            "(sloping 0103 only), else 0",
    "KCMJ": "round(TBMJ × KCXS, 2)",
    "TBDLMJ": "TBMJ − KCMJ",
    "GDLX": "`TT`/`PD` for sloping 0103, else blank",
    "GDPDJB": "`1`–`5` for 0101/0102/0103, else blank",
    "XZDWKD": "7.0 for 1006 农村道路, 5.0 for 1107 沟渠, else NULL",
    "TBXHDM": "blank",
    "TBXHMC": "blank",
    "ZZSXDM": "`LS`/`FLS` for 0101/0102/0103, else blank",
    "ZZSXMC": "`种植粮食作物`/`种植非粮作物` matching ZZSXDM",
    "GDDB": "耕地等别 7–12 for 0101/0102/0103, else NULL",
    "FRDBS": "`0`",
    "CZCSXM": "`203` for 0702 and 1202, else blank",
    "SJNF": "`2019`",
    "MSSM": "`00`",
    "HDMC": "blank",
    "BZ": "blank",
    "TEMPID": "`T0001`, `T0002`, …",
}
XZQ_CONTENT = {
    "BSM": "`%d`" % XZQ_BSM_START,
    "YSDM": "`%s` (行政区)" % YSDM_XZQ,
    "XZQDM": "`%s` (the 9-digit township code)" % TOWN_CODE,
    "XZQMC": TOWN_NAME,
    "DCMJ": "调查面积: sum of TBMJ of the DLTB records inside it, m², 2 "
            "decimals",
    "JSMJ": "计算面积: planar area of the polygon, m², 2 decimals",
    "MSSM": "`00`",
    "HDMC": "blank",
    "BZ": "blank",
}
CJDCQ_CONTENT = {
    "BSM": "`%d`, `%d`, `%d`" % tuple(CJDCQ_BSM_START + n for n in range(3)),
    "YSDM": "`%s` (the CJDCQ code was not found; not checked)" % YSDM_CJDCQ,
    "ZLDWDM": "village code (12 digits) + `0000000`, as DLTB.ZLDWDM",
    "ZLDWMC": "village name",
    "DCMJ": "调查面积: sum of TBMJ of the DLTB records with the same "
            "19-digit ZLDWDM and MSSM, m², 2 decimals",
    "JSMJ": "计算面积: planar area of the polygon, m², 2 decimals",
    "MSSM": "`00`",
    "HDMC": "blank",
    "BZ": "blank",
}


def field_table(out, fields, content, marks=None, missing=None):
    marks = marks or {}
    out("| # | Name | Type | Width | Dec | Content |")
    out("|---|---|---|---|---|---|")
    for i, (name, ftype, width, dec) in enumerate(fields, 1):
        nm = "**%s**" % name if name in marks else name
        out("| %d | %s | %s | %d | %d | %s%s |" % (
            i, nm, ftype, width, dec, content[name], marks.get(name, "")))
        if missing and name == missing[0]:
            out(missing[1])


def write_readme(out_dir, clean, parcels, records, counts, xzq, cjdcq,
                 dltb_fields, defects=None):
    n = len(records)
    xs = [x for p in parcels for ring in p["rings"] for x, _ in ring]
    ys = [y for p in parcels for ring in p["rings"] for _, y in ring]
    total = planar_area([r for p in parcels for r in p["rings"]])
    L = []
    out = L.append
    if clean:
        out("# clean-county: the sample county with no defect")
    else:
        out("# sample-county: synthetic 三调 database (XZQ, CJDCQ, DLTB) with "
            "deliberate defects")
    out("")
    cmd = "python3 scripts/make-sample-county.py" + (" --clean" if clean
                                                      else "")
    out("**Generated file — do not edit by hand.** Produced by "
        "`scripts/make-sample-county.py` (run `%s` from the repository "
        "root, needs pyshp 3.x). The output is deterministic and committed, "
        "so CI needs no Python." % cmd)
    out("")
    out("This is **synthetic data, not real survey data**: geometry, codes "
        "and names are made up (county code 130123 is not a real county "
        "here). It imitates a small TD/T 1057-2020 国土调查 database of one "
        "town — 行政区 (XZQ), 村级调查区 (CJDCQ) and 地类图斑 (DLTB) — so "
        "StdCheck has a realistic input%s." % (
            "" if clean else " with known defects"))
    out("")
    if clean:
        out("It holds the same %d parcels as `fixtures/sample-county`, with "
            "exactly the TD/T 1057-2020 field tables (DLTB: %d fields, "
            "standard types and widths) and **none** of the sample's "
            "deliberate defects. StdCheck must find it conformant to "
            "gtdc@2020 (exit status 0)." % (n, len(dltb_fields)))
        out("")
    out("## Contents")
    out("")
    out("| File | What |")
    out("|---|---|")
    for layer, title, count in (("XZQ", "行政区", len(xzq)),
                                ("CJDCQ", "村级调查区", len(cjdcq)),
                                ("DLTB", "地类图斑", n)):
        out("| `%s.shp`, `%s.shx` | %s: %d polygon%s (shape type 5, "
            "Polygon) |" % (layer, layer, title, count,
                            "" if count == 1 else "s"))
        out("| `%s.dbf` | %d record%s, text encoded GBK |" % (
            layer, count, "" if count == 1 else "s"))
    out("| `*.prj` | ESRI WKT1 of EPSG:4527 (the same text for all three) |")
    out("| `*.cpg` | `GBK` (no newline) |")
    out("")
    out("## Layers")
    out("")
    out("| Layer | Name | Features | BSM | YSDM |")
    out("|---|---|---|---|---|")
    out("| XZQ | 行政区 | 1 (town %s %s) | %d | %s |" % (
        TOWN_CODE, TOWN_NAME, XZQ_BSM_START, YSDM_XZQ))
    out("| CJDCQ | 村级调查区 | %d (one per village) | %d–%d | %s |" % (
        len(cjdcq), CJDCQ_BSM_START, CJDCQ_BSM_START + len(cjdcq) - 1,
        YSDM_CJDCQ))
    out("| DLTB | 地类图斑 | %d | %d–%d | %s |" % (
        n, BSM_START, BSM_START + n - 1, YSDM))
    out("")
    out("BSM is 18 characters, the county code, a 4-character layer code and "
        "an 8-digit sequence (the layer codes %s are made up), and so unique "
        "across the whole database: XZQ from %d, CJDCQ from %d, DLTB from "
        "%d%s." % (
            ", ".join("%s %s" % (v, k) for k, v in LAYER_CODES.items()),
            XZQ_BSM_START, CJDCQ_BSM_START, BSM_START,
            "" if clean else " (except for the deliberate defects below)"))
    out("")
    out("## Geometry")
    out("")
    out("- CRS: CGCS2000 / 3-degree Gauss-Kruger zone 39, **EPSG:4527** "
        "(central meridian 117°E, false easting 39 500 000 m; x carries the "
        "zone number).")
    out("- Extent: x %.2f – %.2f, y %.2f – %.2f (about %.0f m × %.0f m); "
        "the parcels cover %s m² (%.1f ha) in all." % (
            min(xs) / 100, max(xs) / 100, min(ys) / 100, max(ys) / 100,
            (max(xs) - min(xs)) / 100, (max(ys) - min(ys)) / 100,
            total, total / 10000))
    out("- DLTB is a shared-edge tessellation of a %d × %d grid with "
        "jittered interior vertices: no gaps, no overlaps, every vertex "
        "shared exactly by its neighbours; coordinates are whole "
        "centimetres." % (NX, NY))
    out("- A 7 m road (1006 农村道路) runs east–west and a 5 m ditch "
        "(1107 沟渠) runs north–south; each is cut into strip parcels. "
        "Four parcels are L-shaped (3 cells), two are 2-cell rectangles.")
    host = next(i for i, p in enumerate(parcels) if len(p["rings"]) == 2)
    out("- DLTB record %d (BSM %d) has a hole; record %d (BSM %d, 1104 "
        "坑塘水面) is the island that fills it exactly." % (
            host + 1, records[host]["BSM"], host + 2,
            records[host + 1]["BSM"]))
    out("- Each CJDCQ polygon is exactly the union of its village's DLTB "
        "parcels and the XZQ polygon exactly the union of all of them, "
        "built by cancelling the edges the parcels share: one ring each, no "
        "holes, made only of DLTB vertices (collinear vertices on the "
        "straight outer edges are kept, so the boundaries coincide vertex "
        "for vertex). The three CJDCQ polygons tile the XZQ polygon.")
    out("- Outer rings clockwise, holes counter-clockwise (shapefile "
        "convention). All polygons are valid%s." % (
            "" if clean else "; the overlap and the gap under Geometry below are "
            "the only places where the parcels do not tile their village exactly"))
    out("")
    out("## Villages (CJDCQ) and the town (XZQ)")
    out("")
    out("DLTB records are ordered by village, then north to south, west to "
        "east. DLTB BSM runs from %d upwards and TBBH from \"1\" upwards in "
        "record order." % BSM_START)
    out("")
    out("| CJDCQ record | BSM | ZLDWDM | ZLDWMC | Where | DLTB records | "
        "Vertices | DCMJ | JSMJ |")
    out("|---|---|---|---|---|---|---|---|---|")
    where = {"E": "north-east", "W": "north-west, incl. the ditch north of "
             "the road", "S": "south of the road"}
    for i, f in enumerate(cjdcq):
        v = f["village"]
        idx = [j for j, p in enumerate(parcels) if p["village"] == v]
        rec = f["rec"]
        out("| %d | %d | %s | %s | %s | %d–%d | %d | %s | %s |" % (
            i + 1, rec["BSM"], rec["ZLDWDM"], rec["ZLDWMC"], where[v],
            idx[0] + 1, idx[-1] + 1, len(f["rings"][0]), rec["DCMJ"],
            rec["JSMJ"]))
    out("")
    z = xzq[0]["rec"]
    out("XZQ record 1: BSM %d, XZQDM %s, XZQMC %s, %d vertices, DCMJ %s, "
        "JSMJ %s." % (z["BSM"], z["XZQDM"], z["XZQMC"],
                      len(xzq[0]["rings"][0]), z["DCMJ"], z["JSMJ"]))
    out("")
    out("How the areas are computed (m², rounded half up to 2 decimals):")
    out("")
    out("- DLTB.TBMJ: the exact planar area of the parcel (outer ring minus "
        "holes) from its centimetre coordinates.")
    out("- JSMJ (计算面积) of CJDCQ and XZQ: the exact planar area of the "
        "feature's own polygon.")
    out("- CJDCQ.DCMJ (调查面积): the sum of TBMJ, as written in DLTB.dbf, "
        "of the DLTB records with the feature's 19-digit ZLDWDM and MSSM.")
    out("- XZQ.DCMJ: the sum of TBMJ, as written, of all DLTB records (all "
        "lie inside the town and carry a ZLDWDM of town %s)." % TOWN_CODE)
    jdiff = [f["rec"]["JSMJ"] - f["rec"]["DCMJ"] for f in cjdcq]
    if clean:
        out("- So DCMJ and JSMJ differ only by the rounding of the "
            "individual TBMJ values (here JSMJ − DCMJ = %s for the villages "
            "and %s for the town)." % (
                ", ".join(str(d) for d in jdiff), z["JSMJ"] - z["DCMJ"]))
    else:
        out("- In the clean county DCMJ and JSMJ differ only by rounding. "
            "Here the defects move DCMJ: JSMJ − DCMJ is %s for the villages "
            "and %s for the town (see the notes below the defect tables)." % (
                ", ".join(str(d) for d in jdiff), z["JSMJ"] - z["DCMJ"]))
    out("")
    out("| DLBM | DLMC | DLTB records |")
    out("|---|---|---|")
    for code in sorted(counts):
        out("| %s | %s | %d |" % (code, DLMC[code], counts[code]))
    out("")
    out("(Counts are by the generated land class%s.)" % (
        "" if clean else ", before defects"))
    out("")

    out("## DLTB fields (as written)")
    out("")
    if clean:
        out("Exactly the TD/T 1057-2020 地类图斑 (DLTB) field table, in its "
            "order.")
        out("")
        field_table(out, dltb_fields, DLTB_CONTENT, marks={
            f: " — except where Findings below says" for f in
            ("QSXZ", "QSDWDM", "QSDWMC")})
    else:
        out("TD/T 1057-2020 地类图斑 (DLTB) order. The file differs from the "
            "standard in exactly the four ways marked **bold**.")
        out("")
        field_table(
            out, dltb_fields, DLTB_CONTENT,
            marks={"DLMC": " — **standard width is 60**",
                   "SJNF": " — **standard type is N 4 0**",
                   "TEMPID": " — **not in the standard**"},
            missing=("YSDM", "| – | **TBYBH** | – | – | – | **missing** "
                     "(standard: C 18, between YSDM and TBBH) |"))
    out("")
    out("## CJDCQ fields")
    out("")
    out("Exactly the TD/T 1057-2020 村级调查区 (CJDCQ) field table.")
    out("")
    field_table(out, CJDCQ_FIELDS, CJDCQ_CONTENT)
    out("")
    out("## XZQ fields")
    out("")
    out("Exactly the TD/T 1057-2020 行政区 (XZQ) field table.")
    out("")
    field_table(out, XZQ_FIELDS, XZQ_CONTENT)
    out("")
    out("Blank character fields are all spaces. NULL numeric fields are "
        "written the way pyshp writes `None`: the field filled with `*` "
        "(shapelib's `DBFIsAttributeNULL` and GDAL both read that as NULL).")
    out("")
    if not clean:
        write_defect_sections(out, records, cjdcq, xzq, defects)
    else:
        out("## Findings")
        out("")
        out("None: the county conforms to gtdc@2020 without a single finding, "
            "in every container (`FormatInvarianceTests`). Neighbouring cells "
            "often draw the same land class (mostly the 0702 农村宅基地 cells of "
            "the settlements); where two parcels sharing an edge would agree in "
            "every attribute `DLTB.same-attributes-as-neighbour` compares, the "
            "later one is owned by a 村民小组 instead of the village (QSXZ `31`, "
            "QSDWDM the village's 12 digits + a 2-digit group + `00000`, QSDWMC "
            "the village name + `第N村民小组`), or, on state land, held with a "
            "use right (QSXZ `20`): %d parcels. The `.dbf` files end with the "
            "0x1A end-of-file marker." % len(
                [r for r in records if r["QSXZ"] in ("20", "31")]))
        out("")
    with open(os.path.join(out_dir, "README.md"), "w", encoding="utf-8",
              newline="\n") as f:
        f.write("\n".join(L))


NEIGHBOURS_NOTE = (
    "`DLTB.same-attributes-as-neighbour` (a warning) also fires %d times: the "
    "generator draws a land class per grid cell, so neighbouring cells, mostly "
    "the 0702 农村宅基地 cells of the settlements, often agree in every "
    "attribute the rule compares (DLBM, QSXZ, QSDWDM, ZLDWDM, GDLX, GDPDJB, "
    "ZZSXDM, TBXHDM, CZCSXM, GDDB, FRDBS, MSSM) and would be merged in real "
    "data. Each finding is on the earlier record of a pair sharing an edge.")


def separate_equal_neighbours(parcels, records):
    """Clean county only: no two parcels sharing an edge agree in every NEIGHBOUR_FIELDS
    value (real data would hold one parcel there). The later parcel of such a pair is
    owned by a 村民小组 (QSXZ 31, group 01, 02, ... the first no neighbour already
    matches) or, on state land, held with a use right (QSXZ 20)."""
    edges = ring_edges(parcels)
    around = {}
    for (a, b), i in edges.items():
        j = edges.get((b, a))
        if j is not None and j != i:
            around.setdefault(i, set()).add(j)

    def key(r):
        return tuple((str(r.get(f)) if r.get(f) not in (None, "") else None)
                     for f in NEIGHBOUR_FIELDS)

    def variants(r):
        if r["QSXZ"] == "10":
            yield dict(r, QSXZ="20")
            return
        village, name = r["ZLDWDM"][:12], r["ZLDWMC"]
        for group in range(1, 10):
            yield dict(r, QSXZ="31", QSDWDM="%s%02d00000" % (village, group),
                       QSDWMC="%s第%d村民小组" % (name, group))

    for i, j in neighbour_pairs(parcels, records):
        if key(records[i]) != key(records[j]):
            continue  # an earlier change already separated them
        for candidate in variants(records[j]):
            if all(key(candidate) != key(records[k]) for k in around[j]):
                records[j] = candidate
                break
        else:
            raise SystemExit("cannot separate parcels %d and %d" % (i + 1, j + 1))
    left = neighbour_pairs(parcels, records)
    if left:
        raise SystemExit("equal neighbours left: %s" % left)


def write_defect_sections(out, records, cjdcq, xzq, d):
    table, notes, cross, layer_rows, ref = (
        d["table"], d["notes"], d["cross"], d["layer_rows"], d["ref"])
    bsm = {"DLTB": lambda k: records[k]["BSM"],
           "CJDCQ": lambda k: cjdcq[k]["rec"]["BSM"],
           "XZQ": lambda k: xzq[k]["rec"]["BSM"]}
    n_def = (len(SCHEMA_DEFECTS) + len(table) + len(layer_rows) + len(cross)
             + len(d["geometry"]))
    out("## Deliberate defects")
    out("")
    out("%d defects, each caught by its own rule. Every other value is "
        "valid. Record numbers are 1-based file order within the layer." %
        n_def)
    out("")
    out("### DLTB schema (whole file)")
    out("")
    out("| Field | Defect | Rule id |")
    out("|---|---|---|")
    for name, what, rule in SCHEMA_DEFECTS:
        out("| %s | %s | `%s` |" % (name, what, rule))
    out("")
    out("`DLTB.field-unexpected` is expected with severity info. CJDCQ and "
        "XZQ have exactly the standard's field tables.")
    out("")
    out("### DLTB records, one defect per record")
    out("")
    out("Rules that read one DLTB record (values, codes, and the cross-field "
        "rules TBDLMJ = TBMJ − KCMJ, KCMJ = round(TBMJ × KCXS, 2), GDPDJB "
        "required for 0101/0102/0103, CZCSXM required for built-up land "
        "classes).")
    out("")
    out("| Record | BSM | Field | Bad value | Rule id | Note |")
    out("|---|---|---|---|---|---|")
    for k, field, bad, rule in table:
        out("| %d | %d | %s | %s | `%s` | %s |" % (
            k + 1, records[k]["BSM"], field, bad, rule, notes.get(k, "")))
    out("")
    out("### CJDCQ and XZQ records")
    out("")
    out("| Layer | Record | BSM | Field | Bad value | Rule id | Note |")
    out("|---|---|---|---|---|---|---|")
    for layer, k, field, bad, rule, note in layer_rows:
        out("| %s | %d | %d | %s | %s | `%s` | %s |" % (
            layer, k + 1, bsm[layer](k), field, bad, rule, note))
    out("")
    out("XZQ has no defect: its DCMJ is the sum of all DLTB TBMJ as written "
        "and its JSMJ its planar area.")
    out("")
    out("### Cross-layer")
    out("")
    out("Rules that read DLTB against CJDCQ, or the whole database.")
    out("")
    out("| Layer | Record | BSM | Field | Bad value | Rule id | Note |")
    out("|---|---|---|---|---|---|---|")
    for layer, k, field, bad, rule, note in cross:
        out("| %s | %d | %d | %s | %s | `%s` | %s |" % (
            layer, k + 1, bsm[layer](k), field, bad, rule, note))
    out("")

    out("### Geometry")
    out("")
    out("Rules that compare shapes (rules/gtdc/2020/rules/geometry.yaml). "
        "Both defects are 1 cm moves of a vertex inserted in the middle of an "
        "edge two parcels of one village share; every other shape is valid and "
        "tiles its village exactly.")
    out("")
    out("| Layer | Record | BSM | Bad value | Rule id | Note |")
    out("|---|---|---|---|---|---|")
    for layer, k, field, bad, rule, note in d["geometry"]:
        out("| %s | %d | %d | %s | `%s` | %s |" % (
            layer, k + 1, bsm[layer](k), bad, rule, note))
    out("")

    r = records
    out("### Side effects")
    out("")
    out("Findings a checker also reports, beyond the one per defect above, "
        "for these rule definitions: TBDLMJ = TBMJ − KCMJ within 0.01; "
        "KCMJ = round(TBMJ × KCXS, 2) within 0.01 when KCXS is not blank "
        "(0 for the parcels without 田坎); GDPDJB required when DLBM is "
        "0101/0102/0103; CZCSXM required for the built-up classes (only 0702 "
        "occurs here; 1202 carries `203` although not required); a DLTB "
        "village is known when its ZLDWDM equals a CJDCQ.ZLDWDM, and then "
        "its ZLDWMC must be that feature's ZLDWMC; CJDCQ.DCMJ is compared, "
        "within 0.01 m², with the sum of TBMJ of the DLTB records with the "
        "feature's 19-digit ZLDWDM and MSSM; collective land whose owner "
        "village (first 12 digits of QSDWDM) differs from its location "
        "village must be flagged FRDBS 1; a BSM may not occur in "
        "two layers; XZQ.DCMJ equals the sum of the CJDCQ DCMJ within 0.01; "
        "DCMJ and JSMJ of CJDCQ and XZQ agree within 0.1 % (a warning).")
    out("")
    out("| Layer | Record | BSM | Rule id | Because |")
    out("|---|---|---|---|---|")
    for layer, k, rule, why in side_effects(records, d):
        out("| %s | %d | %d | `%s` | %s |" % (
            layer, k + 1, bsm[layer](k), rule, why))
    out("")
    out(NEIGHBOURS_NOTE % len(d["neighbours"]))
    out("")
    out("Rules that do **not** fire on other defects' records:")
    out("")
    k = ref["bsmdup"]
    out("- DLTB record %d repeats a BSM within DLTB only (record %d): that "
        "is `DLTB.BSM.value-duplicated`, not a cross-layer duplicate; no "
        "XZQ or CJDCQ BSM equals it." % (k + 1, ref["bsmdup_src"] + 1))
    out("- DLTB record %d (DLBM 0199) is not cropland, so GDPDJB is not "
        "required (it still holds 1); record %d's GDPDJB 6 is not blank." % (
            ref["dlbm0199"] + 1, ref["gdpdjb6"] + 1))
    k = ref["zldwdm18"]
    out("- DLTB record %d's 18-digit ZLDWDM (it still starts with %s) is no "
        "village's 19-digit code, so its TBMJ counts toward no village's "
        "DCMJ; its ZLDWMC is not compared (no CJDCQ has its code), and its "
        "first 12 digits still equal QSDWDM's, so it is not an unflagged "
        "enclave." % (k + 1, r[k]["ZLDWDM"][:12]))
    k = ref["unknown"]
    out("- DLTB record %d (unknown village %s) counts toward no village; "
        "`DLTB.ZLDWMC-not-village-name` does not fire on it (no CJDCQ has "
        "its code)." % (k + 1, r[k]["ZLDWDM"]))
    out("- CJDCQ.DCMJ sums TBMJ as written, so record %d's TBMJ 0.00 and "
        "records %d and %d, which count toward no village, leave every "
        "village sum consistent; "
        "only the deliberate +100.00 on %s fires "
        "`CJDCQ.DCMJ-not-sum-of-DLTB`." % (
            ref["tbmj0"] + 1, ref["unknown"] + 1, ref["zldwdm18"] + 1,
            cjdcq[1]["rec"]["ZLDWMC"]))
    out("")
    out("Other knock-on differences (no rule above; not separate defects): "
        "the 0199 record's DLMC cannot match an unknown code; the TBMJ = 0 "
        "record no longer matches its geometry area; records %d and %d have "
        "ZLDWDM ≠ QSDWDM; records %d and %d have ZLDWMC ≠ QSDWMC; the KCXS "
        "0.0500 is not the 田坎系数 of its slope grade; DCMJ ≠ JSMJ beyond "
        "rounding for 南马村 (TBMJ = 0 record), 东王村 (the parcel moved to "
        "an unknown village), 西李庄村 (+100.00, and record %d's TBMJ, "
        "which no village counts) and the town; and the sum of the CJDCQ "
        "DCMJ minus XZQ.DCMJ is %s (+100.00 on 西李庄村, minus the TBMJ %s "
        "of record %d and %s of record %d, which no village counts)." % tuple([
            ref["zldwdm18"] + 1, ref["unknown"] + 1,
            ref["unknown"] + 1, ref["wrongname"] + 1,
            ref["zldwdm18"] + 1,
            sum(f["rec"]["DCMJ"] for f in cjdcq) - xzq[0]["rec"]["DCMJ"],
            r[ref["unknown"]]["TBMJ"], ref["unknown"] + 1,
            r[ref["zldwdm18"]]["TBMJ"], ref["zldwdm18"] + 1]))
    out("")


def side_effects(records, d):
    """(layer, record index, rule, why) of findings beyond the defects."""
    ref = d["ref"]
    rows = []
    k = ref["zldwdm18"]
    rows.append(("DLTB", k, "DLTB.ZLDWDM-village-unknown",
                 "ZLDWDM %s (18 digits, `DLTB.ZLDWDM.pattern-mismatch`) "
                 "equals no CJDCQ.ZLDWDM" % records[k]["ZLDWDM"]))
    k = ref["tbmj0"]
    r = records[k]
    rows.append(("DLTB", k, "DLTB.TBDLMJ-not-TBMJ-minus-KCMJ",
                 "TBMJ 0.00 (`DLTB.TBMJ.out-of-range`) − KCMJ %s = %s, "
                 "TBDLMJ %s" % (r["KCMJ"], r["TBMJ"] - r["KCMJ"],
                                r["TBDLMJ"])))
    k = ref["kcxs12"]
    r = records[k]
    rows.append(("DLTB", k, "DLTB.KCMJ-not-TBMJ-times-KCXS",
                 "KCXS 1.2000 (`DLTB.KCXS.out-of-range`): round(TBMJ %s × "
                 "1.2000, 2) = %s, KCMJ %s" % (
                     r["TBMJ"], money(r["TBMJ"] * r["KCXS"]), r["KCMJ"])))
    k = ref["bsmsrc"]
    rows.append(("DLTB", k, "BSM-duplicated-across-layers",
                 "the other holder of the BSM CJDCQ record 3 repeats; a "
                 "checker may report the pair on either record or on both"))
    k = ref["tbmj0"]
    rows.append(("DLTB", k, "DLTB.TBMJ-not-ellipsoidal-area",
                 "TBMJ 0.00 (`DLTB.TBMJ.out-of-range`) is not the parcel's "
                 "ellipsoidal area"))
    k31, k172 = ref["unknown"] + 1, ref["tbmj0"] + 1
    k97 = ref["zldwdm18"] + 1
    rows.append(("XZQ", 0, "XZQ.DCMJ-not-sum-of-CJDCQ",
                 "the CJDCQ DCMJ include 西李庄村's +100.00 and leave out "
                 "DLTB records %d (unknown village) and %d (18-digit ZLDWDM), "
                 "which XZQ.DCMJ counts" % (k31, k97)))
    rows.append(("CJDCQ", 0, "CJDCQ.DCMJ-differs-from-JSMJ",
                 "warning: 东王村's DCMJ lacks DLTB record %d's TBMJ, moved to "
                 "an unknown village; its JSMJ still covers the parcel" % k31))
    rows.append(("CJDCQ", 1, "CJDCQ.DCMJ-differs-from-JSMJ",
                 "warning: 西李庄村's DCMJ lacks DLTB record %d's TBMJ, whose "
                 "18-digit ZLDWDM names no village; its JSMJ still covers the "
                 "parcel" % k97))
    for k, why in ((ref["unknown"], "the unknown village"),
                   (ref["outside"], "南马村")):
        rows.append(("DLTB", k, "DLTB.QSDWDM-other-village-not-enclave",
                     "collective land (QSXZ 30) owned by 东王村 (QSDWDM) but "
                     "located in %s (ZLDWDM) with FRDBS 0" % why))
    rows.append(("XZQ", 0, "XZQ.DCMJ-differs-from-JSMJ",
                 "warning: DCMJ counts DLTB record %d's TBMJ 0.00 and JSMJ the "
                 "whole parcel" % k172))
    rows.sort(key=lambda t: (t[0], t[1]))
    return rows


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------
def main():
    clean = "--clean" in sys.argv[1:]
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

    if clean:
        separate_equal_neighbours(parcels, records)
        xzq = build_xzq(parcels, records)
        cjdcq = build_cjdcq(parcels, records)
        write_database(CLEAN_DIR, parcels, records, STANDARD_FIELDS, xzq,
                       cjdcq, eof_marker=True)
        write_readme(CLEAN_DIR, True, parcels, records, counts, xzq, cjdcq,
                     STANDARD_FIELDS)
        print("wrote %d XZQ, %d CJDCQ and %d DLTB records to %s" % (
            len(xzq), len(cjdcq), len(records), CLEAN_DIR))
        return 0

    table, notes, cross, ref = inject_defects(records)
    # the village and town areas are summed from the DLTB values as written
    xzq = build_xzq(parcels, records)
    cjdcq = build_cjdcq(parcels, records)
    layer_rows, layer_cross = inject_layer_defects(records, cjdcq, ref)
    cross = cross + layer_cross
    geometry_rows = inject_geometry_defects(parcels, records, ref)
    defects = {"table": table, "notes": notes, "cross": cross,
               "layer_rows": layer_rows, "ref": ref,
               "geometry": geometry_rows,
               "neighbours": neighbour_pairs(parcels, records, {ref["overlap"]})}

    write_database(OUT_DIR, parcels, records, FIELDS, xzq, cjdcq)
    write_readme(OUT_DIR, False, parcels, records, counts, xzq, cjdcq, FIELDS,
                 defects)

    print("wrote %d XZQ, %d CJDCQ and %d DLTB records to %s" % (
        len(xzq), len(cjdcq), len(records), OUT_DIR))
    for k, field, bad, rule in table:
        print("  DLTB  record %3d  BSM %d  %-7s %-40s %s" % (
            k + 1, records[k]["BSM"], field, bad, rule))
    for layer, k, field, bad, rule, _ in layer_rows + cross + geometry_rows:
        b = (records[k] if layer == "DLTB" else cjdcq[k]["rec"])["BSM"]
        print("  %-5s record %3d  BSM %d  %-7s %-40s %s" % (
            layer, k + 1, b, field, bad, rule))
    return 0


if __name__ == "__main__":
    sys.exit(main())
