#!/usr/bin/env python3
"""`make bench`: StdCheck against its peers on generated county-scale 三调 data, in one run.

Generates (and caches under .bench-data/) deterministic databases with stdcheck-gen, then times each
scenario as a whole process — median of --runs runs, wall and CPU seconds, peak RSS — for StdCheck
and for every peer that can run here (pyshp + Python, pyogrio + pandas, GDAL ogrinfo SQL), checks
that they report the same finding counts, and writes bench/RESULTS.md. Peers are installed with pip
when missing; they are never StdCheck's runtime dependencies.
"""
import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "bench", "peers"))
from common import ATTRIBUTE_RULES  # noqa: E402

SIZES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000}
STDCHECK = os.path.join(ROOT, ".build", "release", "stdcheck")
GENERATOR = os.path.join(ROOT, ".build", "release", "stdcheck-gen")
PEERS = {
    "pyshp + Python": ("pyshp_peer.py", ["shapefile"]),
    "pyogrio + pandas": ("geopandas_peer.py", ["pyogrio", "pandas"]),
    "GDAL ogrinfo SQL": ("gdal_peer.py", []),
}


def timed(command, cwd=ROOT):
    """Runs a command under GNU time; returns (wall, cpu, peak MiB, stdout)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as stats:
        completed = subprocess.run(
            ["/usr/bin/time", "-f", "%e %U %S %M", "-o", stats.name] + command,
            cwd=cwd, capture_output=True, text=True)
        if completed.returncode not in (0, 1):
            raise RuntimeError("%s failed (%d): %s" % (command[0], completed.returncode, completed.stderr[-1000:]))
        wall, user, system, rss = stats.read().split()[-4:]
    return float(wall), float(user) + float(system), int(rss) / 1024, completed.stdout


def median_run(command, runs, cwd=ROOT):
    results = [timed(command, cwd) for _ in range(runs)]
    return (statistics.median(r[0] for r in results), statistics.median(r[1] for r in results),
            max(r[2] for r in results), results[-1][3])


def ensure_tools():
    subprocess.run(["swift", "build", "-c", "release", "--product", "stdcheck"], cwd=ROOT, check=True)
    subprocess.run(["swift", "build", "-c", "release", "--product", "stdcheck-gen"], cwd=ROOT, check=True)
    if not os.path.exists("/usr/bin/time"):
        subprocess.run(["apt-get", "install", "-y", "-qq", "time"], check=True)


def dataset(size):
    """The generated database of `size`, with one defect every 1000 parcels; cached by generator digest."""
    folder = os.path.join(ROOT, ".bench-data", size)
    stamp = os.path.join(folder, ".generator")
    digest = subprocess.run(["sha256sum", GENERATOR], capture_output=True, text=True).stdout.split()[0]
    if not (os.path.exists(stamp) and open(stamp).read() == digest):
        shutil.rmtree(folder, ignore_errors=True)
        subprocess.run([GENERATOR, "--polygons", str(SIZES[size]), "--output", folder, "--defect-every", "1000"],
                       check=True, stdout=subprocess.DEVNULL)
        open(stamp, "w").write(digest)
    return folder


def peer_ready(modules):
    for module in modules:
        try:
            __import__(module)
        except ImportError:
            return False
    return True


def stdcheck_counts(report, rules):
    by_id = {rule["id"]: rule["failed"] for rule in report["rules"]}
    return {rule: by_id.get(rule, 0) for rule in rules}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10k,100k", help="comma-separated: 10k, 100k, 1m")
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (median)")
    args = parser.parse_args()
    ensure_tools()
    if shutil.which("ogrinfo") is None:
        subprocess.run(["apt-get", "install", "-y", "-qq", "gdal-bin"], capture_output=True)
    for modules in (["shapefile"], ["pyogrio", "pandas"]):
        if not peer_ready(modules):
            subprocess.run([sys.executable, "-m", "pip", "install", "-q", "pyshp", "pyogrio", "pandas"],
                           capture_output=True)
    rows = []
    for size in args.sizes.split(","):
        folder = dataset(size)
        out = tempfile.mkdtemp()
        selection = sum((["--rules", rule] for rule in ATTRIBUTE_RULES), [])
        scenarios = [
            ("attributes (12 rules)", selection, ATTRIBUTE_RULES),
            ("full gtdc@2020 pack", [], None),
        ]
        for scenario, flags, rules in scenarios:
            wall, cpu, rss, _ = median_run(
                [STDCHECK, "check", folder, "--standard", "gtdc@2020", "--format", "json", "--output", out,
                 "--quiet"] + flags, args.runs)
            report = json.load(open(os.path.join(out, "report.json")))
            ours = stdcheck_counts(report, rules) if rules else None
            total = sum(report["summary"]["findings"].values())
            rows.append((size, scenario, "StdCheck", wall, cpu, rss, total if not rules else sum(ours.values()), "—"))
            base = wall
            if not rules:
                continue
            for peer, (script, modules) in PEERS.items():
                if (script == "gdal_peer.py" and shutil.which("ogrinfo") is None) or not peer_ready(modules):
                    rows.append((size, scenario, peer, None, None, None, None, "not installed"))
                    continue
                pwall, pcpu, prss, stdout = median_run(
                    [sys.executable, os.path.join(ROOT, "bench", "peers", script), folder], args.runs,
                    cwd=os.path.join(ROOT, "bench", "peers"))
                counts = json.loads(stdout)
                agree = "same counts" if counts == ours else "DIFFERENT: %s" % {
                    k: (ours[k], counts.get(k)) for k in ours if counts.get(k) != ours[k]}
                rows.append((size, scenario, peer, pwall, pcpu, prss, sum(counts.values()),
                             "%s; StdCheck %.1f× faster" % (agree, pwall / base)))
        shutil.rmtree(out, ignore_errors=True)
    write_results(rows, args)


def write_results(rows, args):
    load = os.getloadavg()
    lines = [
        "# Benchmark results",
        "",
        "Written by `make bench` (`python3 bench/run.py --sizes %s --runs %d`) on %s, %d cores, load %.1f "
        "at the end. Data: `stdcheck-gen` databases (XZQ, CJDCQ, DLTB; one injected defect per 1000 parcels). "
        "Each figure is the median of %d whole-process runs; RSS is the peak over the runs." % (
            args.sizes, args.runs, platform.platform(), os.cpu_count(), load[0], args.runs),
        "",
        "| size | scenario | tool | wall s | CPU s | peak RSS MiB | findings | comparison |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for size, scenario, tool, wall, cpu, rss, findings, note in rows:
        fmt = lambda v, f: "—" if v is None else f % v
        lines.append("| %s | %s | %s | %s | %s | %s | %s | %s |" % (
            size, scenario, tool, fmt(wall, "%.2f"), fmt(cpu, "%.2f"), fmt(rss, "%.0f"),
            "—" if findings is None else findings, note))
    lines.append("")
    lines.append("Generated %s." % datetime.date.today().isoformat())
    path = os.path.join(ROOT, "bench", "RESULTS.md")
    open(path, "w").write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
