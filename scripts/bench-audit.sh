#!/usr/bin/env bash
# Full-audit benchmark: `verifier index` beside the machine's floor, measured in the same run, then `follow`.
#   floor = max(one file-read pass: find | xargs cat | sha256sum over the index,
#               entries / (cores x Ed25519 verifies per second per core, from `openssl speed ed25519`))
#   1. generate an index of BENCH_ENTRIES entries (default 100,000) unless BENCH_DIR already holds one;
#   2. the floor, then `verifier index` (-Xmx256m): wall, CPU, cores used, peak heap, ratio to the floor; beside it,
#      Ed25519 on one core as JDK SunEC, BouncyCastle and the audit's batch verification do it (same run);
#   3. append 1,000 entries, then `verifier follow` from the checkpoint just verified: files read and wall time.
# Figures are only as steady as the machine: run it when nothing else is busy (the ratio holds on any machine).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
entries="${BENCH_ENTRIES:-100000}"
dir="${BENCH_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/stagelight-audit.XXXXXX")}"
pub="$root/index-publisher/target/stagelight-publisher.jar"
ver="$root/verifier/target/stagelight-verifier.jar"
for j in "$pub" "$ver"; do [[ -f "$j" ]] || { echo "bench audit: $j missing; run ./stagelight build" >&2; exit 2; }; done
command -v openssl >/dev/null || { echo "bench audit: openssl is needed for the floor (apt-get install openssl)" >&2; exit 2; }
timed() { /usr/bin/time -f '%e %U %S %M' -o "$dir/time.txt" "$@"; }
trust=(--log-key "$dir/keys/log.vkey" --signer-key "$dir/keys/signing.pub.pem")
cores=$(nproc)

mkdir -p "$dir"
if [[ ! -f "$dir/index/checkpoint" ]]; then
  echo "--- generate $entries entries in $dir"
  java -Xmx3g -cp "$pub" dev.stagelight.publisher.bench.GenerateIndex "$dir" "$entries" 50000 16 | grep -E 'done'
fi
size=$(sed -n 2p "$dir/index/checkpoint")
files=$(find "$dir/index" -type f | wc -l)
echo "bench audit: $dir, $size entries, $files files, $cores cores"

echo "--- floor"
cat "$dir"/index/checkpoint > /dev/null
find "$dir/index" -type f -print0 | xargs -0 cat > /dev/null # warm the page cache, as the audit will find it
timed sh -c "find '$dir/index' -type f -print0 | xargs -0 cat | sha256sum > /dev/null"
read_s=$(cut -d' ' -f1 "$dir/time.txt")
verify_per_s=$(openssl speed -seconds 3 ed25519 2>/dev/null | awk '/Ed25519/ {print $NF}')
sig_s=$(awk -v n="$size" -v c="$cores" -v v="$verify_per_s" 'BEGIN {printf "%.1f", n / (c * v)}')
floor=$(awk -v a="$read_s" -v b="$sig_s" 'BEGIN {print (a > b ? a : b)}')
echo "file-read pass (find | xargs cat | sha256sum): $read_s s"
echo "openssl speed ed25519: $verify_per_s verifies/s per core -> $size / ($cores x $verify_per_s) = $sig_s s"
echo "floor: $floor s"
if [[ -d "$root/verifier/target/test-classes/dev/stagelight/verifier/bench" ]]; then
  java -cp "$root/verifier/target/test-classes:$ver" dev.stagelight.verifier.bench.Ed25519Bench 4096
fi

echo "--- verifier index (-Xmx256m)"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
timed java -Xmx256m -Xlog:gc:file="$dir/audit-gc.log" -jar "$ver" index "$dir/index" "${trust[@]}" --quiet \
  > "$dir/audit-index.txt" || { cat "$dir/audit-index.txt"; exit 1; }
tail -n 1 "$dir/audit-index.txt"
read -r wall user sys rss < "$dir/time.txt"
heap=$(grep -oE '[0-9]+M->[0-9]+M' "$dir/audit-gc.log" | cut -dM -f1 | sort -n | tail -1)
awk -v w="$wall" -v u="$user" -v s="$sys" -v f="$floor" -v n="$size" -v h="$heap" -v r="$rss" 'BEGIN {
  printf "verifier index: %.1f s wall, %.1f s CPU (%.0f us per entry), %.2f cores busy, peak heap %s MB, peak RSS %d MB\n",
    w, u + s, (u + s) / n * 1e6, (u + s) / w, h, r / 1024
  printf "ratio to the floor: %.2f (goal <= 1.5)\n", w / f }'
echo "load average (1, 5, 15 min) before: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg) ($cores cores; other work stretches wall time)"

echo "--- follow after 1,000 new entries"
cp "$dir/index/checkpoint" "$dir/follow.state" # the checkpoint the audit above just verified
java -Xmx1g -cp "$pub" dev.stagelight.publisher.bench.AppendBench "$dir" 1000 8 > /dev/null
timed java -jar "$ver" follow "$dir/index" --state "$dir/follow.state" "${trust[@]}" --quiet > "$dir/follow.txt" \
  || { cat "$dir/follow.txt"; exit 1; }
read -r wall user sys rss < "$dir/time.txt"
echo "follow: $(tail -n 1 "$dir/follow.txt")"
echo "follow: $wall s wall (JVM start included), $(grep -oE '[0-9]+ files read' "$dir/follow.txt")"
echo "bench audit: files kept in $dir"
