#!/usr/bin/env bash
# Runs the parts of the demo or of the benchmarks: every scripts/<kind>-*.sh in order, or the one named.
#   scripts/run-parts.sh demo            all demo parts
#   scripts/run-parts.sh bench index     only scripts/bench-index.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
kind="$1"; shift
have() { (cd "$here" && ls "$kind"-*.sh 2>/dev/null | sed "s/^$kind-//;s/\.sh$//" | tr '\n' ' '); }
if [[ $# -gt 0 ]]; then
  part="$here/$kind-$1.sh"
  [[ -x "$part" ]] || { echo "$kind: no part '$1' (have: $(have))" >&2; exit 2; }
  shift
  exec "$part" "$@"
fi
ran=0
for part in "$here/$kind"-*.sh; do
  [[ -x "$part" ]] || continue
  echo "=== $kind: $(basename "$part" .sh | sed "s/^$kind-//")"
  "$part"
  ran=1
done
[[ $ran -eq 1 ]] || echo "$kind: no parts yet" >&2
