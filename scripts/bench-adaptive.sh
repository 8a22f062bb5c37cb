#!/usr/bin/env bash
# Adaptive threshold benchmarks: evaluation of 10,000 events (first run after JVM start: sprint asks <= 1 s, goal
# < 100 ms; then warm), one gate-time verdict over a 7-day window, and the example rule's backtest on a generated
# 28-day history (its table); then `rollout backtest` from the command line, JVM start included.
#   scripts/bench-adaptive.sh [events] [seed]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/rollout-steps/target/stagelight-rollout.jar"
if [[ ! -f "$jar" ]]; then
  (cd "$root" && mvn -B -q -DskipTests -pl rollout-steps -am package) >&2
fi
java -cp "$jar" dev.stagelight.rollout.gate.adaptive.AdaptiveBench "${1:-10000}" "${2:-27}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
java -jar "$jar" backtest --generate "$work/history.csv" --days 28 --seed "${2:-27}" > /dev/null
start=$(date +%s.%N)
java -jar "$jar" backtest --history "$work/history.csv" --rules "$root/examples/adaptive/adaptive.yaml" \
  --rule p95-latency-spike --json > "$work/backtest.json"
end=$(date +%s.%N)
echo "rollout backtest --json on the 28-day history (8,064 points), JVM start included: $(echo "$end - $start" | bc) s wall"
