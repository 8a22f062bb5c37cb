#!/usr/bin/env bash
# Evidence benchmark: the decisions of a 4-stage rollout (examples/rollout/rollout-789.json, about 20 rollout-evidence
# manifests) signed and appended in one batch to a large index; time and files written.
#   BENCH_DIR               an existing index folder (keys/, index/, index.state/), e.g. a generated 1,000,000-entry
#                           one. It is never written: the bench appends to a hard-linked copy (cp -al, on the same
#                           file system, beside it unless BENCH_COPY_PARENT says where), checks afterwards that no
#                           file it wrote is shared with the original, and removes the copy.
#   BENCH_EVIDENCE_ENTRIES  without BENCH_DIR: index size to generate (default 100,000)
#   BENCH_EVIDENCE_DIR      without BENCH_DIR: reuse (and continue) an index made by GenerateIndex; default a temp folder
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/rollout-steps/target/stagelight-rollout.jar"
[[ -f "$jar" ]] || { echo "bench evidence: $jar missing; run ./stagelight build" >&2; exit 2; }
if [[ -n "${BENCH_DIR:-}" ]]; then
  src="$(cd "$BENCH_DIR" && pwd)"
  [[ -f "$src/index/checkpoint" && -f "$src/keys/signing.key.pem" && -f "$src/keys/log.key" ]] \
    || { echo "bench evidence: BENCH_DIR $src needs index/checkpoint, keys/signing.key.pem and keys/log.key" >&2; exit 2; }
  parent="${BENCH_COPY_PARENT:-$(dirname "$src")}"
  [[ "$(stat -c %d "$parent")" == "$(stat -c %d "$src")" ]] \
    || { echo "bench evidence: $parent is not on $src's file system; hard links need one (set BENCH_COPY_PARENT)" >&2; exit 2; }
  copy="$(mktemp -d "$parent/.stagelight-evidence-bench.XXXXXX")"
  trap 'rm -rf "$copy"' EXIT
  echo "bench evidence: hard-linked copy of $src (tree size $(sed -n 2p "$src/index/checkpoint")) in $copy"
  t0=$(date +%s.%N)
  cp -al "$src/." "$copy/"
  t1=$(date +%s.%N)
  printf 'bench evidence: cp -al took %.1f s (%s files linked)\n' "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')" "$(find "$copy" -type f | wc -l)"
  cd "$root" && java -Xmx2g -cp "$jar" dev.stagelight.rollout.evidence.EvidenceBench "$copy" 0 examples/rollout "$src"
  exit
fi
entries="${BENCH_EVIDENCE_ENTRIES:-100000}"
dir="${BENCH_EVIDENCE_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/stagelight-evidence-bench.XXXXXX")}"
echo "bench evidence: folder $dir, index of $entries entries (set BENCH_DIR to use an existing index, e.g. of 1,000,000)"
cd "$root" && exec java -Xmx2g -cp "$jar" dev.stagelight.rollout.evidence.EvidenceBench "$dir" "$entries" examples/rollout
