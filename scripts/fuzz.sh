#!/usr/bin/env bash
# Runs every Go fuzz target briefly (default 20,000 executions each; pass another budget as
# $1: a count such as 100000x or a duration such as 30s). New findings are written to
# testdata/fuzz/ by the Go tool and become regression tests. The default is a count, not a
# duration: with a duration, Go 1.26's fuzz coordinator can report a spurious "context
# deadline exceeded" failure when the deadline races a busy worker (go.dev/issue/75804,
# fixed in Go 1.27); a count has no deadline to race.
set -euo pipefail
cd "$(dirname "$0")/.."
time="${1:-20000x}"
for pkg in $(go list ./internal/...); do
  dir=$(go list -f '{{.Dir}}' "$pkg")
  for target in $(grep -hoE '^func (Fuzz[A-Za-z0-9_]+)\(f \*testing\.F\)' "$dir"/*_test.go 2>/dev/null | sed -E 's/^func (Fuzz[A-Za-z0-9_]+).*/\1/'); do
    echo "fuzz $pkg $target ($time)"
    go test "$pkg" -run '^$' -fuzz "^${target}\$" -fuzztime "$time"
  done
done
