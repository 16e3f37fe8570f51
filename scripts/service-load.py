#!/usr/bin/env python3
"""Load test of `stdcheck serve` on loopback (not part of `make test`; `make service-load` runs it).

It starts one server on a temporary data folder and a free loopback port (SQLite, or --database), makes
a producer and its API token with `stdcheck serve admin`, then

  1. uploads N small generated submissions at once (default 50 threads): each a zip of a copy of
     fixtures/sample-county with a note of its own (so no two have the same sha256 and none is a
     duplicate), sent with the tus protocol (POST, then PATCH in two chunks, a HEAD between them as a
     resuming client does) and submitted (POST /api/submissions);
  2. waits until the server has checked them all;
  3. reads reports with R concurrent readers (default 200 threads, each reading --reads reports).

It prints, for each phase, the latency of its requests (p50, p99, max), the throughput, the error
count, and the server's peak resident memory (VmHWM from /proc/<pid>/status). Standard library only:
threads and http.client. Exits 1 when any request failed.
"""

import argparse
import base64
import http.client
import io
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zipfile

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values, fraction):
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, int(round(fraction * (len(ordered) - 1)))))
    return ordered[index]


def peak_rss_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


class Recorder:
    """Request latencies and errors, from many threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.latencies = []
        self.errors = []

    def request(self, connection, method, path, body=None, headers=None, expect=(200,)):
        started = time.perf_counter()
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException) as error:
            with self.lock:
                self.errors.append(f"{method} {path}: {error!r}")
            raise
        elapsed = time.perf_counter() - started
        with self.lock:
            self.latencies.append(elapsed)
            if response.status not in expect:
                self.errors.append(f"{method} {path}: HTTP {response.status} {data[:200]!r}")
        return response, data

    def summary(self, name, wall):
        count = len(self.latencies)
        ms = [value * 1000 for value in self.latencies]
        return (
            f"{name}: {count} requests in {wall:.2f} s = {count / wall if wall else 0:.1f} req/s; "
            f"latency p50 {percentile(ms, 0.50):.1f} ms, p99 {percentile(ms, 0.99):.1f} ms, "
            f"max {max(ms) if ms else float('nan'):.1f} ms; errors {len(self.errors)}"
        )


def make_submission(index, source):
    """A zip of the sample county plus a note that makes its content its own."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(os.listdir(source)):
            archive.write(os.path.join(source, name), f"load-{index:03d}/{name}")
        archive.writestr(f"load-{index:03d}/说明.txt", f"load test submission {index}\n")
    return buffer.getvalue()


def tus_metadata(pairs):
    return ",".join(f"{key} {base64.b64encode(value.encode()).decode()}" for key, value in pairs.items())


def upload_and_submit(port, token, index, payload, standard, recorder, submissions):
    auth = {"Authorization": f"Bearer {token}", "Tus-Resumable": "1.0.0"}
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        response, _ = recorder.request(
            connection, "POST", "/api/uploads",
            headers={**auth, "Upload-Length": str(len(payload)),
                     "Upload-Metadata": tus_metadata({"filename": f"load-{index:03d}.zip", "standard": standard})},
            expect=(201,))
        location = response.getheader("Location") or ""
        path = location[location.index("/api/"):] if "/api/" in location else location
        half = len(payload) // 2
        chunk = {**auth, "Content-Type": "application/offset+octet-stream"}
        recorder.request(connection, "PATCH", path, body=payload[:half],
                         headers={**chunk, "Upload-Offset": "0"}, expect=(204,))
        response, _ = recorder.request(connection, "HEAD", path, headers=auth, expect=(200,))
        offset = int(response.getheader("Upload-Offset") or "0")
        recorder.request(connection, "PATCH", path, body=payload[offset:],
                         headers={**chunk, "Upload-Offset": str(offset)}, expect=(204,))
        upload_id = path.rstrip("/").rsplit("/", 1)[-1]
        _, data = recorder.request(
            connection, "POST", "/api/submissions", body=json.dumps({"upload": upload_id}),
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"}, expect=(201,))
        submission = json.loads(data)["id"]
        with recorder.lock:
            submissions.append(submission)
    except Exception as error:  # recorded; the other uploads go on
        with recorder.lock:
            recorder.errors.append(f"upload {index}: {error!r}")
    finally:
        connection.close()


def read_reports(port, token, ids, reads, offset, recorder, formats):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        for step in range(reads):
            submission = ids[(offset + step) % len(ids)]
            form = formats[(offset + step) % len(formats)]
            recorder.request(connection, "GET", f"/api/submissions/{submission}/report/{form}",
                             headers={"Authorization": f"Bearer {token}"})
    except Exception:
        pass  # recorded by Recorder.request
    finally:
        connection.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=os.path.join(REPO, ".build", "release", "stdcheck"))
    parser.add_argument("--database", help="postgres://… (default: SQLite in the data folder)")
    parser.add_argument("--uploads", type=int, default=50)
    parser.add_argument("--readers", type=int, default=200)
    parser.add_argument("--reads", type=int, default=5, help="reports each reader reads")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--standard", default="gtdc@2020")
    parser.add_argument("--formats", default="json,html,text")
    parser.add_argument("--check-timeout", type=float, default=1800, help="seconds to wait for the checks")
    parser.add_argument("--keep", action="store_true", help="keep the data folder")
    options = parser.parse_args()
    if not os.access(options.binary, os.X_OK):
        sys.exit(f"service-load: no {options.binary} (swift build -c release, or --binary)")

    work = tempfile.mkdtemp(prefix="stdcheck-load-")
    data = os.path.join(work, "data")
    store = ["--database", options.database] if options.database else []
    port = free_port()
    server = None
    try:
        subprocess.run([options.binary, "serve", "admin", "add-user", "--data", data, *store, "--name", "loader",
                        "--role", "producer", "--unit", "330106", "--password", "load-test-password"],
                       text=True, check=True, capture_output=True)
        made = subprocess.run([options.binary, "serve", "admin", "add-token", "--data", data, *store, "--name", "load",
                               "--user", "loader", "--scopes", "submit,read"],
                              text=True, check=True, capture_output=True)
        found = re.search(r"sct_[A-Za-z0-9_-]+", made.stdout + made.stderr)
        if not found:
            sys.exit("service-load: serve admin add-token printed no sct_ token")
        token = found.group(0)
        log = open(os.path.join(work, "server.log"), "w")
        server = subprocess.Popen([options.binary, "serve", "--data", data, *store, "--listen", f"127.0.0.1:{port}",
                                   "--workers", str(options.workers)], stdout=log, stderr=subprocess.STDOUT)
        deadline = time.time() + 60
        while True:
            try:
                probe = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                probe.request("GET", "/healthz")
                if probe.getresponse().status == 200:
                    break
            except OSError:
                pass
            if server.poll() is not None or time.time() > deadline:
                sys.exit(f"service-load: the server did not come up (log: {log.name})")
            time.sleep(0.2)

        source = os.path.join(REPO, "fixtures", "sample-county")
        payloads = [make_submission(index, source) for index in range(options.uploads)]
        print(f"server pid {server.pid} on 127.0.0.1:{port}, {options.workers} workers; "
              f"{options.uploads} submissions of {statistics.mean(len(p) for p in payloads) / 1024:.0f} KiB")

        uploads = Recorder()
        submissions = []
        threads = [threading.Thread(target=upload_and_submit,
                                    args=(port, token, index, payload, options.standard, uploads, submissions))
                   for index, payload in enumerate(payloads)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        upload_wall = time.perf_counter() - started
        print(uploads.summary(f"uploads ({options.uploads} concurrent, tus POST+PATCH+HEAD+PATCH, submit)",
                              upload_wall))

        # the checks
        waiting = set(submissions)
        started = time.perf_counter()
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        states = {}
        while waiting and time.perf_counter() - started < options.check_timeout:
            for submission in sorted(waiting):
                connection.request("GET", f"/api/submissions/{submission}",
                                   headers={"Authorization": f"Bearer {token}"})
                state = json.loads(connection.getresponse().read()).get("state")
                states[submission] = state
                if state in ("checked", "failed", "accepted", "returned"):
                    waiting.discard(submission)
            if waiting:
                time.sleep(1)
        check_wall = time.perf_counter() - started
        done = [s for s in submissions if states.get(s) == "checked"]
        failed = [s for s in submissions if states.get(s) == "failed"]
        print(f"checks: {len(done)} checked, {len(failed)} failed, {len(waiting)} unfinished after "
              f"{check_wall:.1f} s ({len(done) / check_wall if check_wall else 0:.2f} checks/s)")

        reads = Recorder()
        formats = options.formats.split(",")
        if done:
            threads = [threading.Thread(target=read_reports,
                                        args=(port, token, done, options.reads, index, reads, formats))
                       for index in range(options.readers)]
            started = time.perf_counter()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            read_wall = time.perf_counter() - started
            print(reads.summary(f"report reads ({options.readers} concurrent readers × {options.reads}, "
                                f"{'/'.join(formats)})", read_wall))
        peak = peak_rss_kib(server.pid)
        print(f"server peak RSS: {peak / 1024:.1f} MiB" if peak else "server peak RSS: unknown (no /proc)")
        errors = uploads.errors + reads.errors + [f"submission {s} failed" for s in failed] + \
            [f"submission {s} not checked in time" for s in waiting]
        for error in errors[:20]:
            print("error:", error)
        print(f"errors: {len(errors)}")
        return 1 if errors or not done else 0
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
        if options.keep:
            print("data folder kept:", work)
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
