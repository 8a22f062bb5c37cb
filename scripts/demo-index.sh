#!/usr/bin/env bash
# Demo part "index": make keys, create a fresh index in a temp folder, append the example export manifests
# (examples/exports/*.json, unsigned in-toto Statements, signed here; the append also renders the static site), print
# the checkpoint, run the verifier over the index, serve the site on 127.0.0.1, look one export up over HTTP as the
# search page does, verify one entry in headless Chromium (when installed), and say where everything is.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
pub="$root/index-publisher/target/stagelight-publisher.jar"
ver="$root/verifier/target/stagelight-verifier.jar"
for j in "$pub" "$ver"; do [[ -f "$j" ]] || { echo "demo index: $j missing; run ./stagelight build" >&2; exit 2; }; done
work="$(mktemp -d "${TMPDIR:-/tmp}/stagelight-demo-index.XXXXXX")"
origin="demo.stagelight.dev/exports"

echo "[1/7] keys: a log note key (signs checkpoints) and an Ed25519 manifest key, in $work/keys"
java -jar "$pub" keygen --out "$work/keys" --origin "$origin" | sed 's/^/      /'

echo "[2/7] a new, empty index in $work/index (private state: $work/index.state)"
java -jar "$pub" init "$work/index" --log-key "$work/keys/log.key" | sed 's/^/      /'

echo "[3/7] appending $(ls "$root"/examples/exports/*.json | wc -l) export manifests from examples/exports"
java -jar "$pub" append "$work/index" --log-key "$work/keys/log.key" --key "$work/keys/signing.key.pem" \
  "$root"/examples/exports/*.json | sed -n '1,/^checkpoint:/p' | grep -v '^checkpoint:' | sed 's/^/      /'

echo "[4/7] the signed checkpoint ($work/index/checkpoint):"
sed 's/^/      /' "$work/index/checkpoint"

echo "[5/7] verifying the index with the verifier jar (trusting only the two public keys)"
java -jar "$ver" index "$work/index" --log-key "$work/keys/log.vkey" --signer-key "$work/keys/signing.pub.pem" \
  | sed 's/^/      /'

echo "[6/7] serving the site on 127.0.0.1 (publish serve, sub-path /index/ as on GitHub Pages)"
java -jar "$pub" serve "$work/index" --prefix /index/ > "$work/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do grep -q '^serving' "$work/serve.log" 2>/dev/null && break; sleep 0.1; done
url="$(sed -n 's/^serving .* at \(http[^ ]*\) .*/\1/p' "$work/serve.log")"
[[ -n "$url" ]] || { cat "$work/serve.log" >&2; exit 1; }
echo "      site: $url (home), ${url}search.html, ${url}index.json"
digest="$(sha256sum "$work/index/manifests/"*.json | grep -v dsse | head -1 | cut -c1-64)"
shard="api/v1/sha256/${digest:0:2}/${digest:2:2}.json"
echo "      look-up of manifest sha256:${digest:0:16}... downloads one shard, $shard:"
if command -v curl >/dev/null; then curl -sf "$url$shard" | sed 's/^/        /'; echo; else sed 's/^/        /' "$work/index/$shard"; echo; fi
echo "[7/7] verifying entry 2 in the browser (headless Chromium runs the page's verify.js: WebCrypto, no library)"
if command -v chromium >/dev/null; then
  chromium --headless --no-sandbox --disable-gpu --virtual-time-budget=20000 --dump-dom "${url}entries/0/2.html#verify" 2>/dev/null \
    | tr '\n' ' ' | grep -o '<ol id="verify-steps".*</ol>' | sed 's/<li[^>]*>/\n        /g; s/<[^>]*>//g; s/&amp;/\&/g' | grep -v '^\s*$'
  echo
else
  echo "      skipped: Chromium is not installed (scripts/install-deps.sh installs it)"
fi
kill $server 2>/dev/null || true

echo "files:"
echo "      index (publish this folder as is): $work/index"
echo "        log:  checkpoint, tile/0/..., tile/entries/..., manifests/<sha256>.json + .dsse.json, api/v1/sha256/<ab>/<cd>.json"
echo "        site: index.html, entries/<block>/<seq>.html, blocks/<N>.html, index.json, api/v1/entries/<N>.json, feed.atom, _headers"
echo "      keys:  $work/keys (log.key and signing.key.pem are secret; log.vkey and signing.pub.pem are for verifiers)"
echo "      state: $work/index.state (lock and append journal; never published)"
