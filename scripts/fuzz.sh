#!/usr/bin/env bash
# Builds the libFuzzer targets in Fuzz/ (coverage + AddressSanitizer) and runs each for FUZZ_SECONDS,
# seeded from Fuzz/seeds/<target>/ and from ../shared/corpus when it exists. Crashes are left in .build/fuzz/crashes/<target>/.
#   scripts/fuzz.sh build            build only
#   scripts/fuzz.sh run [targets…]   build, then run (default: shapefile dbf csv vct)
#   scripts/fuzz.sh run-built [targets…]   run without rebuilding
set -euo pipefail
cd "$(dirname "$0")/.."
SWIFT=${SWIFT:-swift}
SWIFTC=${SWIFTC:-$(dirname "$(command -v "$SWIFT")")/swiftc}
SECONDS_PER_TARGET=${FUZZ_SECONDS:-60}
OUT=.build/fuzz
CORPUS=${FUZZ_CORPUS:-../shared/corpus}

build() {
    # The libraries, instrumented for coverage and AddressSanitizer, in their own build folder.
    "$SWIFT" build --build-path "$OUT/spm" --target Formats \
        -Xswiftc -sanitize=fuzzer -Xswiftc -sanitize=address \
        -Xswiftc -sanitize-coverage=edge,trace-cmp,inline-8bit-counters,pc-table -Xcc -fsanitize=fuzzer-no-link,address
    local objects=()
    for module in Formats RuleEngine Yams CYaml ZIPFoundation; do
        while IFS= read -r object; do objects+=("$object"); done < <(find "$OUT/spm/debug/$module.build" -name "*.o")
    done
    local cflags
    # every system library Formats and RuleEngine wrap (module maps in Sources/C*)
    local libraries="shapelib proj geos libxml-2.0 libcrypto zlib"
    # shellcheck disable=SC2086
    cflags=$(pkg-config --cflags $libraries | sed 's/-I/-Xcc -I/g')
    for target in shapefile dbf csv vct; do
        local source
        case $target in
        shapefile) source=Fuzz/ShapefileFuzz.swift ;;
        dbf) source=Fuzz/DBFFuzz.swift ;;
        csv) source=Fuzz/CSVFuzz.swift ;;
        vct) source=Fuzz/VCTFuzz.swift ;;
        esac
        # shellcheck disable=SC2086
        "$SWIFTC" -sanitize=fuzzer,address -parse-as-library -g -module-name "Fuzz_$target" \
            -I "$OUT/spm/debug/Modules" -I Sources/CShapelib -I Sources/CProj -I Sources/CGEOS \
            -I Sources/CLibXML2 -I Sources/CCrypto -I "$OUT/spm/checkouts/ZIPFoundation/Sources/CZLib" \
            -I "$OUT/spm/checkouts/Yams/Sources/CYaml/include" $cflags \
            "$source" Fuzz/Support/FuzzWorkspace.swift "${objects[@]}" \
            $(pkg-config --libs $libraries) -o "$OUT/fuzz-$target"
    done
}

seeds() {
    local target=$1 dir="$OUT/seeds/$target"
    rm -rf "$dir" && mkdir -p "$dir"
    # the committed seeds of hostile cases (Fuzz/seeds/<target>/), in the target's own input layout
    if [ -d "Fuzz/seeds/$target" ]; then cp Fuzz/seeds/"$target"/* "$dir/"; fi
    # the VCT fixtures seed the VCT target even without a corpus
    [ "$target" = vct ] && find fixtures/vct -name '*.vct' -size -16k -exec cp {} "$dir/" \;
    [ -d "$CORPUS" ] || { echo "$dir"; return; }
    case $target in
    shapefile)
        # Each seed: 2-byte .shp length, the .shp (when under 64 KiB), then its .shx.
        find "$CORPUS" -iname '*.shp' -size -64k | while read -r shp; do
            local shx="${shp%.*}.shx"; [ -f "$shx" ] || shx=/dev/null
            python3 -c 'import sys,struct; a=open(sys.argv[1],"rb").read(); b=open(sys.argv[2],"rb").read(); sys.stdout.buffer.write(struct.pack(">H",len(a))+a+b)' \
                "$shp" "$shx" >"$dir/$(echo "$shp" | md5sum | cut -c1-16)"
        done ;;
    dbf) find "$CORPUS" -iname '*.dbf' -size -256k -exec cp {} "$dir/" \; 2>/dev/null || true ;;
    csv) find "$CORPUS" \( -iname '*.csv' -o -iname '*.tsv' \) -size -256k | while read -r f; do
            cp "$f" "$dir/$(echo "$f" | md5sum | cut -c1-16)"; done ;;
    vct) find "$CORPUS" -iname '*.vct' -size -16k | while read -r f; do
            cp "$f" "$dir/$(echo "$f" | md5sum | cut -c1-16)"; done ;;
    esac
    echo "$dir"
}

run() {
    local target=$1 seeds status=0
    seeds=$(seeds "$target")
    mkdir -p "$OUT/crashes/$target" "$OUT/work/$target"
    echo "fuzz-$target: ${SECONDS_PER_TARGET}s, seeds from $seeds"
    # Inputs up to 16 KiB: every header and record path is reachable, and runs stay fast under ASan.
    "$OUT/fuzz-$target" -max_total_time="$SECONDS_PER_TARGET" -rss_limit_mb=2048 -timeout=10 -max_len=16384 \
        -artifact_prefix="$OUT/crashes/$target/" -print_final_stats=1 "$OUT/work/$target" "$seeds" || status=$?
    rm -rf /dev/shm/stdcheck-fuzz-"$target"-* "${TMPDIR:-/tmp}"/stdcheck-fuzz-"$target"-*
    return "${status:-0}"
}

case ${1:-run} in
build) build ;;
run)
    shift || true
    build
    for target in "${@:-shapefile dbf csv vct}"; do for t in $target; do run "$t"; done; done ;;
run-built)
    shift || true
    for target in "${@:-shapefile dbf csv vct}"; do for t in $target; do run "$t"; done; done ;;
*) echo "usage: $0 build | run [shapefile|dbf|csv|vct …]" >&2; exit 2 ;;
esac
