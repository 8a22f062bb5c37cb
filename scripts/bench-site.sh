#!/usr/bin/env bash
# Site benchmarks (figures for the issue notes):
#   1. an index of BENCH_SITE_ENTRIES entries (default 100,000) made by the append path (GenerateIndex; no site);
#   2. publish render --rebuild from scratch: time, pages a second, files, bytes, peak RSS;
#   3. append 1,000 entries and publish the site incrementally: time, pages rendered, files written;
#   4. bytes a browser downloads for one look-up and one verify-in-browser, at that size;
#   5. weight of the home page and of an entry page (HTML + CSS + JS, raw and gzip).
# BENCH_DIR reuses an earlier folder (its index is continued up to the size); default: a fresh temp folder.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
entries="${BENCH_SITE_ENTRIES:-100000}"
dir="${BENCH_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/stagelight-bench-site.XXXXXX")}"
pub="$root/index-publisher/target/stagelight-publisher.jar"
[[ -f "$pub" ]] || { echo "bench site: $pub missing; run ./stagelight build" >&2; exit 2; }
timed() { /usr/bin/time -f '%e s wall, %U s user, %S s sys, %M KB peak RSS' -o "$dir/time.txt" "$@"; }
mkdir -p "$dir"
# Run a copy, so a rebuild of the project during a long run cannot swap classes underneath it.
cp "$pub" "$dir/publisher.jar"; pub="$dir/publisher.jar"
echo "bench site: folder $dir, $entries entries, $(nproc) cores"

echo "--- index of $entries entries (append path, no site)"
timed java -Xmx3g -cp "$pub" dev.stagelight.publisher.bench.GenerateIndex "$dir" "$entries" 50000 32 | grep -E 'done' || true
echo "generate: $(cat "$dir/time.txt")"

echo "--- publish render --rebuild (warm cache: the index was just written)"
rm -rf "$dir/index.state/site"
timed java -Xmx2g -jar "$pub" render "$dir/index" --log-vkey "$dir/keys/log.vkey" --rebuild 2>/dev/null | grep '^site: rendered'
t=$(cut -d' ' -f1 "$dir/time.txt")
echo "rebuild: $(cat "$dir/time.txt"); $(awk -v n="$entries" -v t="$t" 'BEGIN{printf "%.0f entry pages/s", n/t}') (goal: under 60 s)"
site_files=$(cd "$dir/index" && find . -type f ! -path './tile/*' ! -path './manifests/*' ! -path './api/v1/sha256/*' ! -path './keys/*' ! -name checkpoint | wc -l)
site_bytes=$(cd "$dir/index" && find . -type f ! -path './tile/*' ! -path './manifests/*' ! -path './api/v1/sha256/*' ! -path './keys/*' ! -name checkpoint -printf '%s\n' | awk '{s+=$1} END {print s}')
echo "site: $site_files files, $site_bytes bytes (besides the log's own files)"

echo "--- append 1,000 entries, then publish the site incrementally"
java -Xmx1g -cp "$pub" dev.stagelight.publisher.bench.AppendBench "$dir" 1000 8 | tail -n 1
timed java -Xmx1g -jar "$pub" render "$dir/index" --log-vkey "$dir/keys/log.vkey" 2>/dev/null | grep '^site: rendered'
echo "incremental: $(cat "$dir/time.txt") (JVM start included; goal: under 10 s)"

echo "--- bytes a browser downloads (page excluded)"
java -cp "$pub" dev.stagelight.publisher.bench.SiteLookupCost "$dir/index" 3

echo "--- page weights"
weigh() {
  local raw=0 gz=0 f
  for f in "$@"; do raw=$((raw + $(stat -c %s "$dir/index/$f"))); gz=$((gz + $(gzip -9c "$dir/index/$f" | wc -c))); done
  echo "$raw bytes raw, $gz bytes gzip"
}
last=$(( entries ))
entry="entries/$(( last / 256 ))/$last.html"
echo "home (index.html + site.css): $(weigh index.html static/site.css)"
echo "entry page ($entry + site.css + verify.js): $(weigh "$entry" static/site.css static/js/verify.js)"
echo "search page (search.html + site.css + search.js): $(weigh search.html static/site.css static/js/search.js)"
echo "bench site: files kept in $dir"
