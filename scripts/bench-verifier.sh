#!/usr/bin/env bash
# Verifier benchmark: builds an index of BENCH_ENTRIES entries (default 20000) with the publisher, then
#  - full `verifier index` with -Xmx256m, timed against `sha256sum` over the same index files, same run;
#  - one `verifier bundle` check: wall time including JVM start, and the files it read (from --json).
# BENCH_INDEX=DIR reuses an existing index built by this script (keys in DIR/../keys, exports in DIR/../exports).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
verifier="$root/verifier/target/stagelight-verifier.jar"
publisher="$root/index-publisher/target/stagelight-publisher.jar"
entries="${BENCH_ENTRIES:-20000}"
if [[ ! -f "$verifier" || ! -f "$publisher" ]]; then
  (cd "$root" && mvn -B -q -pl index-publisher -am package -DskipTests)
fi

if [[ -n "${BENCH_INDEX:-}" ]]; then
  work="$(cd "$BENCH_INDEX/.." && pwd)"
else
  work="$(mktemp -d "${TMPDIR:-/tmp}/stagelight-bench-XXXXXX")"
  echo "building an index of $entries entries in $work"
  java -jar "$publisher" keygen --out "$work/keys" --origin bench.stagelight.dev/log >/dev/null
  python3 - "$work" "$entries" <<'PY'
import hashlib, json, os, sys
work, n = sys.argv[1], int(sys.argv[2])
for i in range(n):
    d = os.path.join(work, "exports", "export-%d" % i)
    os.makedirs(d, exist_ok=True)
    data = ('{"export":"export-%d","findings":%d}\n' % (i, i % 97)).encode()
    with open(os.path.join(d, "findings.jsonl"), "wb") as f:
        f.write(data)
    statement = {"_type": "https://in-toto.io/Statement/v1",
                 "subject": [{"name": "findings.jsonl", "digest": {"sha256": hashlib.sha256(data).hexdigest()}}],
                 "predicateType": "https://stagelight.dev/export-manifest/v1",
                 "predicate": {"export_id": "export-%d" % i, "tenant": "tenant-%d" % (i % 50),
                               "region": "eu" if i % 2 else "us", "created": "2026-11-24T12:00:00Z"}}
    with open(os.path.join(work, "exports", "statement-%07d.json" % i), "w") as f:
        json.dump(statement, f)
PY
  java -jar "$publisher" init "$work/index" --log-key "$work/keys/log.key" >/dev/null
  start=$(date +%s.%N)
  (cd "$work/exports" && ls statement-*.json | xargs -n 5000 bash -c \
    'java -jar "$0" append "$1" --log-key "$2" --key "$3" "${@:4}" >/dev/null' \
    "$publisher" "$work/index" "$work/keys/log.key" "$work/keys/signing.key.pem")
  echo "append of $entries entries: $(echo "$(date +%s.%N) - $start" | bc) s"
fi
index="$work/index"
trust=(--log-key "$work/keys/log.vkey" --signer-key "$work/keys/signing.pub.pem")

bytes=$(find "$index" -type f -not -name '.*' -printf '%s\n' | awk '{s+=$1} END {print s}')
files=$(find "$index" -type f -not -name '.*' | wc -l)
echo "index: $files files, $bytes bytes"

start=$(date +%s.%N)
(cd "$index" && find . -type f -not -name '.*' -print0 | xargs -0 sha256sum >/dev/null)
sha=$(echo "$(date +%s.%N) - $start" | bc)

start=$(date +%s.%N)
/usr/bin/env java -Xmx256m -XX:+UseSerialGC -Xlog:gc:file="$work/gc.log" -jar "$verifier" index "$index" \
  "${trust[@]}" --json --quiet >"$work/index-report.json"
ver=$(echo "$(date +%s.%N) - $start" | bc)
peak=$(grep -oE '[0-9]+M->[0-9]+M\([0-9]+M\)' "$work/gc.log" | sed -E 's/M->.*//' | sort -n | tail -1)
echo "sha256sum over the index:      $sha s ($(echo "$bytes / $sha / 1048576" | bc) MiB/s)"
echo "verifier index (-Xmx256m):     $ver s ($(echo "$bytes / $ver / 1048576" | bc) MiB/s), heap before GC at most ${peak:-?} MiB"
echo "verifier/sha256sum throughput: $(echo "scale=2; $sha / $ver" | bc)"
grep -E '"(verified|entries|files_read)"' "$work/index-report.json" | tr -d ' ,' | paste -sd' '

last=$((entries - 1))
export_dir="$work/exports/export-$last"
# The publisher signs the RFC 8785 form of a statement; for this ASCII-only JSON that is sorted compact JSON.
sha=$(python3 -c 'import hashlib,json,sys; print(hashlib.sha256(json.dumps(json.load(open(sys.argv[1])),
  sort_keys=True, separators=(",", ":")).encode()).hexdigest())' "$work/exports/statement-$(printf %07d "$last").json")
cp "$index/manifests/$sha.dsse.json" "$export_dir/manifest.dsse.json"
start=$(date +%s.%N)
java -Xmx256m -jar "$verifier" bundle "$export_dir" --index "$index" "${trust[@]}" --json \
  >"$work/bundle-report.json" || true
echo "verifier bundle (JVM start included): $(echo "$(date +%s.%N) - $start" | bc) s"
grep -E '"(verified|files_read)"' "$work/bundle-report.json" | tr -d ' ,' | paste -sd' '
echo "reports: $work/index-report.json $work/bundle-report.json"
