#!/usr/bin/env bash
# Remediation benchmark: one SLA auto-remediation evaluation over 50 rules against a real Prometheus (promtool
# backfill of a generated 8-hour history with an incident, started on 127.0.0.1 and stopped afterwards): median and p95
# per evaluation, the query part, and the time per decision.
#   scripts/bench-remediation.sh [evaluations]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/rollout-steps/target/stagelight-rollout.jar"
if [[ ! -f "$jar" ]]; then
  (cd "$root" && mvn -B -q -DskipTests -pl rollout-steps -am package) >&2
fi
exec java -cp "$jar" dev.stagelight.rollout.remediation.RemediationBench "${1:-60}"
