#!/usr/bin/env bash
# Runs every Go fuzz target briefly (default 5s each; pass another duration as $1). New
# findings are written to testdata/fuzz/ by the Go tool and become regression tests.
set -euo pipefail
cd "$(dirname "$0")/.."
time="${1:-5s}"
for pkg in $(go list ./internal/...); do
  dir=$(go list -f '{{.Dir}}' "$pkg")
  for target in $(grep -hoE '^func (Fuzz[A-Za-z0-9_]+)\(f \*testing\.F\)' "$dir"/*_test.go 2>/dev/null | sed -E 's/^func (Fuzz[A-Za-z0-9_]+).*/\1/'); do
    echo "fuzz $pkg $target ($time)"
    go test "$pkg" -run '^$' -fuzz "^${target}\$" -fuzztime "$time"
  done
done
