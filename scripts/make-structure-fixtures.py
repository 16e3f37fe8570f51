#!/usr/bin/env python3
"""Writes the structural-defect fixtures: fixtures/shapefile/structure/*, fixtures/dbf/structure/*,
fixtures/csv/*. Each file differs from a sound one in exactly the way its name says (see the READMEs).
Run from the package root; the output is committed."""
import os
import struct

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures")
PRJ = ('GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],'
       'PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]')


def header(code_length_words, shape_type, bbox, version=1000):
    return (struct.pack(">7i", 9994, 0, 0, 0, 0, 0, code_length_words)
            + struct.pack("<2i", version, shape_type) + struct.pack("<4d", *bbox) + struct.pack("<4d", 0, 0, 0, 0))


def point_record(number, x, y, shape_type=1, extra=b""):
    content = struct.pack("<i2d", shape_type, x, y) + extra
    return struct.pack(">2i", number, len(content) // 2) + content


def multipatch_record(number):
    # one triangle strip of 3 points, with Z
    xs = [(0.0, 0.0), (1.0, 0.0), (0.0, 1.0)]
    content = struct.pack("<i4d", 31, 0, 0, 1, 1) + struct.pack("<2i", 1, 3) + struct.pack("<i", 0) + struct.pack("<i", 0)
    content += b"".join(struct.pack("<2d", *p) for p in xs)
    content += struct.pack("<2d", 0, 0) + struct.pack("<3d", 0, 0, 0)
    return struct.pack(">2i", number, len(content) // 2) + content


def shapefile(records, shape_type=1, bbox=(1.0, 2.0, 3.0, 4.0), shp_version=1000, shp_length_delta=0,
              shx_type=None, shx_length_delta=0, shx_entries=None, shx_tail=b""):
    body = b"".join(records)
    shp = header((100 + len(body)) // 2 + shp_length_delta, shape_type, bbox, shp_version) + body
    entries = []
    offset = 100
    for record in records:
        entries.append((offset // 2, (len(record) - 8) // 2))
        offset += len(record)
    if shx_entries:
        entries = shx_entries(entries)
    index = b"".join(struct.pack(">2i", *e) for e in entries) + shx_tail
    shx = header((100 + len(index)) // 2 + shx_length_delta, shape_type if shx_type is None else shx_type, bbox) + index
    return shp, shx


def dbf(fields, rows, version=0x03, ldid=0x57, count_delta=0, header_pad=0, record_pad=0, terminator=0x0D,
        eof=True, deleted=()):
    record_length = 1 + sum(w for _, _, w, _ in fields) + record_pad
    header_length = 32 + 32 * len(fields) + 1 + header_pad
    out = struct.pack("<B3BIHH20x", version, 126, 1, 1, len(rows) + count_delta, header_length, record_length)
    out = bytearray(out)
    out[29] = ldid
    for name, kind, width, decimals in fields:
        out += name.ljust(11, b"\0")[:11] + kind + b"\0\0\0\0" + bytes([width, decimals]) + b"\0" * 14
    out += bytes([terminator]) + b"\0" * header_pad
    for index, row in enumerate(rows):
        out += b"*" if index in deleted else b" "
        for (name, kind, width, decimals), value in zip(fields, row):
            value = value if isinstance(value, bytes) else str(value).encode()
            out += (value.rjust(width) if kind in (b"N", b"F") else value.ljust(width))[:width]
        out += b" " * record_pad
    if eof:
        out += b"\x1a"
    return bytes(out)


FIELDS = [(b"ID", b"N", 5, 0), (b"NAME", b"C", 10, 0), (b"DAY", b"D", 8, 0)]
ROWS = [(1, "one", "20200101"), (2, "two", "20201231")]


def write(path, data):
    full = os.path.join(ROOT, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def shapefile_set(name, shp, shx, table=None, cpg=None):
    base = f"shapefile/structure/{name}/{name}"
    write(base + ".shp", shp)
    if shx is not None:
        write(base + ".shx", shx)
    write(base + ".dbf", table or dbf(FIELDS, ROWS))
    write(base + ".prj", PRJ)


POINTS = [point_record(1, 1.0, 2.0), point_record(2, 3.0, 4.0)]

shapefile_set("sound", *shapefile(POINTS))
shapefile_set("shp-file-length-mismatch", *shapefile(POINTS, shp_length_delta=8))
shapefile_set("shx-file-length-mismatch", *shapefile(POINTS, shx_length_delta=-4))
shapefile_set("shapefile-version-unknown", *shapefile(POINTS, shp_version=999))
shapefile_set("shape-type-unknown", *shapefile(POINTS, shape_type=7))
shapefile_set("shape-type-unsupported", *shapefile([multipatch_record(1), multipatch_record(2)], shape_type=31,
                                                   bbox=(0.0, 0.0, 1.0, 1.0)))
shapefile_set("shx-shape-type-mismatch", *shapefile(POINTS, shx_type=3))
shapefile_set("shp-bounding-box-mismatch", *shapefile(POINTS, bbox=(0.0, 0.0, 3.0, 4.0)))
shapefile_set("shx-offset-outside-shp", *shapefile(POINTS, shx_entries=lambda e: [e[0], (5000, e[1][1])]))
shapefile_set("shx-record-mismatch", *shapefile(POINTS, shx_entries=lambda e: [(e[0][0], 8), e[1]]))
shapefile_set("shp-record-number-out-of-sequence", *shapefile([POINTS[0], point_record(5, 3.0, 4.0)]))
shapefile_set("shp-record-shape-type-mismatch", *shapefile([POINTS[0], point_record(2, 3.0, 4.0, shape_type=8)]))
shapefile_set("shp-record-length-mismatch",
              *shapefile([POINTS[0], point_record(2, 3.0, 4.0, extra=b"\0\0\0\0")]))
shp, _ = shapefile(POINTS, shp_length_delta=10)
shapefile_set("shp-record-truncated", shp + struct.pack(">2i", 3, 100) + b"\0" * 12, None)
shapefile_set("shp-file-length-shorter", *shapefile(POINTS, shp_length_delta=-14))
shp, shx = shapefile(POINTS)
shapefile_set("shx-header-invalid", shp, shx + b"\0\0\0")

# DBF: lone tables
def table(name, data, cpg=None):
    write(f"dbf/structure/{name}.dbf", data)
    if cpg:
        write(f"dbf/structure/{name}.cpg", cpg)

table("sound", dbf(FIELDS, ROWS))
table("dbf-version-unknown", dbf(FIELDS, ROWS, version=0x01))
table("dbf-header-length-mismatch", dbf(FIELDS, ROWS, header_pad=32))
table("dbf-field-terminator-missing", dbf(FIELDS, ROWS, terminator=0x0A))
table("dbf-record-length-mismatch", dbf(FIELDS, ROWS, record_pad=1))
table("dbf-record-count-mismatch", dbf(FIELDS, ROWS, count_delta=1))
table("dbf-eof-marker-missing", dbf(FIELDS, ROWS, eof=False))
table("record-deleted", dbf(FIELDS, ROWS, deleted=(1,)))
table("field-name-invalid", dbf([(b"1ID", b"N", 5, 0)] + FIELDS[1:], ROWS))
table("field-name-duplicated", dbf(FIELDS + [(b"name", b"C", 4, 0)], [r + ("x",) for r in ROWS]))
table("number-unparsable", dbf(FIELDS, [ROWS[0], ("2a", "two", "20201231")]))
table("date-invalid", dbf(FIELDS, [ROWS[0], (2, "two", "20210229")]))
table("text-undecodable", dbf(FIELDS, [ROWS[0], (2, b"tw\xffo", "20201231")], ldid=0), cpg="UTF-8")
table("encoding-conflict", dbf(FIELDS, ROWS, ldid=0x4D), cpg="UTF-8")

# CSV / TSV
def csv(name, text, encoding="utf-8"):
    write(f"csv/{name}", text.encode(encoding) if isinstance(text, str) else text)

csv("sound-bom-crlf.csv", "\ufeffcode,name,note\r\n1,一,\"a, quoted\r\nnote\"\r\n2,二,\"say \"\"hi\"\"\"\r\n")
csv("sound-cr-only.csv", "code;name\r1;a\r2;b\r")
csv("sound.tsv", "code\tname\n1\ta\n2\tb\n")
csv("gb18030.csv", "code,name\n1,耕地\n2,园地\n", encoding="gb18030")
csv("blank-label.csv", "code,,name\n1,x,a\n2,y,b\n")
csv("duplicate-label.csv", "code,name,name\n1,a,b\n2,c,d\n")
csv("missing-cell.csv", "code,name,note\n1,a,x\n2,b\n")
csv("extra-cell.csv", "code,name\n1,a\n2,b,c\n")
csv("blank-row.csv", "code,name\n1,a\n,\n2,b\n")
csv("encoding-error.csv", b"code,name\n1,a\n2,b\xff\n")
