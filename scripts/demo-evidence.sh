#!/usr/bin/env bash
# Demo part "evidence": rollout decisions in the public index.
#   A canary_traffic rollout of examples/rollout/ steps up while error_rate stays low, then rolls back automatically
#   when it crosses max_error_rate; every decision (created, approved, each stage, the rollback) is appended to a
#   transparency index as a signed rollout-evidence manifest, the verifier checks the index like any other, and the
#   site shows each decision with its explanation. Then blue_green compares both versions on a scan history.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
pub="$root/index-publisher/target/stagelight-publisher.jar"
ver="$root/verifier/target/stagelight-verifier.jar"
jar="$root/rollout-steps/target/stagelight-rollout.jar"
for j in "$pub" "$ver" "$jar"; do
  [[ -f "$j" ]] || { (cd "$root" && mvn -B -q -DskipTests package) >&2; break; }
done
ex="$root/examples/rollout"
work="$(mktemp -d "${TMPDIR:-/tmp}/stagelight-evidence-demo.XXXXXX")"
trap 'rm -rf "$work"' EXIT
rollout() { java -jar "$jar" "$@"; }
say() { printf '\n--- %s\n' "$*"; }

say "An evidence index (keys, empty log)"
java -jar "$pub" keygen --out "$work/keys" --origin demo.stagelight.dev/rollout-evidence | sed 's/^/    /'
java -jar "$pub" init "$work/index" --log-key "$work/keys/log.key" | tail -n 1 | sed 's/^/    /'
ev=(--evidence-index "$work/index" --evidence-key "$work/keys/signing.key.pem" --evidence-log-key "$work/keys/log.key")
store=(--store "$work/store")
obs() { printf '{"scans_evaluated": 500, "new_failures": 1, "failure_rate_before": 0.12, "failure_rate_after": 0.125, "metrics": {"error_rate": %s}}\n' "$2" > "$work/$1.json"; }
obs low 0.003; obs high 0.031

say "canary_traffic: 5% -> 15% -> 25% ... every 4h, max_error_rate 0.01 (stage table with its blast radius)"
rollout start --plan "$ex/canary-traffic.yaml" --tenants "$ex/tenants.yaml" "${store[@]}" --by platform-admin@acme.example \
  --now 2024-12-29T10:00:00Z "${ev[@]}" | grep -E '^  (traffic-(5|15|25|55|100) |warning)|^evidence|^rollout-790'
rollout approve rollout-790-canary --by policy-admin@acme.example --notes "Canary by traffic." "${store[@]}" \
  --now 2024-12-29T10:00:00Z "${ev[@]}" | grep -E '^evidence|^rollout-790'
rollout advance rollout-790-canary "${store[@]}" --now 2024-12-29T10:00:00Z "${ev[@]}" | grep -E '^evidence|^rollout-790'
say "error_rate 0.003 at the end of each 4h step: the share goes up"
rollout advance rollout-790-canary "${store[@]}" --now 2024-12-29T14:00:00Z --observations "$work/low.json" "${ev[@]}" | grep -E '^evidence|^rollout-790'
rollout advance rollout-790-canary "${store[@]}" --now 2024-12-29T18:00:00Z --observations "$work/low.json" "${ev[@]}" | grep -E '^evidence|^rollout-790'
say "error_rate 0.031 an hour into the 25% step: automatic rollback"
set +e
rollout advance rollout-790-canary "${store[@]}" --now 2024-12-29T19:00:00Z --observations "$work/high.json" "${ev[@]}" | grep -E '^evidence|^rollout-790|rollout.rollback' | cut -c1-220
rc=${PIPESTATUS[0]}; set -e
[[ $rc -eq 1 ]] || { echo "demo: expected the rollback (exit 1), got $rc" >&2; exit 1; }

say "The verifier checks the evidence like any entry (trusting only the two public keys)"
java -jar "$ver" index "$work/index" --log-key "$work/keys/log.vkey" --signer-key "$work/keys/signing.pub.pem" | sed 's/^/    /'
java -jar "$pub" render "$work/index" --log-vkey "$work/keys/log.vkey" | head -n 1 | sed 's/^/    /'
last=$(( $(sed -n 2p "$work/index/checkpoint") - 1 ))
echo "    entry $last on the site (entries/0/$last.html), Rollout decision:"
sed -n '/id="evidence-h"/,/<\/dl>/p' "$work/index/entries/0/$last.html" | grep -oE '<dt>(decision|explanation|status)</dt><dd[^>]*>[^<]*' \
  | sed 's/<dt>//; s/<\/dt><dd[^>]*>/: /; s/^/      /; s/&gt;/>/g; s/&#39;/'"'"'/g'

say "blue_green: both versions side by side on the last 24h of a scan history"
rollout generate-scans --tenants "$ex/tenants.yaml" --out "$work/scans.jsonl" --count 15000 --end 2024-12-29T00:00:00Z | sed 's/^/    /'
set +e
rollout compare --plan "$ex/blue-green.yaml" --tenants "$ex/tenants.yaml" --scans "$work/scans.jsonl" | head -n 6
rc=${PIPESTATUS[0]}; set -e
[[ $rc -eq 0 || $rc -eq 1 ]] || { echo "demo: compare failed ($rc)" >&2; exit 1; }
