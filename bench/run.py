#!/usr/bin/env python3
"""`make bench`: StdCheck against its peers on generated county-scale 三调 data, in one run.

    python3 bench/run.py [--sizes 10k,100k,1m] [--runs 3] [--runs-1m 1] [--output bench/RESULTS.md]

Generates (and caches under .bench-data/<size>/, keyed by the generator's digest and arguments)
deterministic databases with stdcheck-gen --defect-every 1000 (attribute and geometry defects with a
ground-truth manifest), then times five scenarios as whole processes (median wall and CPU seconds of
the runs, peak RSS over them):

  (a) attributes: the 12 attribute rules of bench/peers/common.py
  (b) geometry validity: DLTB.geometry-invalid
  (c) topology: DLTB.parcels-overlap
  (d) the full gtdc@2020 pack
  (e) with a defect every 100 parcels: the full pack, the geopandas full peer, and StdCheck on its rules

for StdCheck and for every peer that implements the scenario (pyshp, pyogrio + pandas, geopandas +
shapely 2, GDAL ogrinfo SQL / SpatiaLite), plus a "raw read" of the fields the attribute rules read
(bench/rawread.c). Scenario (e) takes a second database with a defect every 100 parcels (1 %, every
kind in turn; the generator's islands are in every database): the full pack, the geopandas full peer,
and StdCheck on exactly the rules that peer covers. Each peer prints {rule: count}; the comparison
column says "same counts" or lists the differences on exactly the rules the peer covers, and for the full pack how many of StdCheck's
rules that is. Writes bench/RESULTS.md (or --output) with the table and the issue's targets (#21)
computed from the measured rows. Peers are installed with pip when missing; they are never StdCheck's
runtime dependencies.
"""
import argparse
import datetime
import json
import os
import re
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PEER_DIR = os.path.join(ROOT, "bench", "peers")
sys.path.insert(0, PEER_DIR)
from common import ATTRIBUTE_FIELDS, ATTRIBUTE_RULES  # noqa: E402

SIZES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000}
DEFECT_EVERY = 1000
# scenario e: 1 % of the parcels defective, the defect kinds in turn (the generator's islands, a cell in 97,
# are in every dataset)
DENSE_EVERY = 100
STDCHECK = os.path.join(ROOT, ".build", "release", "stdcheck")
GENERATOR = os.path.join(ROOT, ".build", "release", "stdcheck-gen")
RAWREAD = os.path.join(ROOT, ".build", "bench", "rawread")
GIB = 1024  # MiB


class Peer:
    """One peer program in one mode; `needs` are Python modules, or "ogrinfo"/"spatialite"."""

    def __init__(self, name, script, mode, needs):
        self.name, self.script, self.mode, self.needs = name, script, mode, needs


PYSHP = lambda mode: Peer("pyshp + Python" if mode == "attributes" else "pyshp + shapely, shape by shape",
                          "pyshp_peer.py", mode, ["shapefile"] + (["shapely"] if mode != "attributes" else []))
PANDAS = Peer("pyogrio + pandas", "geopandas_peer.py", "attributes", ["pyogrio", "pandas"])
GEOPANDAS = lambda mode: Peer("geopandas + shapely 2, vectorized", "geopandas_peer.py", mode,
                              ["pyogrio", "pandas", "geopandas", "shapely", "pyproj"])
SCENARIOS = [
    # key, title, StdCheck's rule selection (None: the whole pack), peers (a str: why there is none)
    ("a", "attributes (12 rules)", ATTRIBUTE_RULES,
     [PYSHP("attributes"), PANDAS, Peer("GDAL ogrinfo SQL", "gdal_peer.py", "attributes", ["ogrinfo"])]),
    ("b", "geometry validity", ["DLTB.geometry-invalid"],
     [PYSHP("validity"), GEOPANDAS("validity"),
      Peer("GDAL ogrinfo SpatiaLite", "gdal_peer.py", "validity", ["ogrinfo", "spatialite"])]),
    ("c", "topology: overlaps", ["DLTB.parcels-overlap"],
     [PYSHP("overlap"), GEOPANDAS("overlap"),
      ("GDAL ogrinfo SpatiaLite", "not available: the SQLite dialect has no spatial index over a shapefile, "
                                  "so a self-join is quadratic")]),
    ("d", "full gtdc@2020 pack", None, [GEOPANDAS("full")]),
]


def timed(command, cwd=ROOT, timeout=None, ok=(0, 1)):
    """Runs a command; returns (wall s, CPU s, peak RSS MiB, stdout). Wall is taken around the process's
    life, CPU and peak RSS from its own rusage (wait4), so short runs keep their precision."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=err, text=True)
        timer = threading.Timer(timeout, process.kill) if timeout else None
        if timer:
            timer.start()
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        if timer:
            timer.cancel()
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode == -signal.SIGKILL and timeout:
            raise subprocess.TimeoutExpired(command, timeout)
        out.seek(0)
        err.seek(0)
        if process.returncode not in ok:
            raise RuntimeError("%s failed (%d): %s" % (" ".join(command[:3]), process.returncode, err.read()[-1000:]))
        return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, out.read()


def median_run(command, runs, cwd=ROOT, timeout=None, ok=(0, 1)):
    results = [timed(command, cwd, timeout, ok) for _ in range(runs)]
    return (statistics.median(r[0] for r in results), statistics.median(r[1] for r in results),
            max(r[2] for r in results), results[-1][3])


def ensure_tools():
    for product in ("stdcheck", "stdcheck-gen"):
        subprocess.run(["swift", "build", "-c", "release", "--product", product], cwd=ROOT, check=True)
    os.makedirs(os.path.dirname(RAWREAD), exist_ok=True)
    subprocess.run(["cc", "-O2", "-o", RAWREAD, os.path.join(ROOT, "bench", "rawread.c")], check=True)
    if shutil.which("ogrinfo") is None:
        subprocess.run(["apt-get", "install", "-y", "-qq", "gdal-bin"], capture_output=True)
    # pyarrow is optional: with it pyogrio reads through GDAL's Arrow stream (its fastest path)
    modules = ["shapefile", "pyogrio", "pandas", "geopandas", "shapely", "pyproj", "pyarrow"]
    if not all(importable(m) for m in modules):
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "pyshp", "pyogrio", "pandas", "geopandas",
                        "shapely>=2", "pyproj", "pyarrow"], capture_output=True)


def importable(module):
    found = subprocess.run([sys.executable, "-c", "import " + module], capture_output=True)
    return found.returncode == 0


def spatialite_works(folder):
    """Whether GDAL's SQLite dialect has SpatiaLite's ST_IsValid here."""
    if shutil.which("ogrinfo") is None:
        return False
    probe = subprocess.run(["ogrinfo", "-ro", "-q", "-dialect", "SQLite", "-sql",
                            "SELECT ST_IsValid(ST_GeomFromText('POINT(0 0)')) AS probe", folder],
                           capture_output=True, text=True)
    return "probe (Integer) = 1" in probe.stdout


def missing(peer, folder):
    """Why a peer cannot run here, or None."""
    for need in peer.needs:
        if need == "ogrinfo" and shutil.which("ogrinfo") is None:
            return "not installed (ogrinfo)"
        if need == "spatialite" and not spatialite_works(folder):
            return "not available: GDAL here has no SpatiaLite (ST_IsValid)"
        if need not in ("ogrinfo", "spatialite") and not importable(need):
            return "not installed (%s)" % need
    return None


def generator_digest():
    return subprocess.run(["sha256sum", GENERATOR], capture_output=True, text=True, check=True).stdout.split()[0]


def dataset(size, every=DEFECT_EVERY):
    """The generated database of `size`, with a defect every `every` parcels; regenerated when the generator
    or its arguments change (the stamp .generator holds both)."""
    folder = os.path.join(ROOT, ".bench-data", size if every == DEFECT_EVERY else "%s-every-%d" % (size, every))
    stamp = os.path.join(folder, ".generator")
    arguments = ["--polygons", str(SIZES[size]), "--defect-every", str(every)]
    key = generator_digest() + " " + " ".join(arguments)
    current = open(stamp).read() if os.path.exists(stamp) else None
    if current != key or not os.path.exists(os.path.join(folder, "defects.json")):
        shutil.rmtree(folder, ignore_errors=True)
        subprocess.run([GENERATOR, "--output", folder] + arguments, check=True, stdout=subprocess.DEVNULL)
        with open(stamp, "w") as f:
            f.write(key)
    return folder


def rule_counts(report, rules):
    by_id = {rule["id"]: rule["failed"] for rule in report["rules"]}
    return {rule: by_id.get(rule, 0) for rule in rules}


def ground_truth(report, folder, rules):
    """How StdCheck's findings compare with the generator's manifest, on `rules` (None: every rule). A rule
    whose findings report.json lists only in part (--max-findings-per-rule, 1000 by default) is compared by
    its count of findings instead of record by record."""
    manifest = json.load(open(os.path.join(folder, "defects.json")))
    expected = {(d["rule"], d["record"]) for d in manifest if rules is None or d["rule"] in rules}
    truncated = {r["id"] for r in report["rules"] if r.get("truncated")}
    failed = {r["id"]: r["failed"] for r in report["rules"]}
    found = {(f["rule"], f["location"].get("record")) for f in report["findings"] if f["rule"] not in truncated}
    listed = {e for e in expected if e[0] not in truncated}
    missed, other = len(listed - found), len(found - expected)
    for rule in truncated:
        wanted = sum(1 for e in expected if e[0] == rule)
        missed += max(0, wanted - failed[rule])
        other += max(0, failed[rule] - wanted)
    text = "ground truth: %d of %d injected defects found" % (len(expected) - missed, len(expected))
    if truncated:
        text += " (%d rule%s listed in part in report.json: counts compared)" % (
            len(truncated), "" if len(truncated) == 1 else "s")
    return text + ("" if not other else ", %d findings not in the manifest" % other)


def coverage(report, covered):
    """'covers 30 of 350 rules …' for a peer checking `covered` of the rules in StdCheck's report."""
    sources = [rule.get("source", "") for rule in report["rules"]]
    packed = sum(1 for s in sources if "/rules/" in s)
    tables = sum(1 for s in sources if "/layers/" in s)
    return "peer covers %d of the %d rules StdCheck ran (%d from the pack's rule files, %d from its field " \
           "tables, %d built-in format rules)" % (len(covered), len(sources), packed, tables,
                                                   len(sources) - packed - tables)


def speed(peer_wall, our_wall):
    ratio = peer_wall / our_wall if our_wall else float("inf")
    factor = ratio if ratio >= 1 else 1 / ratio
    return "StdCheck %s× %s" % (("%.2f" if factor < 2 else "%.1f") % factor, "faster" if ratio >= 1 else "slower")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10k,100k", help="comma-separated: 10k, 100k, 1m")
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (median)")
    parser.add_argument("--runs-1m", type=int, default=1, help="runs per measurement at 1m")
    parser.add_argument("--scenarios", default="a,b,c,d,e", help="comma-separated scenario keys")
    parser.add_argument("--peer-timeout", type=float, default=3600, help="seconds before a peer run is given up")
    parser.add_argument("--output", default=os.path.join(ROOT, "bench", "RESULTS.md"))
    args = parser.parse_args()
    sizes = args.sizes.split(",")
    unknown = [s for s in sizes if s not in SIZES]
    if unknown:
        parser.error("unknown size %s (known: %s)" % (", ".join(unknown), ", ".join(SIZES)))
    ensure_tools()
    load_before = os.getloadavg()[0]
    rows = []
    for size in sizes:
        runs = args.runs_1m if size == "1m" else args.runs
        folder = dataset(size)
        out = tempfile.mkdtemp()
        tables = ["%s/%s.dbf:%s" % (folder, layer, ",".join(fields)) for layer, fields in ATTRIBUTE_FIELDS.items()]
        wall, cpu, rss, _ = median_run([RAWREAD] + tables, runs)
        rows.append(dict(size=size, key="raw", scenario="raw read (fields of the 12 rules)", tool="bench/rawread.c",
                         wall=wall, cpu=cpu, rss=rss, findings=None, note="—"))
        for key, title, rules, peers in SCENARIOS:
            if key not in args.scenarios.split(","):
                continue
            row, report = stdcheck_row(folder, rules, runs, out, size, key, title)
            rows.append(row)
            wall = row["wall"]
            for peer in peers:
                rows.append(peer_row(peer, folder, runs, args, report, rules, wall, size, key, title)[0])
        if "e" in args.scenarios.split(","):
            rows += dense_rows(size, runs, args, out)
        shutil.rmtree(out, ignore_errors=True)
    write_results(rows, args, load_before)


def stdcheck_row(folder, rules, runs, out, size, key, title):
    """StdCheck on `folder` with `rules` (None: the whole pack): its row and its report."""
    flags = sum((["--rules", rule] for rule in rules), []) if rules else []
    wall, cpu, rss, _ = median_run(
        [STDCHECK, "check", folder, "--standard", "gtdc@2020", "--format", "json", "--output", out,
         "--quiet"] + flags, runs)
    report = json.load(open(os.path.join(out, "report.json")))
    total = sum(rule_counts(report, rules).values()) if rules else sum(report["summary"]["findings"].values())
    return dict(size=size, key=key, scenario=title, tool="StdCheck", wall=wall, cpu=cpu, rss=rss, findings=total,
                note=ground_truth(report, folder, rules)), report


def peer_row(peer, folder, runs, args, report, rules, base, size, key, title):
    """One peer on `folder`, compared with StdCheck's `report` on the rules the peer covers: its row, and
    the rules it covers (None when it did not run)."""
    if isinstance(peer, tuple):
        return dict(size=size, key=key, scenario=title, tool=peer[0], wall=None, cpu=None, rss=None,
                    findings=None, note=peer[1]), None
    why = missing(peer, folder)
    failed = dict(size=size, key=key, scenario=title, tool=peer.name, wall=None, cpu=None, rss=None, findings=None)
    if why:
        return dict(failed, note=why), None
    try:
        pwall, pcpu, prss, stdout = median_run(
            [sys.executable, "-W", "ignore", os.path.join(PEER_DIR, peer.script), "--mode", peer.mode, folder],
            runs, cwd=PEER_DIR, timeout=args.peer_timeout, ok=(0,))
    except subprocess.TimeoutExpired:
        return dict(failed, note="gave up after %.0f s" % args.peer_timeout), None
    except RuntimeError as error:
        return dict(failed, note="failed: %s" % str(error)[-300:]), None
    counts = json.loads(stdout.strip().splitlines()[-1])
    ours = rule_counts(report, counts)
    differences = {rule: (ours[rule], counts[rule]) for rule in counts if counts[rule] != ours[rule]}
    agree = "same counts" if not differences else "DIFFERENT (StdCheck, peer): %s" % differences
    if rules is None:
        agree = "%s; %s on those" % (coverage(report, counts), agree)
    elif set(counts) != set(rules):
        agree = "peer covers %s only; %s" % (", ".join(sorted(counts)), agree)
    return dict(size=size, key=key, scenario=title, tool=peer.name, wall=pwall, cpu=pcpu, rss=prss,
                findings=sum(counts.values()), note="%s; %s" % (agree, speed(pwall, base))), sorted(counts)


def dense_rows(size, runs, args, out):
    """Scenario e: a database with a defect every 100 parcels (every kind in turn, islands as always): the
    full pack, the geopandas full peer, and StdCheck on exactly the rules that peer covers."""
    folder = dataset(size, DENSE_EVERY)
    title = "1 % defects: full pack"
    ours, report = stdcheck_row(folder, None, runs, out, size, "e", title)
    peer, covered = peer_row(GEOPANDAS("full"), folder, runs, args, report, None, ours["wall"], size, "e", title)
    rows = [ours, peer]
    if covered:
        same, same_report = stdcheck_row(folder, covered, runs, out, size, "f", "1 %% defects: the peer's %d rules"
                                         % len(covered))
        same["covers"] = len(covered)
        agree = rule_counts(same_report, covered) == rule_counts(report, covered)
        same["note"] += "; %s the full pack's counts on these rules" % ("same as" if agree else "DIFFERENT from")
        rows.append(same)
    return rows


def find(rows, size, key, tool):
    return next((r for r in rows if r["size"] == size and r["key"] == key and r["tool"] == tool
                 and r["wall"] is not None), None)


def targets(rows, sizes):
    """Issue #21's targets, each computed from the measured rows: (target, measured, status)."""
    largest = max(sizes, key=lambda s: SIZES[s])
    at = "1m" if "1m" in sizes else largest
    caveat = "" if at == "1m" else " (at %s; 1M not measured)" % at
    lines = []

    def judge(target, value, met, text):
        if value is None:
            lines.append((target, "not measured", "—"))
        else:
            lines.append((target, text + caveat, ("met" if met else "missed") if at == "1m" else
                          ("met" if met else "missed") + " at " + at))

    ours = find(rows, at, "d", "StdCheck")
    wall = ours["wall"] if ours else None
    judge("full pack on 1M ≤ 35 s wall on 2 cores", wall, wall is not None and wall <= 35,
          "%.1f s wall, %.1f s CPU" % (wall, ours["cpu"]) if ours else "")
    peer = find(rows, at, "d", GEOPANDAS("full").name)
    ratio = peer["wall"] / ours["wall"] if ours and peer else None
    judge("full pack ≥ 9× faster than the geopandas full peer (which checks fewer rules)", ratio,
          ratio is not None and ratio >= 9, "%.2f× (%.1f s vs %.1f s)" % (ratio, ours["wall"], peer["wall"])
          if ratio else "")
    rss = ours["rss"] if ours else None
    judge("full pack: StdCheck peak RSS ≤ 1 GiB", rss, rss is not None and rss <= GIB,
          "%.0f MiB" % rss if rss is not None else "")
    busy = ours["cpu"] / ours["wall"] if ours and ours["wall"] else None
    judge("full pack: both cores busy through the run (CPU ≥ 1.8 × wall)", busy, busy is not None and busy >= 1.8,
          "CPU = %.2f × wall" % busy if busy is not None else "")
    small, big = find(rows, "100k", "d", "StdCheck"), find(rows, "1m", "d", "StdCheck")
    if small and big:
        ratio = big["wall"] / small["wall"]
        others = ", ".join(
            "%s %.1f×" % (key, find(rows, "1m", key, "StdCheck")["wall"] / find(rows, "100k", key, "StdCheck")["wall"])
            for key in ("a", "b", "c") if find(rows, "1m", key, "StdCheck") and find(rows, "100k", key, "StdCheck"))
        lines.append(("growth 100k → 1M ≤ 10.5× (full pack wall)", "%.1f× (%.1f s → %.1f s)%s" % (
            ratio, small["wall"], big["wall"], "; scenarios " + others if others else ""),
                      "met" if ratio <= 10.5 else "missed"))
    else:
        lines.append(("growth 100k → 1M ≤ 10.5× (full pack wall)", "not measured (needs --sizes 100k,1m)", "—"))
    full_e, peer_e = find(rows, at, "e", "StdCheck"), find(rows, at, "e", GEOPANDAS("full").name)
    same_e = find(rows, at, "f", "StdCheck")
    count = same_e["covers"] if same_e else "its"
    judge("islands and 1 %% defects of every kind: the full pack faster than the geopandas peer on its rules "
          "(the issue says nine; the peer covers %s)" % count, full_e and peer_e,
          bool(full_e and peer_e and full_e["wall"] < peer_e["wall"]),
          "%.1f s vs %.1f s" % (full_e["wall"], peer_e["wall"]) if full_e and peer_e else "")
    ratio = peer_e["wall"] / same_e["wall"] if peer_e and same_e else None
    judge("islands and 1 %% defects: the peer's %s rules ≥ 6× faster than that peer" % count, ratio,
          ratio is not None and ratio >= 6,
          "%.2f× (%.1f s vs %.1f s)" % (ratio, same_e["wall"], peer_e["wall"]) if ratio else "")
    ours_a = find(rows, at, "a", "StdCheck")
    raw = find(rows, at, "raw", "bench/rawread.c")
    ratio = ours_a["wall"] / raw["wall"] if ours_a and raw and raw["wall"] else None
    judge("attributes (12 rules) within 2× of the raw read", ratio, ratio is not None and ratio <= 2,
          "%.1f× (%.2f s vs %.2f s)" % (ratio, ours_a["wall"], raw["wall"]) if ratio else "")
    for key, name, goal in (("c", "overlaps", 100_000), ("b", "validity", 200_000)):
        run = find(rows, at, key, "StdCheck")
        rate = SIZES[at] / run["cpu"] if run and run["cpu"] else None
        judge("%s ≥ %dk parcels/s per core (parcels ÷ CPU seconds of the whole run, reading included)" % (
            name, goal // 1000), rate, rate is not None and rate >= goal,
            "%.0fk/s per core (%.2f s CPU, %.2f s wall)" % (rate / 1000, run["cpu"], run["wall"]) if rate else "")
    ours_rows = [r for r in rows if r["tool"] == "StdCheck" and r["wall"] is not None]
    peer_rows = [r for r in rows if r["tool"] not in ("StdCheck", "bench/rawread.c") and r["wall"] is not None]
    exact = all(re.match(r"ground truth: (\d+) of \1 injected", r["note"]) and "not in the manifest" not in r["note"]
                for r in ours_rows)
    agree = all("DIFFERENT" not in r["note"] for r in peer_rows)
    lines.append(("no rule loses a finding: ground truth found exactly, every peer agrees on its rules",
                  "%d StdCheck runs, %d peer runs" % (len(ours_rows), len(peer_rows)),
                  "met" if ours_rows and exact and agree else "missed"))
    return lines


def write_results(rows, args, load_before):
    runs = "%d (1m: %d)" % (args.runs, args.runs_1m) if "1m" in args.sizes.split(",") else "%d" % args.runs
    command = "python3 bench/run.py --sizes %s --runs %d%s" % (
        args.sizes, args.runs, " --runs-1m %d" % args.runs_1m if "1m" in args.sizes.split(",") else "")
    lines = [
        "# Benchmark results",
        "",
        "Written by `make bench` (`%s`) on %s, %d cores, load average %.1f at the start and %.1f at the end "
        "(other work on the machine inflates wall times). Data: `stdcheck-gen --defect-every %d` databases "
        "(XZQ, CJDCQ, DLTB; attribute and geometry defects with a ground-truth manifest; a cell in 97 holds an "
        "island parcel in its hole), and for the \"1 %% defects\" rows `--defect-every %d`. Each figure is the "
        "median of %s whole-process runs; RSS is the peak over the runs. \"Raw read\" is `bench/rawread.c`: "
        "the DLTB and CJDCQ tables mapped and the fields of the 12 attribute rules decoded for every record "
        "(text trimmed, not decoded from GBK; numbers parsed), one thread, no checks. The comparison column "
        "compares per-rule finding counts on exactly the rules each peer covers." % (
            command, platform.platform(), os.cpu_count(), load_before, os.getloadavg()[0], DEFECT_EVERY,
            DENSE_EVERY, runs),
        "",
        "| size | scenario | tool | wall s | CPU s | peak RSS MiB | findings | comparison |",
        "|---|---|---|---|---|---|---|---|",
    ]
    fmt = lambda v, f: "—" if v is None else f % v
    for r in rows:
        lines.append("| %s | %s | %s | %s | %s | %s | %s | %s |" % (
            r["size"], r["scenario"], r["tool"], fmt(r["wall"], "%.2f"), fmt(r["cpu"], "%.2f"), fmt(r["rss"], "%.0f"),
            "—" if r["findings"] is None else r["findings"], r["note"]))
    lines += ["", "## Targets (issue #21)", "", "| target | measured | status |", "|---|---|---|"]
    lines += ["| %s | %s | %s |" % line for line in targets(rows, args.sizes.split(","))]
    lines += ["", "Generated %s." % datetime.date.today().isoformat()]
    with open(args.output, "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
