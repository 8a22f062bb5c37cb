#!/usr/bin/env bash
# Sigstore conformance-protocol report: runs `sigstore verify-bundle` (one JVM per bundle, as the Sigstore
# conformance suite does) over the real bundles of ../shared/testdata/sigstore-java and counts how many end as
# expected (exit 0 for the valid ones, non-zero for the broken ones).
#   SIGSTORE_CONFORMANCE=<sigstore-conformance checkout>/test/assets/bundle-verify   also runs the suite's own
#   verification cases with its conventions (identity, issuer, artifact, key.pub, trusted_root.json per case); the
#   cases without a trusted_root.json use the production root of the test data, as this bench runs offline.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ver="$root/verifier/target/stagelight-verifier.jar"
data="${STAGELIGHT_TESTDATA:-$root/../shared/testdata}/sigstore-java"
[[ -f "$ver" ]] || { echo "bench sigstore: $ver missing; run ./stagelight build" >&2; exit 2; }
[[ -d "$data" ]] || { echo "bench sigstore: test data folder $data absent" >&2; exit 2; }
prod="$data/trustroot/trusted_root.json"; staging="$data/trustroot/staging_trusted_root.json"
google=https://accounts.google.com; actions=https://token.actions.githubusercontent.com
beacon=https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main
aa=https://github.com/loosebazooka/aa-test/.github/workflows/provenance.yaml@refs/heads/main
ok=0; wrong=0
case_() { # name expect(0|1) artifact root identity issuer | name expect artifact root --key PEM
  local name=$1 want=$2 art=$3 tr=$4; shift 4
  local signer=(--certificate-identity "$1" --certificate-oidc-issuer "$2")
  [[ $1 == --key ]] && signer=(--key "$2")
  local out rc=0
  out=$(java -jar "$ver" sigstore verify-bundle --bundle "$bundle" "${signer[@]}" --trusted-root "$tr" "$art" 2>&1) || rc=$?
  local got=0; [[ $rc -ne 0 ]] && got=1
  if [[ $got == "$want" ]]; then ok=$((ok + 1)); r="as expected"; else wrong=$((wrong + 1)); r="WRONG"; fi
  out=${out//"$bundle: "/}; out=${out//"$bundle"/BUNDLE}
  printf '%-12s exit %d  %-52s %s\n' "$r" "$rc" "$name" "$(head -c 160 <<<"$out" | head -1)"
}
art="$data/bundles/artifact.txt"
echo "--- sigstore-java test bundles ($data)"
while read -r name want tr id iss; do
  bundle="$data/bundles/$name"
  case $id in aa) id=$aa;; beacon) id=$beacon;; esac
  case_ "$name" "$want" "$art" "${!tr}" "$id" "${!iss}"
done <<'CASES'
bundle.sigstore 0 prod appu@google.com google
bundle.v1.sigstore 0 prod appu@google.com google
bundle.v2.sigstore 0 prod appu@google.com google
bundle.v3.sigstore 0 prod appu@google.com google
bundle.v3_1.sigstore 0 prod appu@google.com google
bundle-no-digest.sigstore 0 prod appu@google.com google
bundle.dsse.sigstore 0 prod aa actions
bundle-with-timestamp.sigstore 0 staging aaronlew@google.com google
bundle-with-rekor-v2-entry.sigstore 0 staging aaronlew@google.com google
bundle.dsse.rekor-v2.sigstore 0 staging aaronlew@google.com google
bundle-with-bad-checkpoint-signature.sigstore 1 prod beacon actions
bundle-with-mismatched-set.sigstore 1 prod beacon actions
bundle-with-wrong-tlog-entry.sigstore 1 prod appu@google.com google
bundle.dsse.bad-signature.sigstore 1 prod aa actions
bundle.dsse.mismatched-envelope.sigstore 1 prod beacon actions
bundle.dsse.mismatched-signature.sigstore 1 prod beacon actions
bundle.v1.no.inclusion.sigstore 1 prod appu@google.com google
bundle.v2.no.inclusion.sigstore 1 prod appu@google.com google
bundle.v3.no.inclusion.sigstore 1 prod appu@google.com google
bundle.v3_1.no.inclusion.sigstore 1 prod appu@google.com google
bundle.dsse.rekor-v2.bad-signature.sigstore 1 staging aaronlew@google.com google
bundle.dsse.rekor-v2.mismatched-payload.sigstore 1 staging appu@google.com google
bundle.dsse.rekor-v2.mismatched-signature.sigstore 1 staging appu@google.com google
bundle.sigstore 1 staging appu@google.com google
bundle.v3_1.sigstore 1 prod someone@example.com google
CASES
echo "sigstore-java test bundles: $ok of $((ok + wrong)) as expected"

if [[ -n "${SIGSTORE_CONFORMANCE:-}" ]]; then
  ok=0; wrong=0; a="$SIGSTORE_CONFORMANCE"
  echo "--- sigstore-conformance bundle-verify cases ($a)"
  for d in "$a"/*/; do
    n=$(basename "$d"); bundle="$d/bundle.sigstore.json"
    [[ -f "$bundle" ]] || continue
    art="$a/a.txt"; [[ -f "$d/artifact" ]] && art="$d/artifact"
    tr="$prod"; [[ -f "$d/trusted_root.json" ]] && tr="$d/trusted_root.json"
    want=0; [[ $n == *_fail ]] && want=1
    if [[ -f "$d/key.pub" ]]; then case_ "$n" $want "$art" "$tr" --key "$d/key.pub"
    else case_ "$n" $want "$art" "$tr" "$(cat "$d/identity" 2>/dev/null || echo "$beacon")" "$(cat "$d/issuer" 2>/dev/null || echo "$actions")"; fi
  done
  echo "sigstore-conformance cases: $ok of $((ok + wrong)) as expected"
fi
