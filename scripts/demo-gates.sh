#!/usr/bin/env bash
# Demo part "gates": the shipped canary gate set, offline, on the recorded samples of an hour in which the canary's
# error ratio rose (examples/gates/canary-samples.json): one line per part, the JSON status, an SVG chart.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/rollout-steps/target/stagelight-rollout.jar"
if [[ ! -f "$jar" ]]; then
  (cd "$root" && mvn -B -q -DskipTests -pl rollout-steps -am package) >&2
fi
work="$(mktemp -d "${TMPDIR:-/tmp}/stagelight-gates-demo.XXXXXX")"
trap 'rm -rf "$work"' EXIT
ex="$root/examples/gates"
printf '\n--- rollout gate on recorded samples (exit 1 expected: the canary fails)\n'
set +e
java -jar "$jar" gate --gates "$ex/canary-gates.yaml" --samples "$ex/canary-samples.json" --at 2026-01-02T18:00:00Z \
  --chart "$work/verdict.svg"
rc=$?
set -e
[[ $rc -eq 1 ]] || { echo "demo: expected exit 1 (failed), got $rc" >&2; exit 1; }
printf -- '--- chart: %s bytes of SVG (baseline, canary, thresholds)\n' "$(wc -c < "$work/verdict.svg")"
