#!/usr/bin/env bash
# Runs everything CI runs: formatting and vet, the Go tests with the race detector (on the
# embedded store and a real SMTP server), brief fuzzing, the contract lint, the UI's unit
# tests and the browser end-to-end tests against the real binary in Debian's Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "gofmt and go vet"
unformatted=$(gofmt -l cmd internal api ui/embed.go)
if [ -n "$unformatted" ]; then
  echo "gofmt would change:"; echo "$unformatted"; exit 1
fi
go vet ./...

step "Go tests (-race)"
go test -race -count=1 -timeout 20m ./...

step "HTTP tests again, the store shared as by several instances (-race)"
IDEENWERK_APITEST_SHARED=1 go test -race -count=1 -timeout 20m ./internal/httpapi ./internal/transfer

if [ -x scripts/fuzz.sh ]; then
  step "Fuzzing (brief)"
  scripts/fuzz.sh 20000x
fi

step "UI: install, lint the contract, unit tests, build"
if [ ! -d ui/node_modules ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
  (cd ui && npm ci --no-audit --no-fund)
fi
(cd ui && npm run --if-present lint:api)
(cd ui && npm test)
scripts/build.sh

step "Browser end-to-end tests (Chromium)"
scripts/e2e.sh
