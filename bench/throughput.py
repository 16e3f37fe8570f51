#!/usr/bin/env python3
"""Batch throughput of the service: the same batch of generated counties checked by 1 and by 2 workers.

Part of `make bench` (not `make test`). Generates COUNTIES small counties with stdcheck-gen into a data
root, then for each worker count starts a fresh service, submits one manifest with `stdcheck batch
submit`, waits with `stdcheck batch status --wait`, and takes counties per minute from the wall time
between the submission and the last report. With `stdcheck worker` present (issue #20 part W) and a
PostgreSQL (STDCHECK_BENCH_POSTGRES, else scripts/pg-test.sh), the server runs with --workers 0 and N
worker processes do the checks; otherwise the server's own N in-process workers do (the mode is printed).
Writes bench/THROUGHPUT.md.
"""

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def binary(name, config):
    folder = subprocess.run(["swift", "build", "-c", config, "--show-bin-path"], cwd=ROOT, check=True,
                            capture_output=True, text=True).stdout.strip()
    return os.path.join(folder, name)


def start_server(stdcheck, data, root, workers, database):
    command = [stdcheck, "serve", "--data", data, "--listen", "127.0.0.1:0", "--data-root", root,
               "--workers", str(workers)]
    if database:
        command += ["--database", database]
    log = open(os.path.join(data, "..", "serve-%d.log" % workers), "w")
    process = subprocess.Popen(command, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, cwd=ROOT)
    deadline = time.time() + 120
    seen = ""
    while time.time() < deadline:
        line = process.stderr.readline()
        if not line:
            break
        seen += line
        found = re.search(r"serving http://127\.0\.0\.1:(\d+) ", line)
        if found:
            # keep draining the log so the server never blocks on a full pipe
            subprocess.Popen(["cat"], stdin=process.stderr, stdout=log)
            return process, "http://127.0.0.1:%s" % found.group(1)
    process.kill()
    raise RuntimeError("the server did not start:\n" + seen)


def run(command, **extra):
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, **extra)
    if done.returncode != 0:
        raise RuntimeError("%s failed (%d): %s" % (" ".join(command[:3]), done.returncode, done.stderr[-2000:]))
    return done.stdout


def worker_command_exists(stdcheck):
    return subprocess.run([stdcheck, "worker", "--help"], capture_output=True).returncode == 0


def postgres_url():
    given = os.environ.get("STDCHECK_BENCH_POSTGRES")
    if given:
        return given, False
    started = subprocess.run(["bash", os.path.join(ROOT, "scripts", "pg-test.sh"), "start"], capture_output=True,
                             text=True)
    if started.returncode != 0:
        return None, False
    return started.stdout.strip().splitlines()[-1], True


def fresh_database(admin_url, name):
    """A new database on the bench server (psql through the URL)."""
    subprocess.run(["psql", admin_url, "-q", "-c", "DROP DATABASE IF EXISTS %s" % name], capture_output=True)
    run(["psql", admin_url, "-q", "-c", "CREATE DATABASE %s" % name])
    parts = urllib.parse.urlsplit(admin_url)
    return urllib.parse.urlunsplit(parts._replace(path="/" + name))


def measure(stdcheck, root, manifest, workers, mode, admin_url, work):
    data = os.path.join(work, "data-%d" % workers)
    os.makedirs(data)
    database = fresh_database(admin_url, "bench_batch_%d" % workers) if mode == "worker processes" else None
    server, url = start_server(stdcheck, data, root, 0 if database else workers, database)
    extra = []
    try:
        service = ["--data", data] + (["--database", database] if database else [])
        run([stdcheck, "serve", "admin", "add-user"] + service + ["--name", "bench", "--role", "admin", "--password",
                                                                  "bench-password"])
        token = run([stdcheck, "serve", "admin", "add-token"] + service + ["--user", "bench", "--scopes",
                                                                           "submit,read"]).strip()
        for index in range(workers if database else 0):
            extra.append(subprocess.Popen([stdcheck, "worker", "--database", database, "--data", data],
                                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT))
        environment = dict(os.environ, STDCHECK_TOKEN=token)
        load = os.getloadavg()[0]
        started = time.time()
        batch = run([stdcheck, "batch", "submit", manifest, "--server", url], env=environment).strip()
        status = json.loads(run([stdcheck, "batch", "status", batch, "--server", url, "--wait", "--json"],
                                env=environment))
        wall = time.time() - started
        return wall, status, load, os.getloadavg()[0]
    finally:
        for process in extra:
            process.kill()
        server.kill()
        server.wait()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counties", type=int, default=40)
    parser.add_argument("--polygons", type=int, default=2000, help="DLTB polygons of each county")
    parser.add_argument("--config", default="release")
    parser.add_argument("--mode", choices=["auto", "in-process", "worker-processes"], default="auto")
    arguments = parser.parse_args()
    for product in ("stdcheck", "stdcheck-gen"):
        subprocess.run(["swift", "build", "-c", arguments.config, "--product", product], cwd=ROOT, check=True)
    stdcheck = binary("stdcheck", arguments.config)
    generator = binary("stdcheck-gen", arguments.config)
    admin_url, started_pg = None, False
    mode = "in-process workers"
    if arguments.mode != "in-process" and worker_command_exists(stdcheck):
        admin_url, started_pg = postgres_url()
        if admin_url:
            mode = "worker processes"
    if arguments.mode == "worker-processes" and mode != "worker processes":
        sys.exit("throughput: --mode worker-processes needs `stdcheck worker` and a PostgreSQL")
    work = tempfile.mkdtemp(prefix="stdcheck-throughput-")
    try:
        root = os.path.join(work, "shared")
        lines = ["id,path,standard,region"]
        for index in range(arguments.counties):
            run([generator, "--polygons", str(arguments.polygons), "--seed", str(index + 1), "--defect-every", "500",
                 "--output", os.path.join(root, "c%02d" % index)])
            lines.append("county %02d,c%02d,gtdc@2020,%d" % (index, index, 330100 + index))
        manifest = os.path.join(work, "counties.csv")
        with open(manifest, "w") as handle:
            handle.write("\n".join(lines) + "\n")
        results = {}
        for workers in (1, 2):
            wall, status, before, after = measure(stdcheck, root, manifest, workers, mode, admin_url, work)
            if status.get("checked") != arguments.counties:
                raise RuntimeError("the batch ended with %s" % status)
            results[workers] = (wall, arguments.counties / wall * 60, before, after)
            print("throughput: %d worker(s), %s: %d counties in %.1f s = %.1f counties/min (load %.1f → %.1f)"
                  % (workers, mode, arguments.counties, wall, results[workers][1], before, after), flush=True)
        factor = results[2][1] / results[1][1]
        print("throughput: scaling factor 1 → 2 workers: %.2f× (%d cores on this machine)" % (factor, os.cpu_count()))
        with open(os.path.join(ROOT, "bench", "THROUGHPUT.md"), "w") as out:
            out.write("# Batch throughput\n\n")
            out.write("Written by `python3 bench/throughput.py --counties %d --polygons %d --config %s` (part of "
                      "`make bench`, which uses the release build) on %s, %d cores; %s; each county a `stdcheck-gen --polygons %d --defect-every 500` database "
                      "checked against the full gtdc@2020 pack; wall time from `stdcheck batch submit` to the "
                      "end of `stdcheck batch status --wait` (0.5 s polling). Other work on the machine inflates "
                      "wall times: the load average before and after each run is given.\n\n"
                      % (arguments.counties, arguments.polygons, arguments.config, platform.platform(), os.cpu_count(),
                         mode,
                         arguments.polygons))
            out.write("| workers | wall s | counties/min | load before → after |\n|---|---|---|---|\n")
            for workers in (1, 2):
                wall, rate, before, after = results[workers]
                out.write("| %d | %.1f | %.1f | %.1f → %.1f |\n" % (workers, wall, rate, before, after))
            out.write("\nScaling factor 1 → 2 workers: **%.2f×**.\n" % factor)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if started_pg:
            subprocess.run(["bash", os.path.join(ROOT, "scripts", "pg-test.sh"), "stop"], capture_output=True)


if __name__ == "__main__":
    main()
