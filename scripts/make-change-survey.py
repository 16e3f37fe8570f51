#!/usr/bin/env python3
"""Generate the change-survey (年度国土变更调查) fixtures at fixtures/change-survey/.

What it makes
    Two synthetic (NOT real) update packages of the base county fixtures/clean-county/ (used as is, as
    `--base`, not copied): update-clean/ and update-defects/, each a DLTBGX (地类图斑更新) and a
    DLTBGXGC (地类图斑更新过程) shapefile set (GBK, EPSG:4527), made by real kinds of change:
      split   base parcel #1 (0103 旱地) into a cropland part (0103) and a rural road (1006 农村道路);
      merge   base parcels #3 and #4 (0103, sharing an edge) into one cropland parcel;
      class   base parcel #6 (0404 其他草地) becomes an orchard (0201 果园);
      class   base parcel #7 (0201 果园) becomes forest (0301 乔木林地).
    The update parcels of each change cover exactly its base parcels (DLTBGX.does-not-tile-replaced).
    Areas are split in proportion to the planar areas and balance to the centimetre; the BGQ… fields
    copy the base parcel, the BGH… fields the update parcel. update-defects/ has the deliberate defects
    listed, by rule id, in fixtures/change-survey/README.md (written by this script).

How to run
    python3 scripts/make-change-survey.py      (from the repository root; needs pyshp 3.x)
The output is deterministic; it is committed, so CI needs no Python.
"""

import copy
import os

import shapefile  # pyshp

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BASE = os.path.join(ROOT, "fixtures", "clean-county", "DLTB")
OUT = os.path.join(ROOT, "fixtures", "change-survey")
DBF_DATE = (2021, 12, 31)
GXSJ = "20211231"
ATTRS = ["TBBH", "DLBM", "DLMC", "QSXZ", "QSDWDM", "QSDWMC", "ZLDWDM", "ZLDWMC", "KCDLBM", "KCXS", "KCMJ",
         "TBDLMJ", "GDLX", "GDPDJB", "XZDWKD", "TBXHDM", "TBXHMC", "ZZSXDM", "ZZSXMC", "GDDB", "FRDBS", "CZCSXM",
         "MSSM", "HDMC", "BZ"]


def area(ring):
    s = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
        s += x1 * y2 - x2 * y1
    return abs(s) / 2


def cents(v):
    return round(v + 0.0, 2)


def read_base():
    r = shapefile.Reader(BASE, encoding="gbk")
    fields = [(f.name, f.field_type, f.size, f.decimal) for f in r.fields[1:]]
    parcels = []
    for sr in r.iterShapeRecords():
        ring = [tuple(p) for p in sr.shape.points[:-1]]
        parcels.append({"ring": ring, "rec": sr.record.as_dict()})
    return fields, parcels


def strip_ring(ring):
    return ring


def make_changes(parcels):
    """The update parcels and the process records of the clean package."""
    by_bsm = {p["rec"]["BSM"]: p for p in parcels}
    next_bsm = [max(int(p["rec"]["BSM"]) for p in parcels)]
    tbbh = {}
    for p in parcels:
        v = p["rec"]["ZLDWDM"]
        tbbh[v] = max(tbbh.get(v, 0), int(p["rec"]["TBBH"]))

    def new_parcel(ring, base_rec, **changes):
        next_bsm[0] += 1
        rec = dict(base_rec)
        rec.update(changes)
        tbbh[rec["ZLDWDM"]] += 1
        rec["BSM"] = str(next_bsm[0])
        rec["TBBH"] = str(tbbh[rec["ZLDWDM"]])
        rec["SJNF"] = 2021
        rec["GXSJ"] = GXSJ
        return {"ring": ring, "rec": rec}

    def with_area(rec, tbmj):
        rec["TBMJ"] = tbmj
        kcxs = rec.get("KCXS") or 0.0
        rec["KCMJ"] = cents(tbmj * kcxs)
        rec["TBDLMJ"] = cents(tbmj - rec["KCMJ"])
        return rec

    updates, pieces = [], []  # pieces: (ring, before rec, after rec, TBBGMJ)
    # split #1 into cropland and a road strip (the east 15 %)
    p1 = parcels[0]
    a, b, c, d = p1["ring"]
    t = (b[0] + 0.85 * (c[0] - b[0]), b[1] + 0.85 * (c[1] - b[1]))
    s = (a[0] + 0.85 * (d[0] - a[0]), a[1] + 0.85 * (d[1] - a[1]))
    crop_ring, road_ring = [a, b, t, s], [s, t, c, d]
    total = p1["rec"]["TBMJ"]
    crop_mj = cents(total * area(crop_ring) / (area(crop_ring) + area(road_ring)))
    road_mj = cents(total - crop_mj)
    crop = new_parcel(crop_ring, p1["rec"])
    with_area(crop["rec"], crop_mj)
    road = new_parcel(road_ring, p1["rec"], DLBM="1006", DLMC="农村道路", KCDLBM="", KCXS=0.0, GDLX="",
                      GDPDJB="", ZZSXDM="", ZZSXMC="", GDDB=None, XZDWKD=4.0)
    with_area(road["rec"], road_mj)
    updates += [crop, road]
    pieces += [(crop_ring, p1["rec"], crop["rec"], crop_mj), (road_ring, p1["rec"], road["rec"], road_mj)]
    # merge #3 and #4 (they share the edge D-C)
    p3, p4 = parcels[2], parcels[3]
    a3, b3, c3, d3 = p3["ring"]
    _, _, e4, f4 = p4["ring"]
    merged = new_parcel([a3, b3, c3, e4, f4, d3], p3["rec"])
    with_area(merged["rec"], cents(p3["rec"]["TBMJ"] + p4["rec"]["TBMJ"]))
    updates.append(merged)
    pieces += [(p3["ring"], p3["rec"], merged["rec"], p3["rec"]["TBMJ"]),
               (p4["ring"], p4["rec"], merged["rec"], p4["rec"]["TBMJ"])]
    # class changes of #6 and #7
    for p, dlbm, dlmc in ((parcels[5], "0201", "果园"), (parcels[6], "0301", "乔木林地")):
        changed = new_parcel(p["ring"], p["rec"], DLBM=dlbm, DLMC=dlmc)
        updates.append(changed)
        pieces.append((p["ring"], p["rec"], changed["rec"], p["rec"]["TBMJ"]))

    records = []
    for n, (ring, before, after, mj) in enumerate(pieces, 1):
        rec = {"BSM": "1301232102%08d" % n, "BGQTBBSM": before["BSM"], "BGHTBBSM": after["BSM"],
               "TBBGMJ": mj, "BGXW": "2", "XZQTZLX": "0", "GXSJ": GXSJ}
        for name in ATTRS:
            rec["BGQ" + name] = before.get(name)
            rec["BGH" + name] = after.get(name)
        records.append({"ring": ring, "rec": rec})
    return updates, records


def write(folder, name, rows, fields):
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, name)
    w = shapefile.Writer(path, shapeType=shapefile.POLYGON, encoding="gbk")
    for f in fields:
        w.field(*f)
    for row in rows:
        w.poly([row["ring"] + row["ring"][:1]])
        values = []
        for fname, ftype, _, _ in fields:
            v = row["rec"].get(fname)
            if ftype == "N":
                values.append(None if v is None or v == "" else float(v))
            else:
                values.append("" if v is None else str(v))
        w.record(*values)
    w.close()
    with open(path + ".dbf", "r+b") as f:
        f.seek(1)
        y, m, d = DBF_DATE
        f.write(bytes([y - 1900, m, d]))
    with open(os.path.join(ROOT, "fixtures", "clean-county", "DLTB.prj"), encoding="ascii") as f:
        prj = f.read()
    with open(path + ".prj", "w", encoding="ascii", newline="") as f:
        f.write(prj)
    with open(path + ".cpg", "w", encoding="ascii", newline="") as f:
        f.write("GBK")


def main():
    dltb_fields, parcels = read_base()
    gx_fields = dltb_fields + [("GXSJ", "D", 8, 0)]
    by_name = {f[0]: f for f in dltb_fields}
    gc_fields = [("BSM", "C", 18, 0), ("BGQTBBSM", "C", 18, 0), ("BGHTBBSM", "C", 18, 0)]
    for prefix in ("BGQ", "BGH"):
        gc_fields += [(prefix + n,) + by_name[n][1:] for n in ATTRS]
    gc_fields += [("TBBGMJ", "N", 15, 2), ("BGXW", "C", 1, 0), ("XZQTZLX", "C", 1, 0), ("GXSJ", "D", 8, 0)]

    updates, records = make_changes(parcels)
    write(os.path.join(OUT, "update-clean"), "DLTBGX", updates, gx_fields)
    write(os.path.join(OUT, "update-clean"), "DLTBGXGC", records, gc_fields)

    bad_updates, bad = copy.deepcopy(updates), copy.deepcopy(records)
    defects = []
    # 1. the road piece of the split gives 5 m² less than it has: neither side balances
    bad[1]["rec"]["TBBGMJ"] = cents(bad[1]["rec"]["TBBGMJ"] - 5)
    defects.append(("DLTBGXGC #2 TBBGMJ %.2f (5 less than the road's TBMJ)" % bad[1]["rec"]["TBBGMJ"],
                    ["DLTBGXGC.before-area-not-balanced at base:DLTB.shp #1 (BSM %s)" % parcels[0]["rec"]["BSM"],
                     "DLTBGXGC.after-area-not-balanced at DLTBGX #2 (BSM %s)" % updates[1]["rec"]["BSM"],
                     "DLTBGX.change-not-balanced at DLTBGX #1 and #2 (the change table: 5 m² more out of class 01 "
                     "and less into class 10 than the updated database holds)"]))
    # 2. the class change of #6 states a land class before that the base does not have
    bad[4]["rec"]["BGQDLBM"] = "0403"
    defects.append(("DLTBGXGC #5 BGQDLBM 0403 (the base parcel %s is 0404)" % parcels[5]["rec"]["BSM"],
                    ["DLTBGXGC.BGQ-differs-from-base at DLTBGXGC #5 BGQDLBM"]))
    # 3. the process record of the class change of #7 is missing
    dropped = bad.pop(5)
    defects.append(("the process record of update parcel %s (from base %s) is missing"
                    % (dropped["rec"]["BGHTBBSM"], dropped["rec"]["BGQTBBSM"]),
                    ["DLTBGX.process-record-missing at DLTBGX #5 (BSM %s)" % updates[4]["rec"]["BSM"],
                     "DLTBGX.change-not-balanced at DLTBGX #5 (class 03: base %s is not replaced, so the updated "
                     "database holds it and its new state)" % dropped["rec"]["BGQTBBSM"]]))
    # 4. the cropland piece of the split names an after-parcel that is not delivered
    bad[0]["rec"]["BGHTBBSM"] = "130123210100000499"
    defects.append(("DLTBGXGC #1 BGHTBBSM 130123210100000499 (not in DLTBGX)",
                    ["DLTBGXGC.BGHTBBSM-not-in-DLTBGX at DLTBGXGC #1",
                     "side effect: DLTBGX.process-record-missing at DLTBGX #1 (BSM %s), its record now names "
                     "another parcel" % updates[0]["rec"]["BSM"]]))
    # 5. the class change of #6 takes a 3 m strip of its unchanged western neighbour #5: the update parcel
    #    overlaps a base parcel the update leaves alone (its attributes and area are left as they were)
    ring = bad_updates[3]["ring"]
    bad_updates[3]["ring"] = [(ring[0][0] - 3, ring[0][1]), (ring[1][0] - 3, ring[1][1])] + ring[2:]
    defects.append(("DLTBGX #4 %s (from base %s) reaches 3 m into the unchanged base parcel %s"
                    % (updates[3]["rec"]["BSM"], parcels[5]["rec"]["BSM"], parcels[4]["rec"]["BSM"]),
                    ["DLTBGX.does-not-tile-replaced at DLTBGX #4, twice: the part outside base %s (an overlap with "
                     "%s), and the sliver of %s the moved corner leaves uncovered"
                     % (parcels[5]["rec"]["BSM"], parcels[4]["rec"]["BSM"], parcels[5]["rec"]["BSM"])]))
    write(os.path.join(OUT, "update-defects"), "DLTBGX", bad_updates, gx_fields)
    write(os.path.join(OUT, "update-defects"), "DLTBGXGC", bad, gc_fields)

    with open(os.path.join(OUT, "README.md"), "w", encoding="utf-8") as out:
        out.write("# Change-survey fixtures (generated by scripts/make-change-survey.py; do not edit)\n\n")
        out.write("Synthetic update packages of `fixtures/clean-county/` (the base, last year's database), checked with\n")
        out.write("`stdcheck check fixtures/change-survey/update-clean --standard gtdcbg@2021 --base fixtures/clean-county`.\n\n")
        out.write("## Changes (both packages)\n\n| update parcel (DLTBGX) | from base parcels | change |\n|---|---|---|\n")
        kinds = ["split: cropland part", "split: rural road 1006", "merge of two 0103 parcels", "class 0404 → 0201",
                 "class 0201 → 0301"]
        for n, u in enumerate(updates):
            froms = sorted({r["rec"]["BGQTBBSM"] for r in records if r["rec"]["BGHTBBSM"] == u["rec"]["BSM"]})
            out.write("| #%d %s (TBMJ %.2f) | %s | %s |\n" % (n + 1, u["rec"]["BSM"], u["rec"]["TBMJ"],
                                                            ", ".join(froms), kinds[n]))
        out.write("\nEvery process record (DLTBGXGC) has XZQTZLX 0 (a change inside the county), BGXW 2 (its\n")
        out.write("meaning is not established, see the pack) and GXSJ %s; process BSMs use the layer code 2102\n" % GXSJ)
        out.write("(made up). `update-clean/` gives no error finding.\n\n")
        out.write("## Deliberate defects of update-defects/\n\n| defect | found by |\n|---|---|\n")
        for what, found in defects:
            out.write("| %s | %s |\n" % (what, "; ".join(found)))


if __name__ == "__main__":
    main()
