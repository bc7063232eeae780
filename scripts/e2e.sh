#!/usr/bin/env bash
# Browser end-to-end tests: the real binary (built by scripts/build.sh) with a fresh
# embedded store, a real SMTP sink, driven by playwright-core in Debian's Chromium.
# Screenshots of the main pages land in ui/e2e/screenshots/.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ]; then
  echo "Debian's chromium is required: apt-get install -y chromium" >&2
  exit 1
fi
[ -x bin/ideenwerk ] || scripts/build.sh
export IDEENWERK_BIN="$PWD/bin/ideenwerk"
cd ui && npm run e2e
