#!/usr/bin/env bash
# Log primitives throughput: build an N-entry tiled log with the append math, stream it back (entry bundles ->
# leaf hashes -> root, every level-0 tile compared), and time sha256sum over the same bundle bytes.
#   scripts/bench-log-primitives.sh [entries]   (default 1000000)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
entries="${1:-1000000}"
(cd "$root" && mvn -B -q -pl verifier test-compile) >&2
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
java -Xmx256m -cp "$root/verifier/target/classes:$root/verifier/target/test-classes" \
  dev.stagelight.verifier.bench.LogStreamBench "$work/log" "$entries"
list="$work/log/bundles.txt"   # the bundles of the final tree, in order, written by the Java side
bytes=$(xargs cat < "$list" | wc -c)  # also warms the page cache
for run in 1 2 3; do
  start=$(date +%s.%N)
  xargs cat < "$list" | sha256sum > /dev/null
  end=$(date +%s.%N)
  echo "sha256sum run $run: $bytes bundle bytes in $(echo "$end - $start" | bc) s," \
       "$(echo "scale=1; $bytes / ($end - $start) / 1000000" | bc) MB/s"
done
