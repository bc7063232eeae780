#!/usr/bin/env bash
# Builds the SPA, embeds it into the binary and starts the server with the embedded store
# and demo data. Extra arguments go to `ideenwerk serve` (e.g. --addr :9090).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/build.sh
echo "Starting Ideenwerk on ${IDEENWERK_ADDR:-:8080} (data in ${IDEENWERK_DATA_DIR:-./data}) …"
exec ./bin/ideenwerk serve "$@"
