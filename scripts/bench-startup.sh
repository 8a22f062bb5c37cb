#!/usr/bin/env bash
# Verifier start-up: `verifier bundle` for one key-signed export, JVM start included, beside
# `java -jar stagelight-verifier.jar --version` measured in the same run; plain `java -jar`, and with the launcher's
# options (C1 only, serial GC) and a class-data-sharing archive made by a first run. Medians of BENCH_RUNS (default 7)
# alternating runs; wall and CPU (user+sys) time, and the load average, since other work on the machine stretches
# wall time. BENCH_DIR: an index with export-sample/ (e.g. the 1,000,000-entry one of `bench index`); default: a
# fresh 2,000-entry index.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ver="$root/verifier/target/stagelight-verifier.jar"
pub="$root/index-publisher/target/stagelight-publisher.jar"
runs="${BENCH_RUNS:-7}"
for j in "$pub" "$ver"; do [[ -f "$j" ]] || { echo "bench startup: $j missing; run ./stagelight build" >&2; exit 2; }; done
dir="${BENCH_DIR:-}"
if [[ -z "$dir" ]]; then
  dir="$(mktemp -d "${TMPDIR:-/tmp}/stagelight-startup.XXXXXX")"
  java -Xmx1g -cp "$pub" dev.stagelight.publisher.bench.GenerateIndex "$dir" 2000 1000 8 > /dev/null
  java -Xmx1g -cp "$pub" dev.stagelight.publisher.bench.AppendBench "$dir" 10 2 > /dev/null
fi
[[ -d "$dir/export-sample" ]] || { echo "bench startup: $dir/export-sample missing" >&2; exit 2; }
bundle=(bundle "$dir/export-sample" --index "$dir/index" --log-key "$dir/keys/log.vkey" --signer-key "$dir/keys/signing.pub.pem")
fast=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xlog:disable -Xlog:all=error:stderr)
cds="$dir/startup-bundle.jsa"
rm -f "$cds"
java "${fast[@]}" -XX:ArchiveClassesAtExit="$cds" -jar "$ver" "${bundle[@]}" > /dev/null
echo "bench startup: index $(sed -n 2p "$dir/index/checkpoint") entries ($dir); archive $(du -h "$cds" | cut -f1); $(nproc) cores"
declare -A wall cpu
measure() { # label command...
  local label=$1; shift
  /usr/bin/time -f '%e %U %S' -o "$dir/t.txt" "$@" > /dev/null
  read -r w u s < "$dir/t.txt"
  wall[$label]+="$w "; cpu[$label]+="$(awk -v u="$u" -v s="$s" 'BEGIN{print u+s}') "
}
loads=""
for ((i = 0; i < runs; i++)); do
  loads+="$(cut -d' ' -f1 /proc/loadavg) "
  measure "version" java -jar "$ver" --version
  measure "bundle" java -jar "$ver" "${bundle[@]}"
  measure "version, launcher options + archive" java "${fast[@]}" -XX:SharedArchiveFile="$cds" -jar "$ver" --version
  measure "bundle, launcher options + archive" java "${fast[@]}" -XX:SharedArchiveFile="$cds" -jar "$ver" "${bundle[@]}"
done
median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
for label in "version" "bundle" "version, launcher options + archive" "bundle, launcher options + archive"; do
  printf '%-40s wall %5.2f s   cpu %5.2f s   (median of %d)\n' "$label" "$(median <<<"${wall[$label]}")" "$(median <<<"${cpu[$label]}")" "$runs"
done
ratio() { awk -v a="$(median <<<"${wall[$1]}")" -v b="$(median <<<"${wall[$2]}")" 'BEGIN{printf "%.2f", a/b}'; }
echo "bundle (archive) / version, same run: $(ratio "bundle, launcher options + archive" "version") wall (goal < 1.5);" \
  "bundle (archive) wall $(median <<<"${wall["bundle, launcher options + archive"]}") s (goal < 0.5 s);" \
  "against --version with the same options and archive: $(ratio "bundle, launcher options + archive" "version, launcher options + archive")"
echo "load average during the runs: $loads(1-minute, on $(nproc) cores)"
