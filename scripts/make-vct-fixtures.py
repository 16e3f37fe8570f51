#!/usr/bin/env python3
"""Write the VCT fixtures under fixtures/vct/ (run from the repository root; needs pyshp 3.x).

    python3 scripts/make-vct-fixtures.py                 # every fixture
    python3 scripts/make-vct-fixtures.py --from DIR --out FILE.vct [--direct]
                                                         # one VCT 3.0 from a folder of shapefiles
                                                         # (--direct: direct-coordinate polygons,
                                                         # streamed, for counties of a million parcels)

What it makes
    sample-county.vct   the sample county (fixtures/sample-county: XZQ, CJDCQ, DLTB) as a VCT 3.0
                        file in GB18030 with CRLF line ends: topological polygons whose shared
                        edges are line features (one set of boundary lines per polygon layer),
                        attributes copied as the .dbf writes them (text exactly as stored, NULL
                        numbers blank), field types mapped from the dBASE ones.
    clean-county.vct    the clean county (fixtures/clean-county) the same way: no finding.
    tiny.vct            a small clean VCT 3.0 (GB18030): two parcels sharing an edge (TB), the
                        town around them (XZQ), a point (PT) and a table without geometry (QSDW).
    tiny-2.0.vct        the same data in the 2.0 (二调) record layouts, in UTF-8.
    tiny-direct.vct     the same data with direct-coordinate polygons (面特征类型 1).
    defect-*.vct        tiny.vct with one defect each, one per format rule (see the README).

The layouts written are this project's reading of shared/research/standards/vct.md; where that
note is uncertain the choice made is listed in fixtures/vct/README.md.
"""
import os
import struct
import sys
from collections import defaultdict

import shapefile  # pyshp

OUT = "fixtures/vct"

HEAD = [
    ("DataMark", "LANDUSE-VCT"),
    ("Version", "3.0"),
    ("CoordinateSystemType", "P"),
    ("Dim", "2"),
    ("XAxisDirection", "E"),
    ("YAxisDirection", "N"),
    ("XYUnit", "M"),
    ("Spheroid", "CGCS2000,6378137,298.257222101"),
    ("PrimeMeridian", "Greenwich"),
    ("Projection", "高斯-克吕格投影"),
    ("Parameters", "117,0,1,39500000,0"),
    ("VerticalDatum", "1985国家高程基准"),
    ("TemporalReferenceSystem", "公历纪元"),
    ("ExtentMin", None),
    ("ExtentMax", None),
    ("MapScale", "10000"),
    ("Offset", "0,0"),
    ("Date", "20201231"),
    ("Separator", ","),
]


def read_dbf(path):
    """Field definitions and values exactly as stored (GBK text, stripped; NULL numbers blank)."""
    data = open(path, "rb").read()
    count = struct.unpack("<I", data[4:8])[0]
    header, length = struct.unpack("<HH", data[8:12])
    fields = []
    offset = 32
    while data[offset] != 0x0D:
        name = data[offset : offset + 11].split(b"\0")[0].decode("ascii")
        fields.append((name, chr(data[offset + 11]), data[offset + 16], data[offset + 17]))
        offset += 32
    rows = []
    for index in range(count):
        record = data[header + index * length : header + (index + 1) * length]
        position = 1
        values = []
        for name, kind, width, _ in fields:
            text = record[position : position + width].decode("gbk").strip()
            position += width
            if kind in "NF" and text and set(text) == {"*"}:
                text = ""
            assert "," not in text and "\n" not in text, (path, name, text)
            values.append(text)
        rows.append(values)
    return fields, rows


def vct_type(kind, width, decimals):
    if kind == "C":
        return f"Char,{width}"
    if kind in "NF":
        return f"Int,{width}" if decimals == 0 else f"Float,{width},{decimals}"
    if kind == "D":
        return "Date,8"
    if kind == "L":
        return "Bool,1"
    return f"Char,{width}"


def number(value):
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


def topology(polygons, first_bsm):
    """Boundary lines of one polygon layer: every maximal chain of edges with the same polygons on
    both sides, split at vertices where more than two edges meet. Returns the lines (point lists)
    and, per polygon, its rings as signed line references."""
    owners = defaultdict(list)
    for index, rings in enumerate(polygons):
        for ring in rings:
            for a, b in zip(ring, ring[1:]):
                if a != b:
                    owners[(a, b) if a < b else (b, a)].append(index)
    around = defaultdict(list)
    for edge in owners:
        around[edge[0]].append(edge)
        around[edge[1]].append(edge)

    def node(vertex):
        edges = around[vertex]
        return len(edges) != 2 or sorted(owners[edges[0]]) != sorted(owners[edges[1]])

    lines = []
    directed = {}
    used = set()

    def trace(start, edge):
        points = [start]
        vertex = start
        while True:
            used.add(edge)
            other = edge[1] if edge[0] == vertex else edge[0]
            points.append(other)
            if other == points[0] or node(other):
                break
            following = [e for e in around[other] if e != edge][0]
            if following in used:
                break
            vertex, edge = other, following
        number_ = len(lines)
        for a, b in zip(points, points[1:]):
            directed[(a, b)] = (number_, 1)
            directed[(b, a)] = (number_, -1)
        lines.append(points)

    for vertex in sorted(around):
        if node(vertex):
            for edge in sorted(around[vertex]):
                if edge not in used:
                    trace(vertex, edge)
    for edge in sorted(owners):
        if edge not in used:
            trace(edge[0], edge)

    references = []
    for rings in polygons:
        result = []
        for ring in rings:
            edges = [(a, b) for a, b in zip(ring, ring[1:]) if a != b]
            # start at the first edge that begins a line in the ring's direction
            start = 0
            for position, edge in enumerate(edges):
                line, sign = directed[edge]
                points = lines[line]
                if (sign == 1 and edge == (points[0], points[1])) or (sign == -1 and edge == (points[-1], points[-2])):
                    start = position
                    break
            edges = edges[start:] + edges[:start]
            refs = []
            position = 0
            while position < len(edges):
                line, sign = directed[edges[position]]
                refs.append(sign * (first_bsm + line))
                position += len(lines[line]) - 1
            result.append(refs)
        references.append(result)
    return lines, references


class Layer:
    def __init__(self, table, name, code, geometry, fields, features, rows=None):
        self.table, self.name, self.code, self.geometry = table, name, code, geometry
        self.fields = fields  # [(name, "Char,10")]
        self.features = features  # [(bsm, shape)]: rings for polygons, (x, y) for points
        self.rows = rows  # [[values]] with BSM first
        self.lines = []
        self.references = []


def build(layers, line_bases):
    for layer in layers:
        if layer.geometry == "Polygon":
            layer.lines, layer.references = topology([rings for _, rings in layer.features], line_bases[layer.table])


def extent(layers):
    xs, ys = [], []
    for layer in layers:
        for _, shape in layer.features:
            points = [p for ring in shape for p in ring] if layer.geometry == "Polygon" else [shape]
            xs += [p[0] for p in points]
            ys += [p[1] for p in points]
    return f"{min(xs):.2f},{min(ys):.2f}", f"{max(xs):.2f},{max(ys):.2f}"


def label(rings):
    ring = rings[0][:-1]
    return sum(p[0] for p in ring) / len(ring), sum(p[1] for p in ring) / len(ring)


def render(layers, line_bases, version="3.0", direct=False, extra_tables=()):
    """The file's lines (text, without line ends)."""
    out = ["HeadBegin"]
    low, high = extent(layers)
    for key, value in HEAD:
        value = {"ExtentMin": low, "ExtentMax": high, "Version": version}.get(key, value)
        out.append(f"{key}:{value}")
    out += ["HeadEnd", "FeatureCodeBegin"]
    for layer in layers:
        if layer.geometry:
            if version == "2.0":
                out.append(f"{layer.code},{layer.name},{layer.geometry},0,0,0,{layer.table}")
            else:
                out.append(f"{layer.code},{layer.name},{layer.geometry},{layer.table}")
    out += ["FeatureCodeEnd", "TableStructureBegin"]
    for layer in layers:
        out.append(f"{layer.table},{len(layer.fields)}" + ("" if layer.geometry else ",NoneGeometry"))
        out += [f"{name},{kind}" for name, kind in layer.fields]
        if version != "2.0":
            out.append("0")
    out += ["TableStructureEnd"]
    points = [layer for layer in layers if layer.geometry == "Point"]
    if points:
        out.append("PointBegin")
        for layer in points:
            for bsm, (x, y) in layer.features:
                out += [str(bsm), str(layer.code), layer.name, "1", f"{number(x)},{number(y)}", "0"]
        out.append("PointEnd")
    out.append("LineBegin")
    for layer in layers:
        # direct polygons carry their own rings: no boundary lines
        for offset, line in enumerate([] if direct else layer.lines):
            bsm = line_bases[layer.table] + offset
            if version == "2.0":
                out += [str(bsm), str(layer.code), layer.name, "1", str(len(line))]
            else:
                out += [str(bsm), str(layer.code), layer.name, "1", "1", "11", str(len(line))]
            out += [f"{number(x)},{number(y)}" for x, y in line]
            out.append("0")
    out.append("LineEnd")
    out.append("PolygonBegin")
    for layer in layers:
        if layer.geometry != "Polygon":
            continue
        for (bsm, rings), references in zip(layer.features, layer.references):
            x, y = label(rings)
            if version == "2.0":
                out += [str(bsm), str(layer.code), layer.name, f"{number(round(x, 2))},{number(round(y, 2))}"]
            else:
                out += [str(bsm), str(layer.code), layer.name, "1" if direct else "100",
                        f"{number(round(x, 2))},{number(round(y, 2))}"]
            if direct:
                for ring in rings:
                    out += ["11", str(len(ring))] + [f"{number(px)},{number(py)}" for px, py in ring]
            else:
                flat = []
                for index, refs in enumerate(references):
                    if index:
                        flat.append(0)
                    flat += refs
                if version != "2.0":
                    out.append("21")
                out.append(str(sum(1 for r in flat if r)))
                for start in range(0, len(flat), 8):
                    out.append(",".join(str(r) for r in flat[start : start + 8]))
            out.append("0")
    out.append("PolygonEnd")
    out.append("AttributeBegin")
    for layer in layers:
        out.append(layer.table)
        out += [",".join(row) for row in layer.rows]
        out.append("TableEnd")
    out.append("AttributeEnd")
    return out


def write(path, lines, encoding="gb18030", newline="\r\n"):
    with open(path, "w", encoding=encoding, newline="") as handle:
        handle.write(newline.join(lines) + newline)


def county_layers(folder):
    """XZQ, CJDCQ and DLTB of a county folder, as layers with their .dbf text."""
    layers = []
    for table, name, code in [("XZQ", "行政区", 1000600100), ("CJDCQ", "村级调查区", 1000600200),
                              ("DLTB", "地类图斑", 2001010100)]:
        fields, rows = read_dbf(f"{folder}/{table}.dbf")
        reader = shapefile.Reader(f"{folder}/{table}.shp")
        features = []
        for row, shape in zip(rows, reader.shapes()):
            parts = list(shape.parts) + [len(shape.points)]
            rings = [[tuple(p) for p in shape.points[parts[i] : parts[i + 1]]] for i in range(len(parts) - 1)]
            features.append((int(row[0]), rings))
        layers.append(Layer(table, name, code, "Polygon", [(f[0], vct_type(*f[1:])) for f in fields], features, rows))
    return layers


def iter_dbf(path):
    """The field definitions, then each row's values as stored (as read_dbf, one row at a time)."""
    handle = open(path, "rb")
    head = handle.read(32)
    count = struct.unpack("<I", head[4:8])[0]
    header, length = struct.unpack("<HH", head[8:12])
    descriptors = handle.read(header - 32)
    fields = []
    for offset in range(0, len(descriptors) - 1, 32):
        if descriptors[offset] == 0x0D:
            break
        item = descriptors[offset : offset + 32]
        fields.append((item[:11].split(b"\0")[0].decode("ascii"), chr(item[11]), item[16], item[17]))
    yield fields
    handle.seek(header)
    for _ in range(count):
        record = handle.read(length)
        position = 1
        values = []
        for _, kind, width, _ in fields:
            text = record[position : position + width].decode("gbk").strip()
            position += width
            if kind in "NF" and text and set(text) == {"*"}:
                text = ""
            values.append(text)
        yield values


def write_direct(folder, out):
    """A county folder as VCT 3.0 with direct-coordinate polygons, streamed shape by shape."""
    tables = [("XZQ", "行政区", 1000600100), ("CJDCQ", "村级调查区", 1000600200), ("DLTB", "地类图斑", 2001010100)]
    boxes = [shapefile.Reader(f"{folder}/{t}.shp").bbox for t, _, _ in tables]
    low = f"{min(b[0] for b in boxes):.2f},{min(b[1] for b in boxes):.2f}"
    high = f"{max(b[2] for b in boxes):.2f},{max(b[3] for b in boxes):.2f}"
    with open(out, "w", encoding="gb18030", newline="") as handle:
        def emit(line):
            handle.write(line + "\r\n")
        emit("HeadBegin")
        for key, value in HEAD:
            emit(f"{key}:{ {'ExtentMin': low, 'ExtentMax': high}.get(key, value) }")
        emit("HeadEnd")
        emit("FeatureCodeBegin")
        for table, name, code in tables:
            emit(f"{code},{name},Polygon,{table}")
        emit("FeatureCodeEnd")
        emit("TableStructureBegin")
        for table, _, _ in tables:
            fields = next(iter_dbf(f"{folder}/{table}.dbf"))
            emit(f"{table},{len(fields)}")
            for field in fields:
                emit(f"{field[0]},{vct_type(*field[1:])}")
            emit("0")
        emit("TableStructureEnd")
        emit("PolygonBegin")
        for table, name, code in tables:
            rows = iter_dbf(f"{folder}/{table}.dbf")
            next(rows)
            for row, shape in zip(rows, shapefile.Reader(f"{folder}/{table}.shp").iterShapes()):
                parts = list(shape.parts) + [len(shape.points)]
                first = shape.points[parts[0] : parts[1]]
                emit(row[0])
                emit(str(code))
                emit(name)
                emit("1")
                emit(f"{number(round(sum(p[0] for p in first) / len(first), 2))},{number(round(sum(p[1] for p in first) / len(first), 2))}")
                for index in range(len(parts) - 1):
                    ring = shape.points[parts[index] : parts[index + 1]]
                    emit("11")
                    emit(str(len(ring)))
                    for x, y in ring:
                        emit(f"{number(x)},{number(y)}")
                emit("0")
        emit("PolygonEnd")
        emit("AttributeBegin")
        for table, _, _ in tables:
            emit(table)
            rows = iter_dbf(f"{folder}/{table}.dbf")
            next(rows)
            for row in rows:
                emit(",".join(row))
            emit("TableEnd")
        emit("AttributeEnd")


COUNTY_LINES = {"XZQ": 510000001, "CJDCQ": 520000001, "DLTB": 530000001}
TINY_LINES = {"XZQ": 610000001, "TB": 620000001, "PT": 0, "QSDW": 0}


def tiny_layers():
    left = [(39512000.0, 4331000.0), (39512000.0, 4331100.0), (39512100.0, 4331100.0),
            (39512100.0, 4331000.0), (39512000.0, 4331000.0)]
    right = [(39512100.0, 4331000.0), (39512100.0, 4331100.0), (39512200.0, 4331100.0),
             (39512200.0, 4331000.0), (39512100.0, 4331000.0)]
    town = [(39512000.0, 4331000.0), (39512000.0, 4331100.0), (39512100.0, 4331100.0),
            (39512200.0, 4331100.0), (39512200.0, 4331000.0), (39512100.0, 4331000.0),
            (39512000.0, 4331000.0)]
    return [
        Layer("XZQ", "行政区", 1000600100, "Polygon",
              [("BSM", "Int,10"), ("YSDM", "Char,10"), ("XZQMC", "Char,100"), ("DCMJ", "Float,15,2")],
              [(110000001, [town])], [["110000001", "1000600100", "城关镇", "20000.00"]]),
        Layer("TB", "地类图斑", 2001010100, "Polygon",
              [("BSM", "Int,10"), ("YSDM", "Char,10"), ("DLMC", "Char,60"), ("TBMJ", "Float,15,2")],
              [(130100001, [left]), (130100002, [right])],
              [["130100001", "2001010100", "水田", "10000.00"], ["130100002", "2001010100", "旱地", "10000.00"]]),
        Layer("PT", "零星地物", 2001030100, "Point", [("BSM", "Int,10"), ("MC", "Char,20")],
              [(140000001, (39512050.0, 4331050.0))], [["140000001", "水井"]]),
        Layer("QSDW", "权属单位", None, None, [("BSM", "Int,10"), ("QSDWMC", "Char,100")], [],
              [["150000001", "东王村"], ["150000002", "西李庄村"]]),
    ]


def replace_once(lines, old, new):
    index = lines.index(old)
    return lines[:index] + new + lines[index + 1 :]


def block(lines, bsm, section):
    """The index of the line holding a record's BSM inside a section."""
    start = lines.index(section + "Begin")
    return lines.index(str(bsm), start)


def defects(base):
    """name -> (lines, what the README says)."""
    result = {}
    # vct-ring-not-closed: the right parcel's own line starts 5 m off the shared line's end
    lines = list(base)
    at = block(lines, 620000003, "Line")
    lines[at + 7] = "39512105.0,4331000.0"
    result["defect-ring-not-closed.vct"] = (lines, "line 620000003 (the right parcel's outer line, used reversed after the shared line 620000002) starts at 39512105.0,4331000.0, so the ring ends 5 m from where it began: `vct-ring-not-closed` on TB record 2 (BSM 130100002, line 620000003)")
    # vct-line-missing: the left parcel refers to a line that is not there
    lines = list(base)
    at = block(lines, 130100001, "Polygon")
    lines[at + 7] = lines[at + 7].replace("620000002", "629999999")
    result["defect-line-missing.vct"] = (lines, "TB record 1 (BSM 130100001) refers to line 629999999 instead of 620000002: `vct-line-missing` (line 629999999) on it; its ring then has a gap, which is not reported again")
    # vct-line-unused: a boundary line of TB no polygon uses
    lines = list(base)
    at = lines.index("LineEnd")
    lines = lines[:at] + ["620000009", "2001010100", "地类图斑", "1", "1", "11", "2",
                          "39512000.0,4331000.0", "39512200.0,4331100.0", "0"] + lines[at:]
    result["defect-line-unused.vct"] = (lines, "line 620000009, coded 2001010100 (TB), is used by no polygon: `vct-line-unused` (a warning) at its line")
    # vct-line-of-other-layer: the shared TB line carries the XZQ code
    lines = list(base)
    at = block(lines, 620000002, "Line")
    lines[at + 1] = "1000600100"
    result["defect-line-of-other-layer.vct"] = (lines, "line 620000002, shared by both parcels, carries 要素代码 1000600100 (XZQ): `vct-line-of-other-layer` on TB records 1 and 2")
    # vct-row-missing
    lines = list(base)
    lines.remove("130100002,2001010100,旱地,10000.00")
    result["defect-row-missing.vct"] = (lines, "the TB row of BSM 130100002 is removed: `vct-row-missing` on TB record 2")
    # vct-feature-missing
    lines = list(base)
    lines = replace_once(lines, "130100002,2001010100,旱地,10000.00",
                         ["130100002,2001010100,旱地,10000.00", "130100003,2001010100,水浇地,500.00"])
    result["defect-feature-missing.vct"] = (lines, "a TB row of BSM 130100003, which no polygon carries: `vct-feature-missing` on TB record 3 (the row, read after the two features)")
    # vct-field-count-mismatch
    lines = list(base)
    lines = replace_once(lines, "130100001,2001010100,水田,10000.00", ["130100001,2001010100,水田"])
    result["defect-field-count-mismatch.vct"] = (lines, "the TB row of BSM 130100001 has 3 values for 4 fields: `vct-field-count-mismatch` on TB record 1 (TBMJ read as blank)")
    # vct-section-missing
    lines = list(base)
    lines = lines[: lines.index("AttributeBegin")] + lines[lines.index("AttributeEnd") + 1 :]
    result["defect-section-missing.vct"] = (lines, "no Attribute section: `vct-section-missing`; then every feature lacks its row (`vct-row-missing` on XZQ 1, TB 1 and 2, PT 1) and QSDW has no record")
    # vct-header-invalid
    lines = list(base)
    lines = replace_once(lines, "Version:3.0", ["Version:4.0"])
    result["defect-header-invalid.vct"] = (lines, "Version:4.0: `vct-header-invalid` at HeadBegin; the records are read with the 3.0 layouts")
    # vct-record-malformed
    lines = list(base)
    at = lines.index("LineEnd")
    lines = lines[:at] + ["699000001", "1099000000", "边界", "1", "1", "11", "x", "0"] + lines[at:]
    result["defect-record-malformed.vct"] = (lines, "a line record whose point count is `x`: `vct-record-malformed` at that line; the reader skips to the record's closing 0")
    # vct-feature-code-unknown
    lines = list(base)
    at = lines.index("PolygonEnd")
    lines = lines[:at] + ["130100009", "9999999999", "未知", "100", "39512050.0,4331050.0", "21", "2",
                          "620000001,620000002", "0"] + lines[at:]
    result["defect-feature-code-unknown.vct"] = (lines, "a polygon of BSM 130100009 coded 9999999999, which FeatureCode does not list: `vct-feature-code-unknown` at its line")
    # vct-table-undeclared
    lines = list(base)
    lines = replace_once(lines, "FeatureCodeEnd", ["1000700000,线状地物,Line,XZDW", "FeatureCodeEnd"])
    result["defect-table-undeclared.vct"] = (lines, "FeatureCode names table XZDW, which TableStructure does not describe: `vct-table-undeclared` (the layer XZDW is read without fields and holds no feature)")
    # vct-crs-unidentified
    lines = list(base)
    lines = replace_once(lines, "Spheroid:CGCS2000,6378137,298.257222101", ["Spheroid:Unknown,1,1"])
    result["defect-crs-unidentified.vct"] = (lines, "Spheroid:Unknown,1,1: `vct-crs-unidentified` (a warning) at HeadBegin; the layers have no CRS")
    return result


README = """# fixtures/vct: VCT exchange files

**Generated files: do not edit by hand.** Written by `scripts/make-vct-fixtures.py` (run
`python3 scripts/make-vct-fixtures.py` from the repository root; needs pyshp 3.x). The layouts are
this project's reading of its research note on VCT (GB/T 17798-2007 and the land-use
\u571f\u5730\u5229\u7528\u6570\u636e\u4ea4\u6362\u683c\u5f0f); no published sample of VCT 3.0 was available to compare with.

| File | What |
|---|---|
| `sample-county.vct` | `fixtures/sample-county` (XZQ, CJDCQ, DLTB with all their deliberate defects) as VCT 3.0 in GB18030 with CRLF line ends: each polygon layer's shared edges are line records (a line per chain of edges with the same polygons on both sides), polygons refer to them by signed BSM; attributes exactly as the `.dbf` stores them. `stdcheck check` gives the shapefiles' findings (`VCTCheckTests`) |
| `clean-county.vct` | `fixtures/clean-county` the same way: no finding at all, like its shapefiles (`FormatInvarianceTests`) |
| `tiny.vct` | clean VCT 3.0, GB18030: two parcels sharing an edge (TB), the town around them (XZQ), a point (PT), a table without geometry (QSDW); no finding |
| `tiny-2.0.vct` | the same data in the 2.0 (\u4e8c\u8c03) record layouts, UTF-8, LF: no finding, same records |
| `tiny-direct.vct` | the same data with direct-coordinate polygons (\u9762\u7279\u5f81\u7c7b\u578b 1) and no line records: no finding, same records |

## One file per format rule

Each is `tiny.vct` with one change; the findings listed are all it gives (`VCTReaderTests`).

| File | Defect and findings |
|---|---|
"""

UNCERTAIN = """
## Where the research note is uncertain, and what was chosen

- **Indirect polygon codes.** 3.0 polygons are written with \u9762\u7279\u5f81\u7c7b\u578b `100` and \u9762\u6784\u6210\u7c7b\u578b `21`;
  the real values were not found. The reader only tells `1` (direct rings) from anything else.
- **The reference count** counts the non-zero line references; the `0` between rings sits among
  the references, 8 per line. The reader reads until that many non-zero references are read.
- **Which layer a line belongs to.** A boundary line carries the \u8981\u7d20\u4ee3\u7801 of the polygon layer it
  bounds. The reader takes a line whose code names a polygon layer as that layer's boundary line
  (`vct-line-of-other-layer` when another layer's polygon uses it, `vct-line-unused` when none
  does), a line whose code names a Line layer as a feature of that layer (any polygon may use it),
  and a line whose code names no layer (`1099000000` in some writers) as a boundary line of any layer.
- **BSM is a field.** Each table's structure lists `BSM` first and every row starts with it; the
  field count includes it.
- **Terminators.** 3.0 table structures end with a `0` line; 2.0 ones do not. Every geometry record
  ends with a `0` line; the reader also accepts records without it.
- **2.0 feature codes** end with the table name (`100,test1,Point,0,0,0,TEST1` in the \u4e8c\u8c03 sample);
  3.0 ones are `\u8981\u7d20\u4ee3\u7801,\u8981\u7d20\u540d\u79f0,\u51e0\u4f55\u7c7b\u578b,\u5c5e\u6027\u8868\u540d`.
- **The style slot** (\u56fe\u5f62\u8868\u73b0\u7f16\u7801; the name in 2.0) holds the feature name, as in the \u4e8c\u8c03 sample.
- **Attribute values** are not quoted; they are split at the head's `Separator` and trimmed; an empty
  value is blank (null). Values with the separator in them cannot be written.
- **Parameters** is written `117,0,1,39500000,0`; its field order is not known. The reader takes the
  first value between 73 and 136 as the central meridian, and the zone from `ExtentMin`'s easting.
- **The label point** (\u6807\u8bc6\u70b9) is the mean of the shell's vertices, which may lie outside a concave
  polygon; the reader does not use it.
- **Dates** (`Date` fields): no fixture has one; their text form is not known.
"""


def main():
    if "--from" in sys.argv:
        folder = sys.argv[sys.argv.index("--from") + 1]
        out = sys.argv[sys.argv.index("--out") + 1]
        if "--direct" in sys.argv:
            write_direct(folder, out)
            return
        layers = county_layers(folder)
        build(layers, COUNTY_LINES)
        write(out, render(layers, COUNTY_LINES))
        return
    os.makedirs(OUT, exist_ok=True)
    layers = county_layers("fixtures/sample-county")
    build(layers, COUNTY_LINES)
    write(f"{OUT}/sample-county.vct", render(layers, COUNTY_LINES))
    layers = county_layers("fixtures/clean-county")
    build(layers, COUNTY_LINES)
    write(f"{OUT}/clean-county.vct", render(layers, COUNTY_LINES))

    tiny = tiny_layers()
    build(tiny, TINY_LINES)
    base = render(tiny, TINY_LINES)
    write(f"{OUT}/tiny.vct", base)
    write(f"{OUT}/tiny-2.0.vct", render(tiny, TINY_LINES, version="2.0"), encoding="utf-8", newline="\n")
    write(f"{OUT}/tiny-direct.vct", render(tiny, TINY_LINES, direct=True))
    for name, (lines, _) in defects(base).items():
        write(f"{OUT}/{name}", lines)
    with open(f"{OUT}/README.md", "w", encoding="utf-8") as handle:
        handle.write(README)
        for name, (_, text) in defects(base).items():
            handle.write(f"| `{name}` | {text} |\n")
        handle.write(UNCERTAIN)

if __name__ == "__main__":
    main()
