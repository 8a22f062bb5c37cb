#!/usr/bin/env bash
# Demo part "story": one staged rollout of examples/ told end to end, offline on recorded metrics.
#   rollout-793-story (examples/story/rollout-story.json over examples/rollout's tenants and policies) moves in four
#   stages, each judged by the canary gates (examples/gates/canary-gates.yaml) evaluated on the recorded samples of a
#   real Prometheus (examples/story/story-samples.json): the canary passes; during early-adopters a burn-rate spike
#   makes remediation (examples/story/slo-rules.yaml) scale out and pause the rollout, and revert both once green for
#   15 minutes (the slow-burn rule keeps the pause until its 30-minute window is clean); early-adopters passes; the majority stage's gate fails and the rollout rolls back on its own. Every
#   transition, gate verdict, the rollback and every remediation action is appended to a transparency index as a
#   signed rollout-evidence manifest; the site is rendered and the verifier checks the whole index.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
pub="$root/index-publisher/target/stagelight-publisher.jar"
ver="$root/verifier/target/stagelight-verifier.jar"
jar="$root/rollout-steps/target/stagelight-rollout.jar"
for j in "$pub" "$ver" "$jar"; do
  [[ -f "$j" ]] || { (cd "$root" && mvn -B -q -DskipTests package) >&2; break; }
done
ex="$root/examples"
work="$(mktemp -d "${TMPDIR:-/tmp}/stagelight-story-demo.XXXXXX")"
trap 'rm -rf "$work"' EXIT
id=rollout-793-story
day=2026-03-02
rollout() { java -jar "$jar" "$@"; }
say() { printf '\n--- %s\n' "$*"; }
ev=(--evidence-index "$work/index" --evidence-key "$work/keys/signing.key.pem" --evidence-log-key "$work/keys/log.key")
store=(--store "$work/store")
gates=(--gates "$ex/gates/canary-gates.yaml" --samples "$ex/story/story-samples.json")
# What people read of a command: the gate line, the summary line, the evidence line (events are in the index).
brief() { grep -E "^(gates of stage|$id:|evidence:)" | sed -E 's/^(gates of stage [^:]+: [^ ]+ at [^:]+:[^:]+:[^:]+: [a-z]+).*/\1/; s/^/    /'; }

say "An empty transparency index for the rollout's evidence"
java -jar "$pub" keygen --out "$work/keys" --origin demo.stagelight.dev/story >/dev/null
java -jar "$pub" init "$work/index" --log-key "$work/keys/log.key" | tail -n 1 | sed 's/^/    /'

say "01:00 $id: v1.0.0 -> v2.0.0 in four stages, every stage judged by the canary gates"
rollout start --plan "$ex/story/rollout-story.json" --tenants "$ex/rollout/tenants.yaml" --policies "$ex/rollout/policies" \
  "${store[@]}" --by platform-admin@acme.example --now "${day}T01:00:00Z" "${ev[@]}" | grep -E '^  (canary|early-adopters|majority|full) ' | sed 's/^/  /'
rollout approve "$id" --by policy-admin@acme.example --notes "Gated canary first." "${store[@]}" --now "${day}T01:00:00Z" "${ev[@]}" >/dev/null
rollout advance "$id" "${store[@]}" --now "${day}T01:00:00Z" "${ev[@]}" | brief

say "02:00 the canary's hour is up: its gates decide (recorded metrics, a real gate evaluation)"
rollout advance "$id" "${store[@]}" --now "${day}T02:00:00Z" "${gates[@]}" "${ev[@]}" | brief
rollout approve "$id" --by policy-admin@acme.example --notes "Canary gates passed." "${store[@]}" --now "${day}T02:00:00Z" "${ev[@]}" >/dev/null
rollout advance "$id" "${store[@]}" --now "${day}T02:00:00Z" "${ev[@]}" | brief

say "02:25-04:00 remediation every 5 minutes: a burn-rate spike on the canary (what was done; the rest stays in the store's log)"
t=$(date -u -d "${day}T02:25:00Z" +%s); end=$(date -u -d "${day}T04:00:00Z" +%s)
while (( t <= end )); do
  at=$(date -u -d "@$t" +%Y-%m-%dT%H:%M:%SZ)
  rollout remediate --rules "$ex/story/slo-rules.yaml" --samples "$ex/story/story-samples.json" --at "$at" "${store[@]}" \
    "${ev[@]}" > "$work/remediate.out"
  { grep -E '^  (acted|reverted|failed|revert_failed) ' "$work/remediate.out" || true; } \
    | sed -E "s/^  /    ${at:11:5} /; s/ +/ /g" | cut -c1-200
  t=$(( t + 300 ))
done

echo "    (the pause held early-adopters' clock: its three hours now end at 06:45)"

say "06:45 early-adopters' time is up: its gates pass, majority starts"
rollout advance "$id" "${store[@]}" --now "${day}T06:45:00Z" "${gates[@]}" "${ev[@]}" | brief

say "07:45 majority's gates: the new version's errors climb since 07:20 -> automatic rollback (exit 1 expected)"
set +e
rollout advance "$id" "${store[@]}" --now "${day}T07:45:00Z" "${gates[@]}" "${ev[@]}" > "$work/rollback.out"
rc=$?
set -e
brief < "$work/rollback.out" | cut -c1-220
[[ $rc -eq 1 ]] || { echo "demo: expected the rollback (exit 1), got $rc" >&2; exit 1; }

say "The site, and the verifier over the whole index (trusting only the two public keys)"
java -jar "$pub" render "$work/index" --log-vkey "$work/keys/log.vkey" | head -n 1 | sed 's/^/    /'
java -jar "$ver" index "$work/index" --log-key "$work/keys/log.vkey" --signer-key "$work/keys/signing.pub.pem" | sed 's/^/    /'

say "The audit trail as the site shows it (entry: decision, explanation)"
size=$(sed -n 2p "$work/index/checkpoint")
for (( i = 0; i < size; i++ )); do
  page="$work/index/entries/$(( i / 256 ))/$i.html"
  sed -n '/id="evidence-h"/,/<\/dl>/p' "$page" | grep -oE '<dt>(decision|explanation)</dt><dd[^>]*>[^<]*' \
    | sed 's/<dt>[a-z]*<\/dt><dd[^>]*>//; s/&gt;/>/g; s/&lt;/</g; s/&#39;/'"'"'/g; s/&quot;/"/g; s/&amp;/\&/g' | paste -sd'|' \
    | awk -F'|' -v i="$i" '{ printf "    %2d %-28s %s\n", i, $1, substr($2, 1, 150) }'
done
