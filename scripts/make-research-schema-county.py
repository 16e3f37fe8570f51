#!/usr/bin/env python3
"""Make fixtures/research-schema-county: a tiny, clean 三调 county whose tables are those of the real
三调 geodatabase the research found (research/standards/gtdc-2020.md §3-§4; gtdc-discrepancies.md #1-#53).

Text fields have the widths of the real geodatabase dump (index file 61641655739): BSM varchar(18) in
every layer, XZQ.XZQDM varchar(9), QSDWDM/ZLDWDM varchar(19), TBXHDM 6, TBXHMC 20, ZZSXDM 6, ZZSXMC 20,
names 255, HDMC 100, BZ 255. A PostGIS numeric has no dBASE width, so numbers are written as the 三调
VCT export declares them (Float 15,2 for areas, KCXS 6,4, XZDWKD 5,1) and GDDB/SJNF as N 2/N 4.

The values are clean and exercise what the corrected gtdc@2020 must accept:
  - BSM = county code (6) + layer code (4) + sequence (8);
  - a village with a land (MSSM 00) and an island (MSSM 01) feature: CJDCQ.ZLDWDM is not unique;
  - a township stated by two land features and an island feature with one XZQDM;
  - FQ on 1003, CZCSXM 204 on 0602 and 1201, GCHF on 0404, JKHF on 0201, XZDWKD on 1006 and 1003;
  - collective land of another village flagged FRDBS 1; state land owned by a county unit with FRDBS 0;
  - ZZSXMC 种植粮食作物 / 种植非粮作物;
  - two optional layers: XZQJX (the township boundary line, fields of the dump) and CZCDYD (a 204 range).
Synthetic data (county 130123 is made up). Needs pyshp 3.x; deterministic; run from the repository root.
"""
import os
import shapefile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "fixtures", "research-schema-county")
PRJ = open(os.path.join(ROOT, "fixtures", "clean-county", "DLTB.prj"), encoding="ascii").read()
X0, Y0 = 39512000.0, 4331000.0
COUNTY, TOWN = "130123", "130123101"
V1, V2 = TOWN + "001", TOWN + "002"
NAMES = {V1: "东村", V2: "西村"}
STATE_UNIT = "1301230000000000000"  # a county-level state unit (国有)


def bsm(layer_code, n):
    return COUNTY + layer_code + "%08d" % n


def square(x, y, w=100.0, h=100.0):
    """A clockwise ring (shapefile outer ring) of the rectangle at offset (x, y) metres."""
    x, y = X0 + x, Y0 + y
    return [(x, y), (x, y + h), (x + w, y + h), (x + w, y), (x, y)]


DLTB_FIELDS = [
    ("BSM", "C", 18, 0), ("YSDM", "C", 10, 0), ("TBYBH", "C", 18, 0), ("TBBH", "C", 8, 0),
    ("DLBM", "C", 5, 0), ("DLMC", "C", 60, 0), ("QSXZ", "C", 2, 0), ("QSDWDM", "C", 19, 0),
    ("QSDWMC", "C", 255, 0), ("ZLDWDM", "C", 19, 0), ("ZLDWMC", "C", 255, 0), ("TBMJ", "N", 15, 2),
    ("KCDLBM", "C", 5, 0), ("KCXS", "N", 6, 4), ("KCMJ", "N", 15, 2), ("TBDLMJ", "N", 15, 2),
    ("GDLX", "C", 2, 0), ("GDPDJB", "C", 2, 0), ("XZDWKD", "N", 5, 1), ("TBXHDM", "C", 6, 0),
    ("TBXHMC", "C", 20, 0), ("ZZSXDM", "C", 6, 0), ("ZZSXMC", "C", 20, 0), ("GDDB", "N", 2, 0),
    ("FRDBS", "C", 1, 0), ("CZCSXM", "C", 4, 0), ("SJNF", "N", 4, 0), ("MSSM", "C", 2, 0),
    ("HDMC", "C", 100, 0), ("BZ", "C", 255, 0),
]
XZQ_FIELDS = [
    ("BSM", "C", 18, 0), ("YSDM", "C", 10, 0), ("XZQDM", "C", 9, 0), ("XZQMC", "C", 100, 0),
    ("DCMJ", "N", 15, 2), ("JSMJ", "N", 15, 2), ("MSSM", "C", 2, 0), ("HDMC", "C", 100, 0), ("BZ", "C", 255, 0),
]
CJDCQ_FIELDS = [
    ("BSM", "C", 18, 0), ("YSDM", "C", 10, 0), ("ZLDWDM", "C", 19, 0), ("ZLDWMC", "C", 255, 0),
    ("DCMJ", "N", 15, 2), ("JSMJ", "N", 15, 2), ("MSSM", "C", 2, 0), ("HDMC", "C", 100, 0), ("BZ", "C", 255, 0),
]

XZQJX_FIELDS = [
    ("BSM", "C", 18, 0), ("YSDM", "C", 10, 0), ("JXLX", "C", 6, 0), ("JXXZ", "C", 6, 0), ("JXSM", "C", 100, 0),
    ("BZ", "C", 255, 0),
]
CZCDYD_FIELDS = [
    ("BSM", "C", 18, 0), ("YSDM", "C", 10, 0), ("CZCDM", "C", 19, 0), ("CZCMC", "C", 255, 0), ("CZCLX", "C", 4, 0),
    ("CZCMJ", "N", 15, 2), ("BZ", "C", 255, 0),
]

# (x, y, village, DLBM, DLMC, overrides)
PARCELS = [
    (0, 0, V1, "0101", "水田", {"GDPDJB": "1", "KCXS": 0.0, "KCMJ": 0.0, "ZZSXDM": "LS", "ZZSXMC": "种植粮食作物",
                                "GDDB": 8}),
    (100, 0, V1, "0103", "旱地", {"GDPDJB": "3", "GDLX": "PD", "KCDLBM": "1203", "KCXS": 0.08, "KCMJ": 800.0,
                                 "ZZSXDM": "FLS", "ZZSXMC": "种植非粮作物", "GDDB": 10}),
    (0, 100, V1, "1006", "农村道路", {"XZDWKD": 6.0, "QSXZ": "10", "QSDWDM": STATE_UNIT, "QSDWMC": "县交通运输局"}),
    (100, 100, V1, "0404", "其他草地", {"ZZSXDM": "GCHF", "ZZSXMC": "工程恢复"}),
    (200, 0, V2, "1003", "公路用地", {"XZDWKD": 12.0, "TBXHDM": "FQ", "TBXHMC": "废弃", "QSXZ": "10",
                                    "QSDWDM": STATE_UNIT, "QSDWMC": "县交通运输局"}),
    (300, 0, V2, "0602", "采矿用地", {"CZCSXM": "204"}),
    (200, 100, V2, "1201", "空闲地", {"CZCSXM": "204"}),
    (300, 100, V2, "0201", "果园", {"ZZSXDM": "JKHF", "ZZSXMC": "即可恢复", "FRDBS": "1",
                                  "QSDWDM": V1 + "0000000", "QSDWMC": NAMES[V1]}),
    (500, 0, V2, "0301", "乔木林地", {"MSSM": "01", "HDMC": "小岛"}),
]


def writer(name, fields):
    w = shapefile.Writer(os.path.join(OUT, name), shapeType=shapefile.POLYGON, encoding="gbk")
    for field in fields:
        w.field(*field)
    return w


def finish(w, name):
    w.close()
    path = os.path.join(OUT, name)
    with open(path + ".dbf", "r+b") as f:  # pin the header date for reproducibility
        f.seek(1)
        f.write(bytes([126, 11, 30]))
    with open(path + ".prj", "w", encoding="ascii", newline="") as f:
        f.write(PRJ)
    with open(path + ".cpg", "w", encoding="ascii", newline="") as f:
        f.write("GBK")


def main():
    os.makedirs(OUT, exist_ok=True)
    w = writer("DLTB", DLTB_FIELDS)
    sums = {}
    for n, (x, y, village, dlbm, dlmc, extra) in enumerate(PARCELS, 1):
        r = {"BSM": bsm("2101", n), "YSDM": "2001010100", "TBBH": str(n), "DLBM": dlbm, "DLMC": dlmc,
             "QSXZ": "30", "QSDWDM": village + "0000000", "QSDWMC": NAMES[village],
             "ZLDWDM": village + "0000000", "ZLDWMC": NAMES[village], "TBMJ": 10000.0, "FRDBS": "0",
             "SJNF": 2019, "MSSM": "00"}
        r.update(extra)
        r["TBDLMJ"] = r["TBMJ"] - r.get("KCMJ", 0.0)
        key = (village, r["MSSM"])
        sums[key] = sums.get(key, 0.0) + r["TBMJ"]
        w.poly([square(x, y)])
        w.record(*[r.get(name, None if kind == "N" else "") for name, kind, _, _ in DLTB_FIELDS])
    finish(w, "DLTB")

    w = writer("CJDCQ", CJDCQ_FIELDS)
    for n, (village, mssm, ring) in enumerate([
            (V1, "00", square(0, 0, 200, 200)), (V2, "00", square(200, 0, 200, 200)),
            (V2, "01", square(500, 0))], 1):
        w.poly([ring])
        area = sums[(village, mssm)]
        w.record(bsm("1102", n), "1000600200", village + "0000000", NAMES[village], area, area, mssm,
                 "小岛" if mssm == "01" else "", "")
    finish(w, "CJDCQ")

    # the township's land is stated by two features (one per half), its island by a third
    w = writer("XZQ", XZQ_FIELDS)
    for n, (ring, area, mssm) in enumerate([
            (square(0, 0, 200, 200), 40000.0, "00"), (square(200, 0, 200, 200), 40000.0, "00"),
            (square(500, 0), 10000.0, "01")], 1):
        w.poly([ring])
        w.record(bsm("1101", n), "1000600100", TOWN, "城关镇", area, area, mssm, "小岛" if mssm == "01" else "", "")
    finish(w, "XZQ")

    # optional layers: the township boundary line and a 204 settlement range over the mining parcel
    w = shapefile.Writer(os.path.join(OUT, "XZQJX"), shapeType=shapefile.POLYLINE, encoding="gbk")
    for field in XZQJX_FIELDS:
        w.field(*field)
    w.line([square(0, 0, 400, 200)])
    w.record(bsm("1103", 1), "1000600200", "660200", "600001", "", "")
    finish(w, "XZQJX")
    # the village boundary lines: split where three boundaries meet, so every end meets another line
    w = shapefile.Writer(os.path.join(OUT, "CJDCQJX"), shapeType=shapefile.POLYLINE, encoding="gbk")
    for field in XZQJX_FIELDS:
        w.field(*field)
    for n, line in enumerate([
            [(200, 0), (200, 200)], [(200, 200), (0, 200), (0, 0), (200, 0)],
            [(200, 0), (400, 0), (400, 200), (200, 200)], [(500, 0), (500, 100), (600, 100), (600, 0), (500, 0)]], 1):
        w.line([[(X0 + x, Y0 + y) for x, y in line]])
        w.record(bsm("1104", n), "1000600200", "670500", "600001", "", "")
    finish(w, "CJDCQJX")
    w = writer("CZCDYD", CZCDYD_FIELDS)
    w.poly([square(300, 0)])
    w.record(bsm("2931", 1), "2099030100", TOWN + "0000204000", "采矿用地", "204", 10000.0, "")
    finish(w, "CZCDYD")
    print("wrote", OUT)


if __name__ == "__main__":
    main()
