#!/usr/bin/env bash
# End-to-end demo on embedded defaults. Each part prints what it does and where its files are.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
echo "Stagelight demo: jars built under $root/*/target"
