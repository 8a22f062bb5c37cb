#!/usr/bin/env bash
# Impact analysis benchmark: the example plan (rollout-789) over 1,000,000 synthetic scans held in memory, both policy
# versions resolved per tenant through inheritance (example policies, then a flat 20-rule policy); then the whole
# pipeline (read + analyse) from a 1,000,000-scan JSONL file (about 580 MB, in a temp dir, deleted afterwards).
#   scripts/bench-impact.sh [scans] [jsonl-scans]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/rollout-steps/target/stagelight-rollout.jar"
if [[ ! -f "$jar" ]]; then
  (cd "$root" && mvn -B -q -DskipTests -pl rollout-steps -am package) >&2
fi
exec java -Xmx4g -cp "$jar" dev.stagelight.rollout.impact.ImpactBench "$root/examples/rollout" "${1:-1000000}" "${2:-1000000}"
