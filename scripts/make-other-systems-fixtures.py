#!/usr/bin/env python3
"""Generate the synthetic fixtures of the other land-resource systems at fixtures/other-systems/.

What it makes
    A small, synthetic (NOT real) county (made-up code 341122, in CGCS2000 3-degree Gauss-Krueger zone 39,
    EPSG:4527, near 31.8 N 117.2 E), twice:

      sample/lines/    the three control lines as polygon shapefiles (.shp/.shx/.dbf/.prj/.cpg, GBK):
                       YJJBNTBHTB 永久基本农田保护图斑, GDBHMB 耕地保护目标, STBHHX 生态保护红线,
                       CZKFBJ 城镇开发边界 (one feature per planning sub-zone), for sqsx@2021
      sample/hazards/  the 地质灾害隐患点 register as 隐患点.csv and 隐患点汇总.csv (UTF-8 with BOM), for
                       dzzh@register
      clean/lines/     the same lines without any defect
      clean/hazards/   the register without any defect, as lone dBASE tables (隐患点.dbf and 隐患点汇总.dbf
                       with a GBK .cpg), the other form the pack reads
      clean/hazard-points/  the same register as a point shapefile 隐患点.shp (the third form)
      sample/hazard-points/ the clean point register with two location defects (for the rules that locate
                       the points in the survey's townships and villages)
      sample/farmland/, clean/farmland/  the farmland patches of lines/ delivered on their own, as a
                       yjjbnt@2022 dataset (YJJBNTBHTB only): what `--with yjjbnt@2022=PATH` gives sqsx@2021
      survey/          the county's survey database for `--with gtdc@2020=PATH` (gtdc@2020 layers DLTB, XZQ,
                       CJDCQ): the land-class parcels under the farmland patches and the townships and
                       villages of the hazard points; shared by both variants (it is the reference, not the
                       subject), so the cross-system defects are in the sample's own layers

    The sample carries deliberate defects, each listed in the generated README.md with the id of the rule
    that must find it; the clean variant gives no error finding.

    Areas: every recorded area (YJJBNTTBMJ, TBMJ, MJ) is the ellipsoidal area of the rectangle it belongs to,
    computed here as the planar area divided by the square of the Gauss-Krueger scale factor, integrated
    across the easting (exact to well under 0.01 m2 for these sizes); the coordinates of the hazard points are
    projected from their longitude and latitude with the Krueger series of the transverse Mercator.

How to run
    python3 scripts/make-other-systems-fixtures.py      (from the repository root)

    Needs Python 3 and pyshp 3.x (``pip install pyshp``). The output is deterministic (fixed DBF header date,
    no randomness): running it twice gives byte-identical files. The output is committed, so CI needs no
    Python; change this script rather than the generated files, re-run it and commit everything.
"""

import math
import os
import shutil

import shapefile  # pyshp

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "fixtures", "other-systems")

# `projinfo EPSG:4527 -o WKT1_ESRI --single-line` (PROJ 9), as scripts/make-sample-county.py writes it
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
DBF_DATE = (2026, 1, 1)
A = 6378137.0
F = 1 / 298.257222101
CM = 117.0
FALSE_EASTING = 39500000.0
# origin of the county's local grid (metres): easting 39518000, northing 3519000
E0, N0 = 39518000.0, 3519000.0
LAT0 = 31.8  # latitude of the area, for the radius of the scale factor


def gk(lat, lon, lon0=CM):
    """Transverse Mercator, Krueger series to n^4: (northing, easting offset from the central meridian)."""
    n = F / (2 - F)
    a = A / (1 + n) * (1 + n * n / 4 + n**4 / 64)
    al = [n / 2 - 2 * n * n / 3 + 5 * n**3 / 16 + 41 * n**4 / 180,
          13 * n * n / 48 - 3 * n**3 / 5 + 557 * n**4 / 1440,
          61 * n**3 / 240 - 103 * n**4 / 140,
          49561 * n**4 / 161280]
    phi, lam = math.radians(lat), math.radians(lon - lon0)
    e = math.sqrt(F * (2 - F))
    t = math.sinh(math.atanh(math.sin(phi)) - e * math.atanh(e * math.sin(phi)))
    xi = math.atan2(t, math.cos(lam))
    eta = math.atanh(math.sin(lam) / math.sqrt(1 + t * t))
    x = xi + sum(al[j] * math.sin(2 * (j + 1) * xi) * math.cosh(2 * (j + 1) * eta) for j in range(4))
    y = eta + sum(al[j] * math.cos(2 * (j + 1) * xi) * math.sinh(2 * (j + 1) * eta) for j in range(4))
    return a * x, a * y


def ellipsoidal_area(x0, y0, x1, y1):
    """Ellipsoidal area (m2) of the local rectangle [x0, x1] x [y0, y1] (x east, y north, metres)."""
    e2 = F * (2 - F)
    s = math.sin(math.radians(LAT0))
    r2 = A * A * (1 - e2) / (1 - e2 * s * s) ** 2  # rho * nu
    steps = 200
    h = (x1 - x0) / steps
    total = 0.0
    for i in range(steps + 1):
        u = E0 + x0 + i * h - FALSE_EASTING
        k = 1 + u * u / (2 * r2) + u**4 / (24 * r2 * r2)
        w = 1 if i in (0, steps) else (4 if i % 2 else 2)
        total += w / (k * k)
    return total * h / 3 * (y1 - y0)


def money(v):
    return f"{v:.2f}"


def rect(x0, y0, x1, y1):
    """A clockwise ring (the shapefile's outer ring) in projected coordinates."""
    pts = [(x0, y0), (x0, y1), (x1, y1), (x1, y0), (x0, y0)]
    return [(E0 + x, N0 + y) for x, y in pts]


def write_dbf_only(path, fields, rows):
    w = shapefile.Writer(dbf=open(path, "wb"), encoding="gbk")
    write_rows(w, fields, rows)
    pin_date(path)
    with open(path[:-4] + ".cpg", "w", encoding="ascii", newline="") as f:
        f.write("GBK")


def write_rows(w, fields, rows):
    for name, ftype, width, dec in fields:
        w.field(name, ftype, width, dec)
    for r in rows:
        values = []
        for name, ftype, _, _ in fields:
            v = r.get(name)
            if ftype in ("N", "F"):
                values.append(None if v in (None, "") else float(v))
            else:
                values.append("" if v is None else v)
        w.record(*values)
    w.close()


def pin_date(path):
    # pyshp stamps today's date into the DBF header; pin it for reproducibility.
    with open(path, "r+b") as f:
        f.seek(1)
        y, m, d = DBF_DATE
        f.write(bytes([y - 1900, m, d]))


def write_layer(out_dir, name, fields, features):
    base = os.path.join(out_dir, name)
    w = shapefile.Writer(base, shapeType=shapefile.POLYGON, encoding="gbk")
    for name_, ftype, width, dec in fields:
        w.field(name_, ftype, width, dec)
    for box, r in features:
        w.poly([rect(*box)])
        w.record(*[
            (None if r.get(f) in (None, "") else float(r[f])) if t in ("N", "F") else r.get(f, "")
            for f, t, _, _ in fields
        ])
    w.close()
    pin_date(base + ".dbf")
    with open(base + ".prj", "w", encoding="ascii", newline="") as f:
        f.write(PRJ_WKT)
    with open(base + ".cpg", "w", encoding="ascii", newline="") as f:
        f.write("GBK")


def write_points(out_dir, fields, rows):
    """The register as a point shapefile 隐患点.shp: each point at its X坐标 (northing) and Y坐标 (easting)."""
    os.makedirs(out_dir)
    base = os.path.join(out_dir, "隐患点")
    w = shapefile.Writer(base, shapeType=shapefile.POINT, encoding="gbk")
    for r in rows:
        w.point(float(r["Y坐标"]), float(r["X坐标"]))
    write_rows(w, fields, rows)
    pin_date(base + ".dbf")
    with open(base + ".prj", "w", encoding="ascii", newline="") as f:
        f.write(PRJ_WKT)
    with open(base + ".cpg", "w", encoding="ascii", newline="") as f:
        f.write("GBK")


# --------------------------------------------------------------------------
# Field tables (those of the packs: rules/yjjbnt/2022, rules/sqsx/2021)
# --------------------------------------------------------------------------
YJJBNT_FIELDS = [
    ("BSM", "C", 18, 0), ("YSDM", "C", 10, 0), ("XZQDM", "C", 12, 0), ("XZQMC", "C", 100, 0),
    ("YJJBNTTBBH", "C", 20, 0), ("TBBH", "C", 8, 0), ("DLBM", "C", 5, 0), ("DLMC", "C", 60, 0),
    ("QSXZ", "C", 2, 0), ("QSDWDM", "C", 19, 0), ("QSDWMC", "C", 255, 0), ("ZLDWDM", "C", 19, 0),
    ("ZLDWMC", "C", 255, 0), ("YJJBNTTBMJ", "N", 15, 2), ("KCDLBM", "C", 5, 0), ("KCXS", "N", 6, 4),
    ("KCMJ", "N", 15, 2), ("YJJBNTMJ", "N", 15, 2), ("GDLX", "C", 2, 0), ("GDPDJB", "C", 2, 0),
    ("TBXHDM", "C", 6, 0), ("TBXHMC", "C", 20, 0), ("ZZSXDM", "C", 6, 0), ("ZZSXMC", "C", 20, 0),
    ("GDDB", "N", 2, 0), ("FRDBS", "C", 1, 0), ("SJNF", "N", 4, 0), ("BHKSSJ", "D", 8, 0),
    ("BHJSSJ", "D", 8, 0), ("WDGD", "C", 10, 0), ("BZ", "C", 50, 0),
]
GDBHMB_FIELDS = [
    ("BSM", "C", 18, 0), ("YSDM", "C", 10, 0), ("TBYBH", "C", 18, 0), ("TBBH", "C", 8, 0),
    ("DLBM", "C", 5, 0), ("DLMC", "C", 60, 0), ("QSXZ", "C", 2, 0), ("QSDWDM", "C", 19, 0),
    ("QSDWMC", "C", 255, 0), ("ZLDWDM", "C", 19, 0), ("ZLDWMC", "C", 255, 0), ("TBMJ", "N", 15, 2),
    ("KCDLBM", "C", 5, 0), ("KCXS", "N", 6, 4), ("KCMJ", "N", 15, 2), ("TBDLMJ", "N", 15, 2),
    ("GDLX", "C", 2, 0), ("SFWHTD", "N", 9, 0), ("GDPDJB", "C", 2, 0), ("TBXHDM", "C", 6, 0),
    ("TBXHMC", "C", 20, 0), ("ZZSXDM", "C", 6, 0), ("ZZSXMC", "C", 20, 0), ("GDDB", "N", 2, 0),
    ("FRDBS", "C", 1, 0), ("SJNF", "N", 4, 0),
]
STBHHX_FIELDS = [("BSM", "C", 18, 0), ("YSDM", "C", 10, 0), ("XZQDM", "C", 12, 0), ("MJ", "N", 15, 2)]
CZKFBJ_FIELDS = [
    ("BSM", "C", 18, 0), ("YSDM", "C", 10, 0), ("XZQDM", "C", 12, 0), ("XZQMC", "C", 100, 0),
    ("GHFQDM", "C", 3, 0), ("GHFQMC", "C", 50, 0), ("MJ", "N", 15, 2), ("BZ", "C", 255, 0),
]
HAZARD_FIELDS = [
    ("统一编号", "C", 30, 0), ("名称", "C", 60, 0), ("灾害类型", "C", 10, 0), ("省", "C", 20, 0),
    ("市", "C", 20, 0), ("县", "C", 20, 0), ("乡镇", "C", 30, 0), ("村", "C", 30, 0), ("地理位置", "C", 100, 0),
    ("X坐标", "N", 12, 2), ("Y坐标", "N", 12, 2), ("经度", "N", 11, 6), ("纬度", "N", 10, 6),
    ("规模等级", "C", 6, 0), ("威胁人数", "N", 6, 0), ("威胁户数", "N", 6, 0), ("威胁财产", "N", 10, 2),
    ("险情等级", "C", 6, 0), ("是否核销", "C", 1, 0), ("核销单位", "C", 50, 0), ("核销原因", "C", 100, 0),
    ("核销时间", "D", 8, 0),
]
SUMMARY_FIELDS = [("县", "C", 20, 0), ("隐患点数", "N", 6, 0)]

COUNTY = "341122"
TOWN = COUNTY + "100000"


def village(n):
    return f"{COUNTY}100{n:03d}0000000"


# --------------------------------------------------------------------------
# The three control lines
# --------------------------------------------------------------------------
def farmland(sample):
    """Six patches of 200 m x 225 m south of the town, and one east of them (next to the red line)."""
    boxes = []
    for row in range(2):
        for col in range(3):
            boxes.append([col * 200, row * 225, col * 200 + 200, row * 225 + 225])
    boxes.append([600, 0, 690, 200])
    classes = [("0101", "水田"), ("0102", "水浇地"), ("0103", "旱地"), ("0101", "水田"), ("0103", "旱地"),
               ("0304", "森林沼泽"), ("0101", "水田")]
    defects = []
    if sample:
        boxes[4][3] = 520          # record 5 reaches 70 m into the 特别用途区 sub-zone of CZKFBJ
        boxes[6][2] = 760          # record 7 reaches 60 m into the red line STBHHX#2
        boxes[1][2] = 420          # record 2 overlaps record 3 by 20 m
    rows = []
    for i, (box, (dlbm, dlmc)) in enumerate(zip(boxes, classes), start=1):
        area = round(ellipsoidal_area(*box), 2)
        kcxs = 0.05 if dlbm == "0103" else None
        kcmj = round(area * kcxs, 2) if kcxs else None
        r = {
            "BSM": f"{COUNTY}{i:012d}", "YSDM": "2005010300", "XZQDM": TOWN, "XZQMC": "示例镇",
            "YJJBNTTBBH": f"{TOWN}{i:06d}", "TBBH": str(i), "DLBM": dlbm, "DLMC": dlmc, "QSXZ": "30",
            "QSDWDM": village(1 + i % 2), "QSDWMC": "示例村", "ZLDWDM": village(1 + i % 2), "ZLDWMC": "示例村",
            "YJJBNTTBMJ": money(area), "KCDLBM": "1203" if kcxs else "", "KCXS": kcxs,
            "KCMJ": money(kcmj) if kcmj else None, "YJJBNTMJ": money(area - (kcmj or 0)),
            "GDLX": "PD" if kcxs else "", "GDPDJB": ("3" if kcxs else "1") if dlbm.startswith("01") else "",
            "GDDB": 6, "FRDBS": "0", "SJNF": 2022, "BHKSSJ": "20221110", "WDGD": "1",
        }
        rows.append(r)
    if sample:
        r = rows[0]   # record 1: the farmland area was not reduced by the deduction
        r["KCDLBM"], r["KCXS"] = "1203", 0.05
        kc = round(float(r["YJJBNTTBMJ"]) * 0.05, 2)
        r["KCMJ"] = money(kc)
        defects.append(("YJJBNTBHTB", 1, "YJJBNTMJ", r["YJJBNTMJ"], "YJJBNTBHTB.YJJBNTMJ-not-YJJBNTTBMJ-minus-KCMJ",
                        f"YJJBNTTBMJ − KCMJ is {money(float(r['YJJBNTTBMJ']) - kc)}"))
        r = rows[2]   # record 3: KCMJ is not YJJBNTTBMJ × KCXS (YJJBNTMJ follows the wrong KCMJ)
        r["KCMJ"] = money(float(r["KCMJ"]) - 100)
        r["YJJBNTMJ"] = money(float(r["YJJBNTTBMJ"]) - float(r["KCMJ"]))
        defects.append(("YJJBNTBHTB", 3, "KCMJ", r["KCMJ"], "YJJBNTBHTB.KCMJ-not-YJJBNTTBMJ-times-KCXS",
                        "100 m² short of YJJBNTTBMJ × 0.05"))
        r = rows[4]   # record 5: the deducted class is not 田坎
        r["KCDLBM"] = "1104"
        defects.append(("YJJBNTBHTB", 5, "KCDLBM", "1104", "YJJBNTBHTB.KCDLBM-not-1203-with-KCXS",
                        "a coefficient deducts 田坎 1203"))
        r = rows[3]   # record 4: cropland without a slope grade
        r["GDPDJB"] = ""
        defects.append(("YJJBNTBHTB", 4, "GDPDJB", "(blank)", "YJJBNTBHTB.GDPDJB-missing-for-cropland", "DLBM 0101"))
        r = rows[6]   # record 7: on forest land, and its area was not recomputed after it was redrawn
        r["DLBM"], r["DLMC"] = "0301", "乔木林地"
        r["YJJBNTTBMJ"] = money(90 * 200)
        r["YJJBNTMJ"] = r["YJJBNTTBMJ"]
        defects.append(("YJJBNTBHTB", 7, "DLBM", "0301", "YJJBNTBHTB.DLBM-not-farmland-class",
                        "乔木林地 is neither cropland nor a D00 class (warning)"))
        defects.append(("YJJBNTBHTB", 7, "YJJBNTTBMJ", r["YJJBNTTBMJ"], "YJJBNTBHTB.YJJBNTTBMJ-not-ellipsoidal-area",
                        f"the area of the patch before it was redrawn; the ellipsoidal area is "
                        f"{money(ellipsoidal_area(*boxes[6]))} (warning)"))
        rows[5]["YJJBNTTBBH"] = rows[4]["YJJBNTTBBH"]   # record 6 repeats record 5's number
        defects.append(("YJJBNTBHTB", 6, "YJJBNTTBBH", rows[5]["YJJBNTTBBH"],
                        "YJJBNTBHTB.YJJBNTTBBH.value-duplicated", "the number of record 5"))
        defects.append(("YJJBNTBHTB", 2, "(shape)", "x 200-420", "YJJBNTBHTB.patches-overlap",
                        "20 m × 225 m over record 3"))
        defects.append(("YJJBNTBHTB", 5, "(shape)", "y 225-520", "YJJBNTBHTB.overlaps-CZKFBJ",
                        "200 m × 20 m inside CZKFBJ record 3 (特别用途区)"))
        defects.append(("YJJBNTBHTB", 7, "(shape)", "x 600-760", "YJJBNTBHTB.overlaps-STBHHX",
                        "60 m × 200 m inside STBHHX record 2"))
    return [(b, r) for b, r in zip(boxes, rows)], defects


def protection_target(sample):
    boxes = [[0, 0, 200, 225], [200, 0, 400, 225]]
    rows, defects = [], []
    for i, box in enumerate(boxes, start=1):
        area = round(ellipsoidal_area(*box), 2)
        kc = round(area * 0.05, 2)
        rows.append({
            "BSM": f"{COUNTY}{100 + i:012d}", "YSDM": "2005010300", "TBYBH": str(i), "TBBH": str(i),
            "DLBM": "0103", "DLMC": "旱地", "QSXZ": "30", "QSDWDM": village(1), "QSDWMC": "示例村",
            "ZLDWDM": village(1), "ZLDWMC": "示例村", "TBMJ": money(area), "KCDLBM": "1203", "KCXS": 0.05,
            "KCMJ": money(kc), "TBDLMJ": money(area - kc), "GDLX": "PD", "SFWHTD": 0, "GDPDJB": "3",
            "GDDB": 6, "FRDBS": "0", "SJNF": 2022,
        })
    if sample:
        rows[1]["TBDLMJ"] = rows[1]["TBMJ"]
        defects.append(("GDBHMB", 2, "TBDLMJ", rows[1]["TBDLMJ"], "GDBHMB.TBDLMJ-not-TBMJ-minus-KCMJ",
                        "equals TBMJ: the deduction was not taken off"))
    return list(zip(boxes, rows)), defects


def red_line(sample):
    boxes = [[700, 600, 1000, 1000], [700, 0, 1000, 300]]
    rows, defects = [], []
    for i, box in enumerate(boxes, start=1):
        # the feature codes of STBHHX and CZKFBJ were not found (research/gtkjgh.md §6): the table name stands in
        rows.append({"BSM": f"{COUNTY}{200 + i:012d}", "YSDM": "STBHHX", "XZQDM": TOWN,
                     "MJ": money(round(ellipsoidal_area(*box), 2))})
    if sample:
        planar = (boxes[0][2] - boxes[0][0]) * (boxes[0][3] - boxes[0][1])
        rows[0]["MJ"] = money(planar)
        defects.append(("STBHHX", 1, "MJ", rows[0]["MJ"], "STBHHX.MJ-not-ellipsoidal-area",
                        f"the planar area; the ellipsoidal area is {money(ellipsoidal_area(*boxes[0]))}"))
    return list(zip(boxes, rows)), defects


def urban_boundary(sample):
    boxes = [[0, 600, 400, 1000], [400, 600, 600, 1000], [0, 500, 600, 600]]
    zones = [("城镇集中建设区", "C1"), ("城镇弹性发展区", "C2"), ("特别用途区", "C3")]
    rows, defects = [], []
    if sample:
        boxes[1][2] = 750   # record 2 reaches 50 m into the red line STBHHX#1
        boxes[0][2] = 430   # record 1 overlaps record 2 by 30 m
    for i, (box, (name, code)) in enumerate(zip(boxes, zones), start=1):
        rows.append({"BSM": f"{COUNTY}{300 + i:012d}", "YSDM": "CZKFBJ", "XZQDM": TOWN, "XZQMC": "示例镇",
                     "GHFQDM": code, "GHFQMC": name, "MJ": money(round(ellipsoidal_area(*box), 2))})
    if sample:
        rows[2]["GHFQMC"] = "特殊用途区"
        defects.append(("CZKFBJ", 3, "GHFQMC", "特殊用途区", "CZKFBJ.GHFQMC.code-unknown", "the list has 特别用途区"))
        defects.append(("CZKFBJ", 1, "(shape)", "x 0-430", "CZKFBJ.sub-zones-overlap", "30 m × 400 m over record 2"))
        defects.append(("STBHHX", 1, "(shape)", "", "STBHHX.overlaps-CZKFBJ",
                        "CZKFBJ record 2 (x 400-750) reaches 50 m × 400 m into it"))
    return list(zip(boxes, rows)), defects


# --------------------------------------------------------------------------
# The survey database (gtdc@2020) given with --with
# --------------------------------------------------------------------------
DLTB_FIELDS = [
    ("BSM", "C", 18, 0), ("YSDM", "C", 10, 0), ("TBYBH", "C", 18, 0), ("TBBH", "C", 8, 0), ("DLBM", "C", 5, 0),
    ("DLMC", "C", 60, 0), ("QSXZ", "C", 2, 0), ("QSDWDM", "C", 19, 0), ("QSDWMC", "C", 255, 0),
    ("ZLDWDM", "C", 19, 0), ("ZLDWMC", "C", 255, 0), ("TBMJ", "N", 15, 2), ("TBDLMJ", "N", 15, 2),
]
XZQ_FIELDS = [("BSM", "C", 18, 0), ("YSDM", "C", 10, 0), ("XZQDM", "C", 9, 0), ("XZQMC", "C", 100, 0),
              ("DCMJ", "N", 15, 2), ("JSMJ", "N", 15, 2)]
CJDCQ_FIELDS = [("BSM", "C", 18, 0), ("YSDM", "C", 10, 0), ("ZLDWDM", "C", 19, 0), ("ZLDWMC", "C", 255, 0),
                ("DCMJ", "N", 15, 2), ("JSMJ", "N", 15, 2)]


def survey_parcels():
    """The land-class parcels of the lines' square (x 0-1000, y 0-1000), a partition of it.

    Under the clean farmland patches: cropland (0101, 0103) and, under patch 6, 0304 森林沼泽 (a 可调整 class,
    reported as its own group). Around them: forest (0301) east of x 690 below the red line, and urban housing
    (0701) north of y 450, where the sample's redrawn patches 5 and 7 reach.
    """
    parcels = [
        ([0, 0, 400, 450], "0101", "水田"), ([400, 0, 600, 225], "0103", "旱地"),
        ([400, 225, 600, 450], "0304", "森林沼泽"), ([600, 0, 690, 300], "0101", "水田"),
        ([690, 0, 1000, 300], "0301", "乔木林地"), ([0, 450, 600, 1000], "0701", "城镇住宅用地"),
        ([600, 300, 1000, 1000], "0301", "乔木林地"),
    ]
    features = []
    for i, (box, dlbm, dlmc) in enumerate(parcels, start=1):
        area = money(round(ellipsoidal_area(*box), 2))
        features.append((box, {
            "BSM": f"{COUNTY}{400 + i:012d}", "YSDM": "2001010100", "TBYBH": str(i), "TBBH": str(i), "DLBM": dlbm,
            "DLMC": dlmc, "QSXZ": "30", "QSDWDM": village(1), "QSDWMC": "示例1村", "ZLDWDM": village(1),
            "ZLDWMC": "示例1村", "TBMJ": area, "TBDLMJ": area,
        }))
    return features


def hazard_local(row):
    """A register row's point in the local grid (x east, y north, metres)."""
    return float(row["Y坐标"]) - E0, float(row["X坐标"]) - N0


def townships():
    """示例镇, which holds every hazard point, and 示例乡 east of it."""
    features = []
    for i, (box, code, name) in enumerate([([-1000, -1000, 3500, 3000], "100", "示例镇"),
                                           ([3500, -1000, 5000, 3000], "101", "示例乡")], start=1):
        area = money(round(ellipsoidal_area(*box), 2))
        features.append((box, {"BSM": f"{COUNTY}{500 + i:012d}", "YSDM": "1000600100", "XZQDM": COUNTY + code,
                               "XZQMC": name, "DCMJ": area, "JSMJ": area}))
    return features


def villages(rows):
    """One 600 m square village 示例{i}村 around each hazard point i of the clean register."""
    features = []
    for i, row in enumerate(rows, start=1):
        x, y = hazard_local(row)
        box = [round(x) - 300, round(y) - 300, round(x) + 300, round(y) + 300]
        area = money(round(ellipsoidal_area(*box), 2))
        features.append((box, {"BSM": f"{COUNTY}{600 + i:012d}", "YSDM": "1000600200", "ZLDWDM": village(i),
                               "ZLDWMC": f"示例{i}村", "DCMJ": area, "JSMJ": area}))
    return features


def located_sample(rows):
    """The clean point register with one point naming another township and one naming another village."""
    rows = [dict(r) for r in rows]
    defects = []
    rows[3]["乡镇"] = "示例乡"
    defects.append(("隐患点 (hazard-points)", 4, "乡镇", "示例乡", "YHD.not-in-named-township",
                    "the point lies in 示例镇 (XZQ#1 of survey/); 示例乡 is XZQ#2"))
    rows[1]["村"] = "示例3村"
    defects.append(("隐患点 (hazard-points)", 2, "村", "示例3村", "YHD.not-in-named-village",
                    "the point lies in 示例2村 (CJDCQ#2 of survey/)"))
    return rows, defects


def cross_system_defects():
    """The sample's defects against the survey (gtdc.DLTB) and the farmland dataset (yjjbnt.YJJBNTBHTB)."""
    return [
        ("YJJBNTBHTB", 5, "(shape)", "y 450-520", "YJJBNTBHTB.on-non-cropland",
         "200 m × 70 m on DLTB#6 (0701 城镇住宅用地) of survey/ (warning)"),
        ("YJJBNTBHTB", 7, "(shape)", "x 690-760", "YJJBNTBHTB.on-non-cropland",
         "70 m × 200 m on DLTB#5 (0301 乔木林地) of survey/ (warning)"),
        ("YJJBNTBHTB", 6, "(shape)", "", "YJJBNTBHTB.on-adjustable-classes",
         "the whole patch lies on DLTB#3 (0304 森林沼泽, a 可调整 class): reported as its own group, in the clean "
         "variant too (warning)"),
        ("STBHHX", 2, "(shape)", "", "STBHHX.overlaps-farmland-of-yjjbnt",
         "patch 7 of sample/farmland/ reaches 60 m × 200 m into it"),
        ("CZKFBJ", 3, "(shape)", "", "CZKFBJ.overlaps-farmland-of-yjjbnt",
         "patch 5 of sample/farmland/ reaches 200 m × 20 m into it"),
    ]


# --------------------------------------------------------------------------
# The hazard register
# --------------------------------------------------------------------------
def hazards(sample):
    points = [
        ("滑坡", 31.8000, 117.2000, 120, 30, 300.0, "中型", "中型"),
        ("崩塌", 31.8050, 117.2100, 40, 12, 150.0, "小型", "小型"),
        ("泥石流", 31.8100, 117.2200, 600, 150, 2000.0, "大型", "大型"),
        ("地面塌陷", 31.7950, 117.1900, 8, 2, 50.0, "小型", "小型"),
        ("不稳定斜坡", 31.7900, 117.2050, 15, 4, 80.0, "小型", "小型"),
        ("滑坡", 31.8150, 117.1950, 30, 9, 1200.0, "中型", "中型"),
    ]
    rows, defects = [], []
    for i, (kind, lat, lon, people, homes, money_, scale, grade) in enumerate(points, start=1):
        north, east = gk(lat, lon)
        rows.append({
            "统一编号": f"{COUNTY}{i:06d}", "名称": f"示例{kind}{i}号", "灾害类型": kind, "省": "示例省", "市": "示例市",
            "县": "示例县", "乡镇": "示例镇", "村": f"示例{i}村", "地理位置": f"示例镇示例{i}村",
            "X坐标": f"{north:.2f}", "Y坐标": f"{FALSE_EASTING + east:.2f}", "经度": f"{lon:.6f}", "纬度": f"{lat:.6f}",
            "规模等级": scale, "威胁人数": str(people), "威胁户数": str(homes), "威胁财产": f"{money_:.2f}",
            "险情等级": grade, "是否核销": "0", "核销单位": "", "核销原因": "", "核销时间": "",
        })
    # a seventh point, written off after its works were finished: not an active point
    north, east = gk(31.7980, 117.2150)
    rows.append({
        "统一编号": f"{COUNTY}000007", "名称": "示例滑坡7号", "灾害类型": "滑坡", "省": "示例省", "市": "示例市",
        "县": "示例县", "乡镇": "示例镇", "村": "示例7村", "地理位置": "示例镇示例7村",
        "X坐标": f"{north:.2f}", "Y坐标": f"{FALSE_EASTING + east:.2f}", "经度": "117.215000", "纬度": "31.798000",
        "规模等级": "小型", "威胁人数": "0", "威胁户数": "0", "威胁财产": "0.00", "险情等级": "小型", "是否核销": "1",
        "核销单位": "示例县自然资源局", "核销原因": "工程治理完成", "核销时间": "20240510",
    })
    summary = [{"县": "示例县", "隐患点数": "6"}]
    if sample:
        r = rows[1]
        r["经度"], r["纬度"] = r["纬度"], r["经度"]
        defects.append(("隐患点", 2, "经度", r["经度"], "YHD.JD-WD-swapped", f"纬度 holds {r['纬度']}"))
        r = rows[2]
        r["Y坐标"] = f"{float(r['Y坐标']) + 1000:.2f}"
        defects.append(("隐患点", 3, "X坐标", r["X坐标"], "YHD.XY-not-at-JD-WD", "Y坐标 is 1000 m east of 经度/纬度"))
        r = rows[0]
        r["威胁人数"] = "150"
        r["险情等级"] = "小型"
        defects.append(("隐患点", 1, "险情等级", "小型", "YHD.XQDJ-not-by-threat", "150 people threatened is 中型"))
        rows[4]["统一编号"] = rows[3]["统一编号"]
        defects.append(("隐患点", 5, "统一编号", rows[4]["统一编号"], "隐患点.统一编号.value-duplicated",
                        "the number of record 4"))
        rows[6]["核销原因"] = ""
        defects.append(("隐患点", 7, "是否核销", "1", "YHD.written-off-without-details", "核销原因 is blank"))
        rows[5]["威胁户数"], rows[5]["威胁人数"] = "30", "9"
        defects.append(("隐患点", 6, "威胁户数", "30", "YHD.households-exceed-people", "9 people"))
        rows[3]["灾害类型"] = "地面塌方"
        defects.append(("隐患点", 4, "灾害类型", "地面塌方", "隐患点.灾害类型.code-unknown", "not one of the seven types"))
        summary[0]["隐患点数"] = "7"
        defects.append(("隐患点汇总", 1, "隐患点数", "7", "YHDHZ.count-includes-written-off",
                        "counts the written-off record 7; the active count is 6 (warning)"))
    return rows, summary, defects


def write_csv(path, fields, rows):
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        f.write(",".join(name for name, _, _, _ in fields) + "\r\n")
        for r in rows:
            cells = []
            for name, ftype, _, _ in fields:
                v = r.get(name)
                v = "" if v is None else str(v)
                if ftype == "D" and len(v) == 8:
                    v = f"{v[:4]}-{v[4:6]}-{v[6:]}"
                cells.append(v)
            f.write(",".join(cells) + "\r\n")


def write_readme(defects):
    lines = [
        "# Other systems: the three control lines and the hazard register",
        "",
        "Made by `scripts/make-other-systems-fixtures.py` (pyshp); do not edit by hand. Synthetic data, not real:",
        "a made-up county 341122 in EPSG:4527 (CGCS2000 3° Gauss-Krüger zone 39) near 31.8° N 117.2° E.",
        "",
        "| folder | standard | holds |",
        "|---|---|---|",
        "| `sample/lines/` | `sqsx@2021` | YJJBNTBHTB (7 patches), GDBHMB (2), STBHHX (2), CZKFBJ (3 sub-zones), shapefiles in GBK |",
        "| `sample/hazards/` | `dzzh@register` | 隐患点.csv (7 points, one written off) and 隐患点汇总.csv, UTF-8 with BOM |",
        "| `clean/lines/` | `sqsx@2021` | the same lines without defects |",
        "| `clean/hazards/` | `dzzh@register` | the register without defects, as lone 隐患点.dbf and 隐患点汇总.dbf (GBK .cpg) |",
        "| `clean/hazard-points/` | `dzzh@register` | the same register as a point shapefile 隐患点.shp (EPSG:4527) |",
        "| `sample/hazard-points/` | `dzzh@register` | the clean point register with two location defects |",
        "| `sample/farmland/`, `clean/farmland/` | `yjjbnt@2022` | the YJJBNTBHTB of `lines/` on its own: the farmland "
        "dataset `--with yjjbnt@2022=PATH` gives sqsx@2021 |",
        "| `survey/` | `gtdc@2020` | the survey database for `--with gtdc@2020=PATH`: DLTB (7 parcels over the lines), "
        "XZQ (示例镇, 示例乡), CJDCQ (one village around each hazard point); shared by both variants |",
        "",
        "The checks across systems need the other datasets: the lines are checked as",
        "`stdcheck check sample/lines --standard sqsx@2021 --with gtdc@2020=survey --with yjjbnt@2022=sample/farmland`",
        "(paths under fixtures/other-systems/), the point register as",
        "`stdcheck check sample/hazard-points --standard dzzh@register --with gtdc@2020=survey`, and the clean",
        "variant likewise with `clean/`. Without `--with gtdc@2020` the farmland and the point register are NOT CHECKED",
        "(their rules against the survey could not be evaluated); without `--with yjjbnt@2022` the two rules against",
        "the farmland dataset are not applicable, since the lines hold YJJBNTBHTB themselves.",
        "",
        "Recorded areas are ellipsoidal areas (CGCS2000); the hazard points' X/Y are their 经度/纬度 projected.",
        "YSDM: 2005010300 for the farmland layers (the one value the research saw, for YJJBNTTB) and the table",
        "name for STBHHX and CZKFBJ, whose feature codes were not found; the packs do not check YSDM values.",
        "The clean variant gives no error finding (format findings about pyshp's DBF aside, if any); its one warning",
        "across systems is the patch on a 可调整 class (listed below), which is reported by design.",
        "",
        "## Deliberate defects of the sample",
        "",
        "Each row names the rule that must find it; the test",
        "`everyDeliberateDefectOfTheOtherSystemsIsCaughtByTheRuleItsReadmeNames` checks that the rules finding",
        "something in `sample/` are exactly these.",
        "",
        "| layer | record | field | value | rule | note |",
        "|---|---|---|---|---|---|",
    ]
    for layer, record, field, value, rule, note in defects:
        lines.append(f"| {layer} | {record} | {field} | {value} | `{rule}` | {note} |")
    lines.append("")
    with open(os.path.join(OUT, "README.md"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines))


def main():
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    all_defects = []
    for variant in ("sample", "clean"):
        sample = variant == "sample"
        lines_dir = os.path.join(OUT, variant, "lines")
        hazards_dir = os.path.join(OUT, variant, "hazards")
        os.makedirs(lines_dir)
        os.makedirs(hazards_dir)
        defects = []
        for name, fields, make in (("YJJBNTBHTB", YJJBNT_FIELDS, farmland), ("GDBHMB", GDBHMB_FIELDS, protection_target),
                                   ("STBHHX", STBHHX_FIELDS, red_line), ("CZKFBJ", CZKFBJ_FIELDS, urban_boundary)):
            features, found = make(sample)
            write_layer(lines_dir, name, fields, features)
            defects += found
        rows, summary, found = hazards(sample)
        defects += found
        if sample:
            write_csv(os.path.join(hazards_dir, "隐患点.csv"), HAZARD_FIELDS, rows)
            write_csv(os.path.join(hazards_dir, "隐患点汇总.csv"), SUMMARY_FIELDS, summary)
            all_defects = defects
        else:
            write_dbf_only(os.path.join(hazards_dir, "隐患点.dbf"), HAZARD_FIELDS, rows)
            write_dbf_only(os.path.join(hazards_dir, "隐患点汇总.dbf"), SUMMARY_FIELDS, summary)
            write_points(os.path.join(OUT, variant, "hazard-points"), HAZARD_FIELDS, rows)
            clean_rows = rows
        # the farmland patches on their own, the yjjbnt@2022 dataset sqsx@2021 takes with --with
        farmland_dir = os.path.join(OUT, variant, "farmland")
        os.makedirs(farmland_dir)
        write_layer(farmland_dir, "YJJBNTBHTB", YJJBNT_FIELDS, farmland(sample)[0])
    located, found = located_sample(clean_rows)
    write_points(os.path.join(OUT, "sample", "hazard-points"), HAZARD_FIELDS, located)
    all_defects += cross_system_defects() + found
    survey_dir = os.path.join(OUT, "survey")
    os.makedirs(survey_dir)
    write_layer(survey_dir, "DLTB", DLTB_FIELDS, survey_parcels())
    write_layer(survey_dir, "XZQ", XZQ_FIELDS, townships())
    write_layer(survey_dir, "CJDCQ", CJDCQ_FIELDS, villages(clean_rows))
    write_readme(all_defects)


if __name__ == "__main__":
    main()
