#!/usr/bin/env bash
# Demo part "rollout": the flow's staged policy rollout over examples/rollout/ on an accelerated clock.
#   1. impact analysis, the stage table, approval, then canary -> early-adopters -> majority -> full with synthetic
#      observations (directory store); events are printed as each transition is stored; metrics at the end.
#   2. the same plan on the git store: a rollback trigger fires in early-adopters and every tenant returns to v1.0.0
#      (assignments before/after, and the commit per transition).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/rollout-steps/target/stagelight-rollout.jar"
if [[ ! -f "$jar" ]]; then
  (cd "$root" && mvn -B -q -DskipTests -pl rollout-steps -am package) >&2
fi
ex="$root/examples/rollout"
work="$(mktemp -d "${TMPDIR:-/tmp}/stagelight-rollout-demo.XXXXXX")"
trap 'rm -rf "$work"' EXIT
rollout() { java -jar "$jar" "$@"; }
say() { printf '\n--- %s\n' "$*"; }
# Runs a command whose exit codes in $1 are expected outcomes (1: a rollback, DO_NOT_PROCEED), failing the demo on
# any other (2 is bad input and must never pass silently).
expect() { local ok=" $1 "; shift; set +e; "$@"; local rc=$?; set -e
  [[ "$ok" == *" $rc "* ]] || { echo "demo: expected exit${ok% }, got $rc: $*" >&2; exit 1; }; }

observations() { # name scans new_failures rate_before rate_after new_critical_blocks
  printf '{"scans_evaluated": %s, "new_failures": %s, "failure_rate_before": %s, "failure_rate_after": %s, "new_critical_blocks": %s}\n' \
    "$2" "$3" "$4" "$5" "$6" > "$work/$1.json"
}
observations canary 234 3 0.12 0.13 0
observations early 1840 14 0.12 0.15 4
observations majority 5210 19 0.12 0.14 7
observations full 7900 22 0.12 0.13 9
observations breach 2210 160 0.12 0.36 12
versions() { rollout status "$@" --assignments | grep -oE 'v[0-9]+\.[0-9]+\.[0-9]+' | sort | uniq -c | sed 's/^ */    /'; }

say "Impact analysis (synthetic 30-day scan history, both versions resolved per tenant through inheritance)"
rollout generate-scans --tenants "$ex/tenants.yaml" --out "$work/scans.jsonl" --count 15000 --end 2024-12-29T00:00:00Z
expect "0 1" rollout impact --plan "$ex/rollout-789.json" --tenants "$ex/tenants.yaml" --policies "$ex/policies" --scans "$work/scans.jsonl"

say "Stage table (nothing changes yet)"
rollout plan --plan "$ex/rollout-789.json" --tenants "$ex/tenants.yaml" --policies "$ex/policies"

store=(--store "$work/store")
say "Run 1: directory store $work/store; clock starts 2024-12-29T10:00:00Z and jumps to each window's end"
rollout start --plan "$ex/rollout-789.json" --tenants "$ex/tenants.yaml" --policies "$ex/policies" "${store[@]}" \
  --by platform-admin@acme.example --now 2024-12-29T10:00:00Z | tail -n 2
rollout approve rollout-789 --by policy-admin@acme.example --notes "Impact acceptable. Notified affected teams." "${store[@]}" --now 2024-12-29T11:00:00Z
say "canary: apply, monitor 24h"
rollout advance rollout-789 "${store[@]}" --now 2024-12-29T11:00:00Z
rollout advance rollout-789 "${store[@]}" --now 2024-12-30T11:00:00Z --observations "$work/canary.json"
say "canary has auto_proceed false: a person approves early-adopters"
rollout approve rollout-789 --by policy-admin@acme.example --notes "Canary clean." "${store[@]}" --now 2024-12-30T12:00:00Z
rollout advance rollout-789 "${store[@]}" --now 2024-12-30T12:00:00Z
say "early-adopters (25% by scan volume) 48h, then majority (75%) 24h, then full"
rollout advance rollout-789 "${store[@]}" --now 2025-01-01T12:00:00Z --observations "$work/early.json"
rollout advance rollout-789 "${store[@]}" --now 2025-01-02T12:00:00Z --observations "$work/majority.json"
rollout advance rollout-789 "${store[@]}" --now 2025-01-02T13:00:00Z --observations "$work/full.json"
say "Status and tenants by version"
rollout status rollout-789 "${store[@]}"
say "Prometheus metrics (written for node_exporter's textfile collector; the per-tenant policy_version_active left out)"
rollout metrics "${store[@]}" --textfile "$work/textfile/stagelight_rollout.prom"
grep -v '^policy_version_active{' "$work/textfile/stagelight_rollout.prom"

git=(--store "$work/store.git" --git)
say "Run 2: git store $work/store.git; a rollback trigger fires during early-adopters"
rollout start --plan "$ex/rollout-789.json" --tenants "$ex/tenants.yaml" --policies "$ex/policies" "${git[@]}" \
  --by platform-admin@acme.example --now 2024-12-29T10:00:00Z | tail -n 1
echo "  assignments before (count per version):"; versions "${git[@]}"
rollout approve rollout-789 --by policy-admin@acme.example --notes "Second attempt." "${git[@]}" --now 2024-12-29T11:00:00Z | tail -n 1
rollout advance rollout-789 "${git[@]}" --now 2024-12-29T11:00:00Z | tail -n 1
rollout advance rollout-789 "${git[@]}" --now 2024-12-30T11:00:00Z --observations "$work/canary.json" | tail -n 1
rollout approve rollout-789 --by policy-admin@acme.example --notes "Go on." "${git[@]}" --now 2024-12-30T12:00:00Z | tail -n 1
rollout advance rollout-789 "${git[@]}" --now 2024-12-30T12:00:00Z
echo "  assignments during early-adopters:"; versions "${git[@]}"
say "30h into early-adopters the failure rate jumps 0.12 -> 0.36 (trigger: failure_rate_increase > 0.20, automatic)"
expect 1 rollout advance rollout-789 "${git[@]}" --now 2024-12-31T18:00:00Z --observations "$work/breach.json"
echo "  assignments after the rollback:"; versions "${git[@]}"
say "One commit per transition (git log of the store)"
git -C "$work/store.git" log --format='  %h %ad %s' --date=iso-strict main
created="$(git -C "$work/store.git" log --format=%H --grep='Action: create' main)"
if git -C "$work/store.git" diff --quiet "$created" main -- assignments.yaml; then
  echo "  assignments.yaml after the rollback is identical to the one at creation (git diff is empty)"
else
  echo "demo: assignments differ after the rollback" >&2; exit 1
fi
