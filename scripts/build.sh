#!/usr/bin/env bash
# Installs the UI's npm packages when needed, builds the SPA into ui/dist and the Go
# binary (with the SPA embedded) into bin/ideenwerk.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v go >/dev/null || { echo "Go is required (https://go.dev/dl/)" >&2; exit 1; }
command -v npm >/dev/null || { echo "Node.js with npm is required to build the UI" >&2; exit 1; }

if [ ! -d ui/node_modules ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
  (cd ui && npm ci --no-audit --no-fund)
fi
(cd ui && npm run build)
version=$(git describe --tags --always --dirty 2>/dev/null || echo dev)
go build -trimpath -ldflags "-s -w -X github.com/ideenwerk/ideenwerk/internal/app.Version=${version}" -o bin/ideenwerk ./cmd/ideenwerk
