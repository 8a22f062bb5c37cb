#!/usr/bin/env bash
# Installs what the build and tests use, only when something is missing (idempotent):
#   Debian: maven, git (stores, git daemon), chromium + chromium-driver (site tests), prometheus + promtool (gate tests);
#   npm:    axe-core (accessibility checks injected into Chromium), into .deps/node_modules (never committed).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
packages=(maven git chromium chromium-driver prometheus)
# node and npm may come from elsewhere than Debian's packages; only a machine without them needs Debian's.
command -v npm >/dev/null || packages+=(nodejs npm)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [[ ${#missing[@]} -gt 0 ]]; then
  if [[ $(id -u) -ne 0 ]]; then
    echo "install-deps: missing Debian packages: ${missing[*]} (run as root, or: sudo apt-get install ${missing[*]})" >&2
    exit 1
  fi
  echo "install-deps: installing ${missing[*]}" >&2
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
fi
axe_version=4.14.1
if [[ ! -f "$root/.deps/node_modules/axe-core/axe.min.js" ]]; then
  echo "install-deps: installing axe-core $axe_version into .deps/" >&2
  mkdir -p "$root/.deps"
  npm install --silent --no-audit --no-fund --no-save --prefix "$root/.deps" "axe-core@$axe_version" >&2
fi
