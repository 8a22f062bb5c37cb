#!/usr/bin/env bash
# Verifier start-up: `verifier bundle` for one key-signed export, JVM start included, beside
# `java -jar stagelight-verifier.jar --version`, measured in the same run (alternating runs, after a warm-up run of
# each, so the page cache is warm). Three ways to start the jar:
#   plain java -jar                 no options
#   launcher options                what ./stagelight verify adds for short commands: C1 only, serial GC
#   launcher options + CDS archive  and the application class-data-sharing archive a first run wrote
#                                   (-XX:ArchiveClassesAtExit), as ./stagelight verify and the README's java line use
# and ./stagelight verify itself (its archive made here first). Medians of BENCH_RUNS (default 7) of wall and CPU
# (user+sys) time, with the load average: other work on the machine stretches wall time.
# Indexes: a fresh 2,000-entry one, then each folder of BENCH_STARTUP_DIRS (space-separated; made by GenerateIndex,
# e.g. the 1,000,000-entry one of `bench index`: index/, keys/, export-sample/), which is only read.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ver="$root/verifier/target/stagelight-verifier.jar"
pub="$root/index-publisher/target/stagelight-publisher.jar"
runs="${BENCH_RUNS:-7}"
for j in "$pub" "$ver"; do [[ -f "$j" ]] || { echo "bench startup: $j missing; run ./stagelight build" >&2; exit 2; }; done
work="$(mktemp -d "${TMPDIR:-/tmp}/stagelight-startup.XXXXXX")"
trap 'rm -rf "$work"' EXIT
small="$work/small"
java -Xmx1g -cp "$pub" dev.stagelight.publisher.bench.GenerateIndex "$small" 2000 1000 8 > /dev/null
java -Xmx1g -cp "$pub" dev.stagelight.publisher.bench.AppendBench "$small" 10 2 > /dev/null # writes export-sample/
dirs=("$small")
for d in ${BENCH_STARTUP_DIRS:-}; do
  if [[ -d "$d/index" && -d "$d/export-sample" && -f "$d/keys/log.vkey" ]]; then dirs+=("$d")
  else echo "bench startup: $d: expected index/, export-sample/ and keys/ (an index made by GenerateIndex); skipped" >&2; fi
done
# The launcher's options for short commands, read from the launcher so the figures follow it.
read -r -a fast <<< "$(sed -n 's/^ *short_opts=(\(.*\))$/\1/p' "$root/stagelight")"
[[ ${#fast[@]} -gt 0 ]] || { echo "bench startup: no short_opts=(...) line in $root/stagelight" >&2; exit 2; }
quiet=(-Xlog:disable -Xlog:all=error:stderr)
cds="$work/bundle.jsa"
bundle_args() { echo bundle "$1/export-sample" --index "$1/index" --log-key "$1/keys/log.vkey" --signer-key "$1/keys/signing.pub.pem"; }
java "${fast[@]}" "${quiet[@]}" -XX:ArchiveClassesAtExit="$cds" -jar "$ver" $(bundle_args "$small") > /dev/null
# ./stagelight verify writes its own archive on its first run of a command; make it now so the runs below map it.
"$root/stagelight" verify $(bundle_args "$small") > /dev/null
echo "bench startup: $(nproc) cores; archive $(du -h "$cds" | cut -f1) (made by one bundle run); java $(java -version 2>&1 | sed -n 's/.*version "\(.*\)".*/\1/p')"

declare -A wall cpu
measure() { # label command...
  /usr/bin/time -f '%e %U %S' -o "$work/t.txt" "${@:2}" > /dev/null || { echo "bench startup: failed: ${*:2}" >&2; exit 1; }
  local w u s
  read -r w u s < "$work/t.txt"
  wall[$1]+="$w "; cpu[$1]+="$(awk -v u="$u" -v s="$s" 'BEGIN{print u+s}') "
}
median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
m() { if [[ $2 == wall ]]; then median <<< "${wall[$1]}"; else median <<< "${cpu[$1]}"; fi; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.2f", a/b}'; }

for dir in "${dirs[@]}"; do
  read -r -a b <<< "$(bundle_args "$dir")"
  wall=(); cpu=()
  configs=(
    "version|plain java -jar|java -jar $ver --version"
    "bundle|plain java -jar|java -jar $ver ${b[*]}"
    "version|launcher options|java ${fast[*]} -jar $ver --version"
    "bundle|launcher options|java ${fast[*]} -jar $ver ${b[*]}"
    "version|launcher options + CDS archive|java ${fast[*]} ${quiet[*]} -XX:SharedArchiveFile=$cds -jar $ver --version"
    "bundle|launcher options + CDS archive|java ${fast[*]} ${quiet[*]} -XX:SharedArchiveFile=$cds -jar $ver ${b[*]}"
    "bundle|./stagelight verify|$root/stagelight verify ${b[*]}")
  for c in "${configs[@]}"; do IFS='|' read -r _ _ cmd <<< "$c"; $cmd > /dev/null; done # warm-up: page cache
  loads=""
  for ((i = 0; i < runs; i++)); do
    loads+="$(cut -d' ' -f1 /proc/loadavg) "
    for c in "${configs[@]}"; do IFS='|' read -r what how cmd <<< "$c"; measure "$what|$how" $cmd; done
  done
  echo
  echo "index $(sed -n 2p "$dir/index/checkpoint") entries ($dir); medians of $runs runs; load average $loads"
  printf '  %-32s %-22s %-22s %s\n' "" "--version" "bundle" "bundle / --version"
  base="$(m "version|plain java -jar" wall)"
  for how in "plain java -jar" "launcher options" "launcher options + CDS archive" "./stagelight verify"; do
    bw="$(m "bundle|$how" wall)"; bc="$(m "bundle|$how" cpu)"
    if [[ -n "${wall["version|$how"]:-}" ]]; then
      vw="$(m "version|$how" wall)"; vc="$(m "version|$how" cpu)"
      v="$(printf '%5.2f s (cpu %4.2f)' "$vw" "$vc")"; r="$(ratio "$bw" "$vw")"
    else
      v="-"; r="-"
    fi
    printf '  %-32s %-22s %-22s %s\n' "$how" "$v" "$(printf '%5.2f s (cpu %4.2f)' "$bw" "$bc")" "$r"
  done
  aw="$(m "bundle|launcher options + CDS archive" wall)"
  echo "  goal: bundle with the archive under 0.5 s: $aw s; under 1.5x plain 'java -jar ... --version': $(ratio "$aw" "$base")x" \
    "(plain bundle: $(ratio "$(m "bundle|plain java -jar" wall)" "$base")x)"
done
