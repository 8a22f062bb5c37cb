#!/usr/bin/env bash
# Gate benchmark: one gate cycle of examples/gates/canary-gates.yaml against a real Prometheus (backfilled with a
# generated 4-day history): time per query and per verdict.
#   scripts/bench-gates.sh [cycles]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/rollout-steps/target/stagelight-rollout.jar"
classes="$root/rollout-steps/target/test-classes"
if [[ ! -f "$jar" || ! -f "$classes/dev/stagelight/rollout/gate/set/GateBench.class" ]]; then
  (cd "$root" && mvn -B -q -DskipTests -pl rollout-steps -am package) >&2
fi
cd "$root"
exec java -cp "$jar:$classes" dev.stagelight.rollout.gate.set.GateBench "${1:-40}" examples/gates/canary-gates.yaml
