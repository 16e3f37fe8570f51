#!/bin/bash
# Times a change-survey check: a generated county of N parcels (the base) and a consistent update package
# of FRACTION of its parcels (stdcheck-gen --update-of), checked with `--standard gtdcbg@2021 --base`.
# Prints the generator's summary, the verdict line, and the wall time and peak RSS of the check
# (/usr/bin/time -v). Usage: bench/change-survey.sh [N=100000] [FRACTION=0.02] [BUILD=release]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-100000}
FRACTION=${2:-0.02}
BUILD=${3:-release}
BIN=.build/$BUILD
DATA=.bench-data/change-$N
if [ ! -x "$BIN/stdcheck" ] || [ ! -x "$BIN/stdcheck-gen" ]; then
    swift build -c "$BUILD" --product stdcheck-gen
    swift build -c "$BUILD" --product stdcheck
fi
rm -rf "$DATA"
"$BIN/stdcheck-gen" --polygons "$N" --output "$DATA/base"
"$BIN/stdcheck-gen" --update-of "$DATA/base" --output "$DATA/update" --fraction "$FRACTION"
status=0
/usr/bin/time -v "$BIN/stdcheck" check "$DATA/update" --standard gtdcbg@2021 --base "$DATA/base" --quiet \
    >"$DATA/report.txt" 2>"$DATA/time.txt" || status=$?
grep -E '^(Verdict|Findings)' "$DATA/report.txt" || true
grep -E 'Elapsed \(wall clock\)|Maximum resident set size' "$DATA/time.txt"
echo "exit status $status"
