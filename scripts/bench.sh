#!/usr/bin/env bash
# Runs the benchmark (internal/bench): builds the server and the load generator, generates a
# deterministic city through the store layer on first use (cached in
# bench-results/datasets/), starts the server on loopback with its embedded store, signs
# users in and drives every scenario with 32 closed-loop clients for 20 s each. Prints a
# table and writes bench-results/<time>-<kind>-<ideas>-ideas.json.
#
#   scripts/bench.sh                      # the full run: 5,000 ideas, targets judged
#   scripts/bench.sh --quick              # CI: 500 ideas, 2 s per scenario, no targets
#   scripts/bench.sh --ideas 50000 --scenarios public-list,staff-list,search
#   scripts/bench.sh --store standalone   # the server on `ideenwerk store` in its own process
#   scripts/bench.sh --pprof 127.0.0.1:6060 --keep   # profile the server while it runs
set -euo pipefail
cd "$(dirname "$0")/.."

# The API does not need the SPA; whatever ui/dist holds is embedded as usual. The binaries
# go to bench-results/bin so a running bin/ideenwerk (e2e tests) is never replaced.
mkdir -p bench-results/bin
version=$(git describe --tags --always --dirty 2>/dev/null || echo dev)
go build -trimpath -ldflags "-X github.com/ideenwerk/ideenwerk/internal/app.Version=${version}" -o bench-results/bin/ideenwerk ./cmd/ideenwerk
go build -o bench-results/bin/ideenwerk-bench ./cmd/ideenwerk-bench
exec bench-results/bin/ideenwerk-bench --bin bench-results/bin/ideenwerk --out bench-results "$@"
