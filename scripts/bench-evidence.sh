#!/usr/bin/env bash
# Evidence benchmark: the decisions of a 4-stage rollout (examples/rollout/rollout-789.json, about 20 rollout-evidence
# manifests) signed and appended in one batch to a large index; time and files written.
#   BENCH_EVIDENCE_ENTRIES  index size (default 100,000; the issue names 1,000,000, which takes hours to generate on
#                           a shared 2-core machine: set it for the full figure)
#   BENCH_EVIDENCE_DIR      reuse (and continue) an index made by GenerateIndex (keys/, index/); default: a temp folder
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/rollout-steps/target/stagelight-rollout.jar"
[[ -f "$jar" ]] || { echo "bench evidence: $jar missing; run ./stagelight build" >&2; exit 2; }
entries="${BENCH_EVIDENCE_ENTRIES:-100000}"
dir="${BENCH_EVIDENCE_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/stagelight-evidence-bench.XXXXXX")}"
echo "bench evidence: folder $dir, index of $entries entries"
cd "$root" && exec java -Xmx2g -cp "$jar" dev.stagelight.rollout.evidence.EvidenceBench "$dir" "$entries" examples/rollout
