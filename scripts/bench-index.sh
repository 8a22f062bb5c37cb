#!/usr/bin/env bash
# Index benchmarks (figures for the issue notes):
#   1. generate an index of BENCH_ENTRIES entries (default 1,000,000; unsigned statements signed with Ed25519,
#      one manifest + DSSE envelope each) through the append path, in batches;
#   2. verifier `index` over it with -Xmx256m: wall time, throughput and peak RSS, against sha256sum over the same bytes;
#   3. append 1,000 entries to it: time and files written;
#   4. verifier `bundle` for one export: files read and wall time including JVM start.
# BENCH_DIR reuses (and continues) an earlier index; default: a fresh temp folder, kept for inspection.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
entries="${BENCH_ENTRIES:-1000000}"
dir="${BENCH_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/stagelight-bench.XXXXXX")}"
pub="$root/index-publisher/target/stagelight-publisher.jar"
ver="$root/verifier/target/stagelight-verifier.jar"
for j in "$pub" "$ver"; do [[ -f "$j" ]] || { echo "bench index: $j missing; run ./stagelight build" >&2; exit 2; }; done
timed() { /usr/bin/time -f '%e s wall, %M KB peak RSS' -o "$dir/time.txt" "$@"; }

mkdir -p "$dir"
echo "bench index: folder $dir, $entries entries"
echo "--- generate"
timed java -Xmx3g -cp "$pub" dev.stagelight.publisher.bench.GenerateIndex "$dir" "$entries" 50000 32 | grep -E 'done|00,000 entries'
echo "generate: $(cat "$dir/time.txt")"

echo "--- verifier index (-Xmx256m)"
bytes=$(find "$dir/index" -type f -printf "%s\n" | awk "{s+=\$1} END {print s}")
files=$(find "$dir/index" -type f | wc -l)
sync; timed java -Xmx256m -Xlog:gc:file="$dir/verify-gc.log" -jar "$ver" index "$dir/index" --log-key "$dir/keys/log.vkey" \
  --signer-key "$dir/keys/signing.pub.pem" --quiet > "$dir/verify-index.txt" || { cat "$dir/verify-index.txt"; exit 1; }
tail -n 3 "$dir/verify-index.txt"
vt=$(cut -d' ' -f1 "$dir/time.txt")
echo "verifier index: $(cat "$dir/time.txt"); $files files, $bytes bytes; $(awk -v b="$bytes" -v t="$vt" 'BEGIN{printf "%.1f MB/s", b/t/1e6}')"
# Peak heap in use: the largest "used before collection" figure of the GC log (G1 lines read "Pause ... 120M->30M(256M)").
echo "verifier index: peak heap in use $(grep -oE '[0-9]+M->[0-9]+M' "$dir/verify-gc.log" | cut -dM -f1 | sort -n | tail -1) MB (-Xmx256m; goal <= 256 MB)"
timed sh -c "find '$dir/index' -type f -print0 | xargs -0 cat | sha256sum > /dev/null"
st=$(cut -d' ' -f1 "$dir/time.txt")
echo "sha256sum over the same files: $(cat "$dir/time.txt"); $(awk -v b="$bytes" -v t="$st" 'BEGIN{printf "%.1f MB/s", b/t/1e6}')"
echo "verifier / sha256sum throughput: $(awk -v a="$st" -v b="$vt" 'BEGIN{printf "%.2f", a/b}') (goal >= 0.5)"

echo "--- append 1,000 entries"
timed java -Xmx1g -cp "$pub" dev.stagelight.publisher.bench.AppendBench "$dir" 1000 8
echo "append: $(cat "$dir/time.txt")"

echo "--- verifier bundle (one export, JVM start included)"
timed java -jar "$ver" bundle "$dir/export-sample" --index "$dir/index" --log-key "$dir/keys/log.vkey" \
  --signer-key "$dir/keys/signing.pub.pem" --json > "$dir/verify-bundle.json" || { cat "$dir/verify-bundle.json"; exit 1; }
echo "bundle: $(cat "$dir/time.txt"); $(grep -oE '"files_?[rR]ead"[^,}]*' "$dir/verify-bundle.json" | head -1)"
echo "bench index: files kept in $dir"
