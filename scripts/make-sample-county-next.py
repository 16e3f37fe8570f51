#!/usr/bin/env python3
"""Make fixtures/sample-county-next: the sample county's next delivery, for the baseline tests.

A byte copy of fixtures/sample-county whose DLTB.dbf differs in two fixed-width QSXZ values, so that
against the first delivery exactly one defect is fixed and one is new:
  record 241 QSXZ blank -> "10"  (DLTB.QSXZ.value-missing fixed)
  record 200 QSXZ "30"  -> blank (DLTB.QSXZ.value-missing new)
Standard library only; run from the repository root after make-sample-county.py.
"""
import os
import shutil
import struct

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SOURCE = os.path.join(ROOT, "fixtures", "sample-county")
TARGET = os.path.join(ROOT, "fixtures", "sample-county-next")


def field_offset(header, name):
    offset = 1
    for position in range(32, len(header) - 1, 32):
        if header[position] == 0x0D:
            break
        field = header[position:position + 11].split(b"\0")[0].decode("ascii")
        width = header[position + 16]
        if field == name:
            return offset, width
        offset += width
    raise SystemExit("no field " + name)


def main():
    os.makedirs(TARGET, exist_ok=True)
    for name in sorted(os.listdir(SOURCE)):
        if name != "README.md":
            shutil.copyfile(os.path.join(SOURCE, name), os.path.join(TARGET, name))
    path = os.path.join(TARGET, "DLTB.dbf")
    data = bytearray(open(path, "rb").read())
    header_length, record_length = struct.unpack("<HH", data[8:12])
    offset, width = field_offset(bytes(data[:header_length]), "QSXZ")
    for record, value in ((241, b"10"), (200, b"")):
        start = header_length + (record - 1) * record_length + offset
        data[start:start + width] = value.ljust(width, b" ")
    open(path, "wb").write(bytes(data))
    print("wrote", TARGET)


if __name__ == "__main__":
    main()
