#!/usr/bin/env bash
# Canary judge benchmark: Mann-Whitney classification and NetflixACAJudge scoring of 100 metrics x 10,000 samples per
# side (goal < 1 s), then the same read from two JSON sample files as `rollout judge` does.
#   scripts/bench-judge.sh [metrics] [samples] [runs]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/rollout-steps/target/stagelight-rollout.jar"
if [[ ! -f "$jar" ]]; then
  (cd "$root" && mvn -B -q -DskipTests -pl rollout-steps -am package) >&2
fi
exec java -cp "$jar" dev.stagelight.rollout.gate.judge.JudgeBench "${1:-100}" "${2:-10000}" "${3:-10}"
