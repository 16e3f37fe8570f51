"""Peer: pyshp + plain Python, record by record (shapely per shape for geometry). Prints {rule: findings} as JSON.

    pyshp_peer.py [--mode attributes|validity|overlap] FOLDER

attributes: the 12 rules of common.ATTRIBUTE_RULES. validity: DLTB.geometry-invalid (shapely's is_valid, one
shape at a time). overlap: DLTB.parcels-overlap: for each valid shape, the later valid shapes whose envelopes
meet its own (a shapely STRtree), one finding per pair whose interiors meet over more than the tolerance.
Rings are organized into polygons as StdCheck does (see `polygons`).
"""
import argparse

import shapefile  # pyshp

from common import (ATTRIBUTE_FIELDS, ATTRIBUTE_RULES, CROPLAND, NINETEEN_DIGITS, TBBH_DIGITS, blank, code_names, emit,
                    geometry_rules, number)


def attributes(folder):
    names = code_names()
    villages = {}
    with shapefile.Reader(folder + "/CJDCQ", encoding="gbk") as cjdcq:
        for record in cjdcq.iterRecords(fields=["ZLDWDM", "ZLDWMC"]):
            villages.setdefault(record[0], record[1])
    counts = {rule: 0 for rule in ATTRIBUTE_RULES}
    seen = set()
    with shapefile.Reader(folder + "/DLTB", encoding="gbk") as dltb:
        # only the fields the rules read, as StdCheck decodes only those
        fields = ATTRIBUTE_FIELDS["DLTB"]
        at = {name: i for i, name in enumerate(fields)}
        for record in dltb.iterRecords(fields=fields):
            get = lambda name: record[at[name]]
            dlbm, dlmc = get("DLBM"), get("DLMC")
            if not blank(dlbm) and dlbm not in names:
                counts["DLTB.DLBM.code-unknown"] += 1
            elif dlbm in names and dlmc != names[dlbm]:
                counts["DLTB.DLMC.name-code-mismatch"] += 1
            bsm = get("BSM")
            if not blank(bsm):
                if bsm in seen:
                    counts["DLTB.BSM.value-duplicated"] += 1
                seen.add(bsm)
            for field in ("ZLDWDM", "QSDWDM"):
                value = get(field)
                if not blank(value) and not NINETEEN_DIGITS.fullmatch(value):
                    counts["DLTB.%s.pattern-mismatch" % field] += 1
            tbmj = number(get("TBMJ"))
            if tbmj is not None and tbmj <= 0:
                counts["DLTB.TBMJ.out-of-range"] += 1
            kcxs = number(get("KCXS"))
            if kcxs is not None and not 0 <= kcxs < 1:
                counts["DLTB.KCXS.out-of-range"] += 1
            if blank(get("QSXZ")):
                counts["DLTB.QSXZ.value-missing"] += 1
            if dlbm in CROPLAND and blank(get("GDPDJB")):
                counts["DLTB.GDPDJB-required-for-cropland"] += 1
            tbdlmj, kcmj = number(get("TBDLMJ")), number(get("KCMJ")) or 0
            if tbdlmj is not None and tbmj is not None and abs(tbdlmj - (tbmj - kcmj)) > 0.01:
                counts["DLTB.TBDLMJ-not-TBMJ-minus-KCMJ"] += 1
            tbbh = get("TBBH")
            if not blank(tbbh) and not TBBH_DIGITS.fullmatch(tbbh):
                counts["DLTB.TBBH-not-digits"] += 1
            zldwdm = get("ZLDWDM")
            if zldwdm in villages and get("ZLDWMC") != villages[zldwdm]:
                counts["DLTB.ZLDWMC-not-village-name"] += 1
    return counts


def signed_area2(ring):
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:]))


def ring_contains(ring, x, y):
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) / (y2 - y1) * (x2 - x1):
            inside = not inside
    return inside


def polygons(rings):
    """The polygons a shapefile polygon's rings stand for, as StdCheck (and GDAL's shapefile driver) reads
    them: one ring is one polygon; a clockwise first ring followed only by counter-clockwise rings is one
    polygon with those holes; otherwise clockwise rings are shells and each counter-clockwise ring is a hole
    of the smallest shell containing its first vertex, or a shell of its own."""
    rings = [r for r in rings if r]
    if len(rings) <= 1:
        return [rings] if rings else []
    clockwise = [signed_area2(r) < 0 for r in rings]
    if clockwise[0] and not any(clockwise[1:]):
        return [rings]
    result = [[r] for r, cw in zip(rings, clockwise) if cw]
    for ring, cw in zip(rings, clockwise):
        if cw:
            continue
        containing = [p for p in result if ring_contains(p[0], *ring[0])]
        if containing:
            min(containing, key=lambda p: abs(signed_area2(p[0]))).append(ring)
        else:
            result.append([ring])
    return result


def shapes(folder, layer):
    """Each record's shape as (shapely geometry or None, "empty" | "invalid" | "valid")."""
    from shapely.geometry import MultiPolygon, Polygon

    with shapefile.Reader(folder + "/" + layer) as reader:
        for shape in reader.iterShapes():
            points = [tuple(p[:2]) for p in shape.points]
            if shape.shapeType == shapefile.NULL or not points or not shape.parts:
                yield None, "empty"
                continue
            bounds = list(shape.parts) + [len(points)]
            rings = [points[a:b] for a, b in zip(bounds, bounds[1:])]
            try:
                parts = [Polygon(p[0], p[1:]) for p in polygons(rings)]
                geometry = parts[0] if len(parts) == 1 else MultiPolygon(parts)
            except ValueError:  # a ring GEOS cannot build (too few points): invalid, as in StdCheck
                yield None, "invalid"
                continue
            yield geometry, "valid" if geometry.is_valid else "invalid"


def validity(folder):
    return {"DLTB.geometry-invalid": sum(1 for _, state in shapes(folder, "DLTB") if state == "invalid")}


def overlap(folder):
    from shapely import STRtree

    tolerance = geometry_rules()["DLTB.parcels-overlap"]["tolerance"]
    kept = [g for g, state in shapes(folder, "DLTB") if state == "valid"]
    tree = STRtree(kept)
    count = 0
    for i, a in enumerate(kept):
        for j in tree.query(a):
            if j > i:
                b = kept[j]
                if a.relate_pattern(b, "2********") and a.intersection(b).area > tolerance:
                    count += 1
    return {"DLTB.parcels-overlap": count}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", choices=["attributes", "validity", "overlap"], default="attributes")
    parser.add_argument("folder")
    args = parser.parse_args()
    emit({"attributes": attributes, "validity": validity, "overlap": overlap}[args.mode](args.folder))


if __name__ == "__main__":
    main()
