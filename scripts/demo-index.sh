#!/usr/bin/env bash
# Demo part "index": make keys, create a fresh index in a temp folder, append the example export manifests
# (examples/exports/*.json, unsigned in-toto Statements, signed here), print the checkpoint, run the verifier over
# the index, and say where everything is.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
pub="$root/index-publisher/target/stagelight-publisher.jar"
ver="$root/verifier/target/stagelight-verifier.jar"
for j in "$pub" "$ver"; do [[ -f "$j" ]] || { echo "demo index: $j missing; run ./stagelight build" >&2; exit 2; }; done
work="$(mktemp -d "${TMPDIR:-/tmp}/stagelight-demo-index.XXXXXX")"
origin="demo.stagelight.dev/exports"

echo "[1/5] keys: a log note key (signs checkpoints) and an Ed25519 manifest key, in $work/keys"
java -jar "$pub" keygen --out "$work/keys" --origin "$origin" | sed 's/^/      /'

echo "[2/5] a new, empty index in $work/index (private state: $work/index.state)"
java -jar "$pub" init "$work/index" --log-key "$work/keys/log.key" | sed 's/^/      /'

echo "[3/5] appending $(ls "$root"/examples/exports/*.json | wc -l) export manifests from examples/exports"
java -jar "$pub" append "$work/index" --log-key "$work/keys/log.key" --key "$work/keys/signing.key.pem" \
  "$root"/examples/exports/*.json | sed -n '1,/^checkpoint:/p' | grep -v '^checkpoint:' | sed 's/^/      /'

echo "[4/5] the signed checkpoint ($work/index/checkpoint):"
sed 's/^/      /' "$work/index/checkpoint"

echo "[5/5] verifying the index with the verifier jar (trusting only the two public keys)"
java -jar "$ver" index "$work/index" --log-key "$work/keys/log.vkey" --signer-key "$work/keys/signing.pub.pem" \
  | sed 's/^/      /'

echo "files:"
echo "      index (publish this folder as is): $work/index"
echo "        checkpoint, tile/0/..., tile/entries/..., manifests/<sha256>.json + .dsse.json, api/v1/sha256/<ab>/<cd>.json"
echo "      keys:  $work/keys (log.key and signing.key.pem are secret; log.vkey and signing.pub.pem are for verifiers)"
echo "      state: $work/index.state (lock and append journal; never published)"
