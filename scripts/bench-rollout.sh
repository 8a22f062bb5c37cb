#!/usr/bin/env bash
# Rollout engine benchmarks: stage planning over 100,000 tenants (goal < 200 ms) and one state transition on the git
# store (goal: median < 50 ms; median and p95 over 200 transitions of whole rollouts), the directory store beside it.
#   scripts/bench-rollout.sh [planning-tenants] [transitions] [tenants-per-rollout]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/rollout-steps/target/stagelight-rollout.jar"
if [[ ! -f "$jar" ]]; then
  (cd "$root" && mvn -B -q -DskipTests -pl rollout-steps -am package) >&2
fi
exec java -cp "$jar" dev.stagelight.rollout.engine.RolloutBench "${1:-100000}" "${2:-200}" "${3:-100}"
