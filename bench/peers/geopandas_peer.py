"""Peer: pyogrio (GDAL) + pandas + shapely 2 (GEOS), vectorized. Prints {rule: findings} as JSON.

    geopandas_peer.py [--mode attributes|validity|overlap|full] FOLDER

attributes: the 12 rules of common.ATTRIBUTE_RULES (no geometry read). validity: DLTB.geometry-invalid.
overlap: DLTB.parcels-overlap. full: the attribute rules plus FULL_GEOMETRY_RULES, each with StdCheck's
semantics (rules/gtdc/2020/rules/geometry.yaml and the engine's GeometryRun):

- null and empty shapes are DLTB.geometry-empty's and nothing else's; invalid shapes are the validity rule's,
  and every other per-record geometry rule except vertex-duplicated, and every comparison, skips them;
- an overlap is one finding per pair of records whose interiors meet with an intersection area over the
  tolerance; a gap is a hole of the union of the layer's valid shapes, of area over the tolerance;
- containment (outside-XZQ, outside-its-village) is judged on the area of the shape outside the other
  layer's shapes, and outside-its-village compares ZLDWDM with the one village holding the parcel;
- areas for TBMJ are geodesic (PROJ's geod, as StdCheck) on the .prj's own geographic CRS.

Not covered here: the CRS rules, the format and field-table rules, and the attribute rules beyond the 12.
Known differences in principle (not met in generated data): neighbours-differ compares values as GDAL types
them (a DBF number 01 equals 1 here), StdCheck as written; a .shp record whose length does not fit its
counts is a format finding in StdCheck and a null shape (geometry-empty) here. Checked against StdCheck on
fixtures/geometry, the sample counties and 33 polygon shapefiles of the shared corpus: same counts.
"""
import argparse
import math

import numpy as np
import pandas as pd
import pyogrio
import shapely

from common import ATTRIBUTE_FIELDS, ATTRIBUTE_RULES, CROPLAND, code_names, emit, geometry_rules

# The geometry rules `--mode full` covers (rule ids of rules/gtdc/2020/rules/geometry.yaml).
FULL_GEOMETRY_RULES = [
    "DLTB.geometry-invalid", "DLTB.geometry-empty", "DLTB.geometry-multipart", "DLTB.vertex-duplicated",
    "DLTB.boundary-spike", "DLTB.ring-wrongly-wound", "DLTB.parcel-sliver", "DLTB.polygon-thin",
    "DLTB.segment-tiny", "DLTB.parcels-overlap", "DLTB.gap-between-parcels", "DLTB.outside-XZQ",
    "DLTB.outside-its-village", "DLTB.same-attributes-as-neighbour", "DLTB.TBMJ-not-ellipsoidal-area",
    "XZQ.geometry-invalid", "CJDCQ.geometry-invalid", "CJDCQ.villages-overlap",
]
MODES = {
    "attributes": ATTRIBUTE_RULES,
    "validity": ["DLTB.geometry-invalid"],
    "overlap": ["DLTB.parcels-overlap"],
    "full": ATTRIBUTE_RULES + FULL_GEOMETRY_RULES,
}


# Ring roles as the shapefile specification gives them (clockwise shells, counter-clockwise holes after
# their shell), which is how StdCheck organizes rings; GDAL 3.12's default instead "autocorrects" a hole
# lying outside its shell into a second polygon, hiding an invalid shape.
pyogrio.set_gdal_config_options({"OGR_ORGANIZE_POLYGONS": "ONLY_CCW"})


try:
    import pyarrow  # noqa: F401  (GDAL's Arrow stream: pyogrio's fastest read)

    ARROW = True
except ImportError:
    ARROW = False


def read(folder, layer, geometry=True, **kw):
    return pyogrio.read_dataframe("%s/%s.shp" % (folder, layer), encoding="GB18030", read_geometry=geometry,
                                  use_arrow=ARROW, **kw)


def text(frame, column):
    return frame[column].fillna("").astype(str).str.strip()


def values(frame, column):
    """A text column as an object array, blank values as None."""
    value = text(frame, column)
    return value.where(value != "", None).to_numpy(dtype=object)


# MARK: attributes

def attribute_counts(t, cjdcq):
    names = pd.Series(code_names())
    counts = {}
    dlbm, dlmc = text(t, "DLBM"), text(t, "DLMC")
    known = dlbm.isin(names.index)
    counts["DLTB.DLBM.code-unknown"] = int(((dlbm != "") & ~known).sum())
    counts["DLTB.DLMC.name-code-mismatch"] = int((known & (dlmc != dlbm.map(names))).sum())
    counts["DLTB.BSM.value-duplicated"] = int(t["BSM"].dropna().duplicated().sum())
    for field in ("ZLDWDM", "QSDWDM"):
        value = text(t, field)
        counts["DLTB.%s.pattern-mismatch" % field] = int(((value != "") & ~value.str.fullmatch(r"[0-9]{19}")).sum())
    num = lambda c: pd.to_numeric(t[c], errors="coerce")
    tbmj, kcxs, kcmj, tbdlmj = num("TBMJ"), num("KCXS"), num("KCMJ"), num("TBDLMJ")
    counts["DLTB.TBMJ.out-of-range"] = int((tbmj <= 0).sum())
    counts["DLTB.KCXS.out-of-range"] = int(((kcxs < 0) | (kcxs >= 1)).sum())
    counts["DLTB.QSXZ.value-missing"] = int((text(t, "QSXZ") == "").sum())
    counts["DLTB.GDPDJB-required-for-cropland"] = int((dlbm.isin(CROPLAND) & (text(t, "GDPDJB") == "")).sum())
    gap = (tbdlmj - (tbmj - kcmj.fillna(0))).abs()
    counts["DLTB.TBDLMJ-not-TBMJ-minus-KCMJ"] = int((gap > 0.01).sum())
    tbbh = text(t, "TBBH")
    counts["DLTB.TBBH-not-digits"] = int(((tbbh != "") & ~tbbh.str.fullmatch(r"[0-9]{1,8}")).sum())
    village = cjdcq.drop_duplicates("ZLDWDM").set_index("ZLDWDM")["ZLDWMC"]
    expected = text(t, "ZLDWDM").map(village)
    counts["DLTB.ZLDWMC-not-village-name"] = int((expected.notna() & (text(t, "ZLDWMC") != expected)).sum())
    return counts


# MARK: shapes

class Shapes:
    """A layer's shapes with the masks every rule starts from."""

    def __init__(self, geometries):
        self.all = np.asarray(geometries, dtype=object)
        self.present = ~(shapely.is_missing(self.all) | shapely.is_empty(self.all))
        self.valid = self.present & shapely.is_valid(self.all)

    def rings(self, mask):
        """Every ring of the shapes in `mask`: (owner record position, is-shell, start, end) and coordinates."""
        owners = np.flatnonzero(mask)
        parts, part_owner = shapely.get_parts(self.all[owners], return_index=True)
        rings, ring_part = shapely.get_rings(parts, return_index=True)
        coords, coord_ring = shapely.get_coordinates(rings, return_index=True)
        shell = np.r_[True, ring_part[1:] != ring_part[:-1]] if len(ring_part) else np.zeros(0, bool)
        starts = np.searchsorted(coord_ring, np.arange(len(rings)))
        ends = np.r_[starts[1:], len(coords)]
        return owners[part_owner[ring_part]], shell, starts, ends, coords, coord_ring


def records_with(owner_of_ring, ring_flags):
    return len(np.unique(owner_of_ring[ring_flags]))


def duplicate_vertices(shapes):
    owners, _, _, _, coords, ring = shapes.rings(shapes.present)
    same = (coords[1:] == coords[:-1]).all(axis=1) & (ring[1:] == ring[:-1])
    return len(np.unique(owners[ring[1:][same]]))


def short_segments(shapes, minimum):
    owners, _, _, _, coords, ring = shapes.rings(shapes.valid)
    length = np.hypot(*(coords[1:] - coords[:-1]).T)
    short = (length > 0) & (length < minimum) & (ring[1:] == ring[:-1])
    return len(np.unique(owners[ring[1:][short]]))


def spikes(shapes, max_angle):
    """Vertices where a ring turns back at under `max_angle` degrees; repeated vertices and the closing
    vertex are dropped first, rings of fewer than 3 distinct points are not judged."""
    owners, _, _, _, coords, ring = shapes.rings(shapes.valid)
    if not len(coords):
        return 0
    keep = np.r_[True, ~((coords[1:] == coords[:-1]).all(axis=1) & (ring[1:] == ring[:-1]))]
    coords, ring = coords[keep], ring[keep]
    starts = np.searchsorted(ring, np.arange(ring.max() + 1 if len(ring) else 0))
    ends = np.r_[starts[1:], len(ring)]
    closed = (ends - starts > 1) & (coords[np.maximum(ends - 1, 0)] == coords[starts]).all(axis=1)
    drop = np.zeros(len(ring), bool)
    drop[(ends - 1)[closed]] = True
    coords, ring = coords[~drop], ring[~drop]
    starts = np.searchsorted(ring, np.arange(len(starts)))
    ends = np.r_[starts[1:], len(ring)]
    size = ends - starts
    position = np.arange(len(ring)) - starts[ring]
    previous = np.where(position == 0, ends[ring] - 1, np.arange(len(ring)) - 1)
    following = np.where(position == size[ring] - 1, starts[ring], np.arange(len(ring)) + 1)
    a = coords[previous] - coords
    b = coords[following] - coords
    angle = np.abs(np.arctan2(a[:, 0] * b[:, 1] - a[:, 1] * b[:, 0], (a * b).sum(axis=1))) * 180 / math.pi
    spike = (angle < max_angle) & (size[ring] >= 3)
    return len(np.unique(owners[ring[spike]]))


def miswound(shapes):
    """Shells wound counter-clockwise or holes clockwise (the shapefile specification's winding)."""
    owners, shell, starts, ends, coords, ring = shapes.rings(shapes.valid)
    x, y = coords[:, 0], coords[:, 1]
    cross = np.r_[x[:-1] * y[1:] - x[1:] * y[:-1], 0]
    cross[ends - 1] = 0  # the term that would join one ring to the next
    twice = np.add.reduceat(cross, starts) if len(starts) else np.zeros(0)
    wrong = np.where(shell, twice > 0, twice < 0)
    return records_with(owners, wrong)


def interior_pairs(shapes):
    """Pairs i < j of valid shapes whose envelopes meet and whose shapes intersect (positions in `shapes`)."""
    index = np.flatnonzero(shapes.valid)
    g = shapes.all[index]
    # the query prepares each input shape in turn; preparing them all at once would hold every prepared
    # shape's index in memory (about 10 KiB a parcel)
    i, j = shapely.STRtree(g).query(g, predicate="intersects")
    keep = i < j
    return index[i[keep]], index[j[keep]]


def overlaps(shapes, tolerance, pairs=None):
    i, j = pairs if pairs is not None else interior_pairs(shapes)
    a, b = shapes.all[i], shapes.all[j]
    inner = shapely.relate_pattern(a, b, "2********")
    area = shapely.area(shapely.intersection(a[inner], b[inner]))
    return int((area > tolerance).sum())


def gaps(shapes, tolerance):
    g = shapes.all[shapes.valid]
    total = shapely.area(g).sum()
    # as StdCheck: the linear coverage union when it is valid and loses no area, the general union otherwise
    try:
        union = shapely.coverage_union_all(g)
    except shapely.errors.GEOSException:
        union = None
    if union is None or not (shapely.is_valid(union) and abs(shapely.area(union) - total) <= 1e-9 * max(1, total)):
        union = shapely.union_all(g)
    polygons = shapely.get_parts(union)
    holes = [shapely.get_interior_ring(p, k) for p in polygons for k in range(shapely.get_num_interior_rings(p))]
    return int((shapely.area(shapely.polygons(np.asarray(holes, dtype=object))) > tolerance).sum()) if holes else 0


def subdivide(geometry, owner, most=256):
    """Pieces of a large polygon, each of at most `most` vertices, that tile it exactly (halved along the
    longer side of the box, as PostGIS's ST_Subdivide): overlays with a piece cost its few vertices, not the
    whole boundary's."""
    if shapely.get_num_coordinates(geometry) <= most:
        return [(geometry, owner)]
    xmin, ymin, xmax, ymax = shapely.bounds(geometry)
    if xmax - xmin >= ymax - ymin:
        halves = [shapely.box(xmin, ymin, (xmin + xmax) / 2, ymax), shapely.box((xmin + xmax) / 2, ymin, xmax, ymax)]
    else:
        halves = [shapely.box(xmin, ymin, xmax, (ymin + ymax) / 2), shapely.box(xmin, (ymin + ymax) / 2, xmax, ymax)]
    pieces = []
    for half in halves:
        for part in shapely.get_parts(shapely.intersection(geometry, half)):
            if shapely.get_type_id(part) == 3 and not shapely.is_empty(part):  # polygons only
                pieces += subdivide(part, owner, most)
    return pieces


def outside_parts(shapes, targets):
    """For each valid shape (by position among the valid shapes): the (shape, target) pairs that intersect,
    each pair's intersection area, and the area of the shape outside every target."""
    g = shapes.all[shapes.valid]
    positions = np.flatnonzero(shapes.valid)
    t_index = np.flatnonzero(targets.valid)
    t = targets.all[t_index]
    shapely.prepare(t)
    hit_t, hit_g = shapely.STRtree(g).query(t, predicate="intersects")
    proper = shapely.contains_properly(t[hit_t], g[hit_g])
    covered = np.zeros(len(g), bool)
    covered[hit_g[proper]] = True
    # the rest are shapes across a target's boundary: overlaid on the targets' pieces
    pieces = [piece for k in range(len(t)) for piece in subdivide(t[k], k)]
    piece, owner = np.array([p for p, _ in pieces], dtype=object), np.array([o for _, o in pieces], dtype=int)
    open_shapes = np.flatnonzero(~covered)
    hit_piece, hit_open = shapely.STRtree(piece).query(g[open_shapes], predicate="intersects")[::-1]
    hit_open = open_shapes[hit_open]
    part = shapely.area(shapely.intersection(g[hit_open], piece[hit_piece]))
    pair = pd.Series(part).groupby([hit_open, owner[hit_piece]]).sum()
    areas = np.where(proper, shapely.area(g[hit_g]), 0.0)
    lookup = dict(zip(pair.index, pair.to_numpy()))
    for k in np.flatnonzero(~proper):
        areas[k] = lookup.get((hit_g[k], hit_t[k]), 0.0)
    remaining = g.copy()
    order = np.argsort(hit_open, kind="stable")
    pending_g, pending_p = hit_open[order], hit_piece[order]
    # subtract the pieces one round at a time: round r takes the r-th piece met by every shape
    while len(pending_g):
        first = np.r_[True, pending_g[1:] != pending_g[:-1]]
        remaining[pending_g[first]] = shapely.difference(remaining[pending_g[first]], piece[pending_p[first]])
        pending_g, pending_p = pending_g[~first], pending_p[~first]
    outside = np.where(covered, 0.0, shapely.area(remaining))
    return positions, hit_g, t_index[hit_t], areas, outside


def outside_layer(shapes, targets, tolerance):
    _, _, _, _, outside = outside_parts(shapes, targets)
    return int((outside > tolerance).sum())


def outside_own_unit(shapes, own, targets, theirs, tolerance):
    positions, hit_g, hit_t, areas, outside = outside_parts(shapes, targets)
    inside = areas > tolerance
    count_inside = np.bincount(hit_g[inside], minlength=len(positions))
    findings = (count_inside == 0) | (count_inside > 1) | (outside > tolerance)
    single = np.flatnonzero((count_inside == 1) & (outside <= tolerance))
    target = np.full(len(positions), -1)
    target[hit_g[inside]] = hit_t[inside]
    known = set(v for v in theirs if v is not None)
    own_values = [own[positions[k]] for k in single]
    their_values = [theirs[target[k]] for k in single]
    mismatched = sum(1 for o, t in zip(own_values, their_values) if o is not None and o != t and o in known)
    return int(findings.sum()) + mismatched


def same_neighbours(shapes, frame, fields, pairs):
    values = pd.DataFrame({f: frame[f].map(lambda v: None if v is None or v != v or str(v).strip() == ""
                                           else str(v).strip()) for f in fields})
    blank = values.isna().all(axis=1).to_numpy()
    key = values.fillna("\x00").agg("\x1f".join, axis=1).to_numpy()
    i, j = pairs
    same = (key[i] == key[j]) & ~blank[i]
    i, j = i[same], j[same]
    if not len(i):
        return 0
    matrix = shapely.relate(shapes.all[i], shapes.all[j])
    return int(sum(1 for m in matrix if m[4] == "1" and m[0] != "2"))


def layer_crs(folder, layer):
    """The layer's CRS as GDAL identifies its .prj (None without one), e.g. "EPSG:4527"."""
    return pyogrio.read_info("%s/%s.shp" % (folder, layer)).get("crs")


def is_geographic(crs):
    import pyproj  # a dependency of geopandas

    return crs is not None and pyproj.CRS.from_user_input(crs).is_geographic


def ellipsoidal_mismatch(shapes, recorded, crs, tolerance):
    import pyproj

    if not crs or not crs.startswith("EPSG:"):
        return 0  # not applicable: no ellipsoid without an identified CRS
    projected = pyproj.CRS.from_user_input(crs)
    geod = projected.get_geod()
    to_geographic = pyproj.Transformer.from_crs(projected, projected.geodetic_crs, always_xy=True)
    mask = shapes.valid & recorded.notna().to_numpy()
    owners, shell, starts, ends, coords, _ = shapes.rings(mask)
    lon, lat = to_geographic.transform(coords[:, 0], coords[:, 1])
    area = np.zeros(len(shapes.all))
    for k in range(len(starts)):
        s, e = starts[k], ends[k]
        if e - s > 1 and coords[s, 0] == coords[e - 1, 0] and coords[s, 1] == coords[e - 1, 1]:
            e -= 1  # the closing vertex repeats the first; geod closes the ring itself
        ring_area = abs(geod.polygon_area_perimeter(lon[s:e], lat[s:e])[0])
        area[owners[k]] += ring_area if shell[k] else -ring_area
    difference = np.abs(recorded.to_numpy() - area)
    return int((mask & (difference > tolerance + 1e-9)).sum())


# MARK: modes

def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", choices=sorted(MODES), default="attributes")
    parser.add_argument("folder")
    args = parser.parse_args()
    folder, mode = args.folder, args.mode
    parameters = geometry_rules()
    counts = {}
    if mode == "attributes":
        # only the fields the rules read, as StdCheck decodes only those
        cjdcq = read(folder, "CJDCQ", geometry=False, columns=ATTRIBUTE_FIELDS["CJDCQ"])
        counts.update(attribute_counts(read(folder, "DLTB", geometry=False, columns=ATTRIBUTE_FIELDS["DLTB"]), cjdcq))
    elif mode in ("validity", "overlap"):
        dltb = Shapes(read(folder, "DLTB", columns=[]).geometry.values)
        if mode == "validity":
            counts["DLTB.geometry-invalid"] = int((dltb.present & ~dltb.valid).sum())
        else:
            counts["DLTB.parcels-overlap"] = overlaps(dltb, parameters["DLTB.parcels-overlap"]["tolerance"])
    else:
        fields = parameters["DLTB.same-attributes-as-neighbour"]["fields"]
        t = read(folder, "DLTB", columns=sorted(set(ATTRIBUTE_FIELDS["DLTB"]) | set(fields)))
        cjdcq_frame = read(folder, "CJDCQ", columns=ATTRIBUTE_FIELDS["CJDCQ"])
        xzq = Shapes(read(folder, "XZQ", columns=[]).geometry.values)
        cjdcq = Shapes(cjdcq_frame.geometry.values)
        dltb = Shapes(t.geometry.values)
        counts.update(attribute_counts(t, cjdcq_frame))
        p = lambda rule, key: parameters[rule][key]
        crs = layer_crs(folder, "DLTB")
        # thresholds in metres mean nothing in degrees: StdCheck leaves the metric rules not applicable
        metric = not is_geographic(crs)
        counts["DLTB.geometry-invalid"] = int((dltb.present & ~dltb.valid).sum())
        counts["DLTB.geometry-empty"] = int((~dltb.present).sum())
        counts["DLTB.geometry-multipart"] = int((dltb.valid & (shapely.get_num_geometries(dltb.all) > 1)).sum())
        counts["DLTB.vertex-duplicated"] = duplicate_vertices(dltb)
        counts["DLTB.boundary-spike"] = spikes(dltb, p("DLTB.boundary-spike", "max-angle"))
        counts["DLTB.ring-wrongly-wound"] = miswound(dltb)
        area = shapely.area(dltb.all)
        counts["DLTB.parcel-sliver"] = int((metric & dltb.valid & (area < p("DLTB.parcel-sliver", "min"))).sum())
        perimeter = shapely.length(dltb.all)
        with np.errstate(divide="ignore", invalid="ignore"):
            thinness = 4 * math.pi * area / (perimeter * perimeter)
        counts["DLTB.polygon-thin"] = int((dltb.valid & (perimeter > 0)
                                           & (thinness < p("DLTB.polygon-thin", "min"))).sum())
        counts["DLTB.segment-tiny"] = short_segments(dltb, p("DLTB.segment-tiny", "min")) if metric else 0
        pairs = interior_pairs(dltb)
        counts["DLTB.parcels-overlap"] = overlaps(dltb, p("DLTB.parcels-overlap", "tolerance"), pairs)
        counts["DLTB.gap-between-parcels"] = gaps(dltb, p("DLTB.gap-between-parcels", "tolerance"))
        counts["DLTB.outside-XZQ"] = outside_layer(dltb, xzq, p("DLTB.outside-XZQ", "tolerance"))
        counts["DLTB.outside-its-village"] = outside_own_unit(
            dltb, values(t, "ZLDWDM"), cjdcq, values(cjdcq_frame, "ZLDWDM"),
            p("DLTB.outside-its-village", "tolerance"))
        counts["DLTB.same-attributes-as-neighbour"] = same_neighbours(dltb, t, fields, pairs)
        counts["DLTB.TBMJ-not-ellipsoidal-area"] = ellipsoidal_mismatch(
            dltb, pd.to_numeric(t["TBMJ"], errors="coerce"), crs, p("DLTB.TBMJ-not-ellipsoidal-area", "tolerance"))
        counts["XZQ.geometry-invalid"] = int((xzq.present & ~xzq.valid).sum())
        counts["CJDCQ.geometry-invalid"] = int((cjdcq.present & ~cjdcq.valid).sum())
        counts["CJDCQ.villages-overlap"] = overlaps(cjdcq, p("CJDCQ.villages-overlap", "tolerance"))
    assert set(counts) == set(MODES[mode]), set(counts) ^ set(MODES[mode])
    emit(counts)


if __name__ == "__main__":
    main()
