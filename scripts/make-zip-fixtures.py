#!/usr/bin/env python3
"""Writes the zip fixtures of issue #12.5 (member names as the tools that wrote them meant them).

    python3 scripts/make-zip-fixtures.py

Deterministic: the same bytes on every run (fixed dates, stored entries). Writes

- fixtures/zip/gbk-names.zip: what a Chinese Windows tool writes. The zip structure is written byte by
  byte here, because Python's zipfile always writes UTF-8 names with the UTF-8 flag (bit 11). Entries:
  - `地类图斑/说明.txt` and `权属.txt`: GBK bytes, no UTF-8 flag (Windows "compressed folder", the OEM
    code page 936);
  - `界址点成果.txt`: header name `___.txt` (what Info-ZIP on Windows writes for characters its OEM code
    page lacks) plus an Info-ZIP Unicode Path extra field (0x7075) with the real name and the CRC-32 of
    the header name: the extra field wins;
  - `坐标.txt`: GBK header name plus a stale Unicode Path field `stale.txt` whose CRC-32 is not that
    of the header name: the field is ignored;
  - `Café.txt`: CP437 (é = 0x82), no flag: not GB18030, so CP437;
  - `bad\\x01\\x02.txt`: control bytes, no flag: decodes as neither, a finding with the bytes in hex;
  - `\\xff\\xfe.txt` with the UTF-8 flag: not UTF-8, a finding with the bytes in hex.
- fixtures/zip/utf8-names.zip: Info-ZIP's `zip` on Linux (Debian's package, when installed; else
  Python's zipfile, which sets the UTF-8 flag) over a folder with the UTF-8 names `地类图斑/说明.txt`
  and `权属.txt`.
"""

import os
import shutil
import struct
import subprocess
import tempfile
import zipfile
import zlib

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
OUT = os.path.join(ROOT, "fixtures", "zip")
DOS_TIME = (12 << 11) | (0 << 5)  # 12:00:00
DOS_DATE = ((2024 - 1980) << 9) | (1 << 5) | 1  # 2024-01-01


def unicode_path(name, header_name, crc=None):
    """An Info-ZIP Unicode Path extra field (0x7075) for `name` over `header_name`."""
    body = b"\x01" + struct.pack("<I", crc if crc is not None else zlib.crc32(header_name)) + name.encode("utf-8")
    return struct.pack("<HH", 0x7075, len(body)) + body


def write_zip(path, entries):
    """`entries`: (raw name bytes, flags, extra field bytes, content bytes); stored, no compression."""
    local = b""
    central = b""
    for name, flags, extra, content in entries:
        crc = zlib.crc32(content)
        offset = len(local)
        local += struct.pack(
            "<IHHHHHIIIHH", 0x04034B50, 20, flags, 0, DOS_TIME, DOS_DATE, crc, len(content), len(content),
            len(name), len(extra)) + name + extra + content
        central += struct.pack(
            "<IHHHHHHIIIHHHHHII", 0x02014B50, 0x0014, 20, flags, 0, DOS_TIME, DOS_DATE, crc, len(content),
            len(content), len(name), len(extra), 0, 0, 0, 0x20, offset) + name + extra
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central), len(local), 0)
    with open(path, "wb") as handle:
        handle.write(local + central + end)


def gbk_names():
    gbk = lambda text: text.encode("gbk")
    write_zip(os.path.join(OUT, "gbk-names.zip"), [
        (gbk("地类图斑/说明.txt"), 0, b"", "说明\n".encode("gbk")),
        (gbk("权属.txt"), 0, b"", b"qs\n"),
        (b"___.txt", 0, unicode_path("界址点成果.txt", b"___.txt"), b"jzd\n"),
        (gbk("坐标.txt"), 0, unicode_path("stale.txt", gbk("坐标.txt"), crc=0x12345678), b"zb\n"),
        ("Café.txt".encode("cp437"), 0, b"", b"cafe\n"),
        (b"bad\x01\x02.txt", 0, b"", b"bad\n"),
        (b"\xff\xfe.txt", 0x0800, b"", b"not utf-8\n"),
    ])


def utf8_names():
    target = os.path.join(OUT, "utf8-names.zip")
    if os.path.exists(target):
        os.remove(target)
    with tempfile.TemporaryDirectory() as folder:
        os.makedirs(os.path.join(folder, "地类图斑"))
        for name, content in [("地类图斑/说明.txt", "说明\n"), ("权属.txt", "qs\n")]:
            with open(os.path.join(folder, name), "w", encoding="utf-8") as handle:
                handle.write(content)
            os.utime(os.path.join(folder, name), (1704110400, 1704110400))
        os.utime(os.path.join(folder, "地类图斑"), (1704110400, 1704110400))
        if shutil.which("zip"):
            # -X: no extra attributes (uid, times), so the bytes do not depend on the machine
            env = dict(os.environ, LC_ALL="C.UTF-8", TZ="UTC")
            subprocess.run(["zip", "-q", "-X", "-r", target, "地类图斑", "权属.txt"], cwd=folder, env=env, check=True)
        else:
            with zipfile.ZipFile(target, "w") as archive:
                for name in ["地类图斑/说明.txt", "权属.txt"]:
                    info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 12, 0, 0))
                    with open(os.path.join(folder, name), "rb") as handle:
                        archive.writestr(info, handle.read())


if __name__ == "__main__":
    gbk_names()
    utf8_names()
