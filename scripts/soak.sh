#!/usr/bin/env bash
# Soak: the mixed workload (80 % reads, 20 % writes) against the built binary with the
# store as its own process, then zero 5xx and heap-after-GC and goroutines back to within
# 10 % of their start, or a non-zero exit. The figures are printed.
#
#   scripts/soak.sh                      # smoke run: 30 s at 16 clients
#   scripts/soak.sh -duration 10m -clients 64
#
# The scenario is TestSoak in internal/app/reliability_test.go (CI runs a 6-second version).
set -euo pipefail
cd "$(dirname "$0")/.."
duration=30s
clients=16
while [ $# -gt 0 ]; do
  case "$1" in
    -duration|--duration) duration="$2"; shift 2 ;;
    -clients|--clients) clients="$2"; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "unknown flag $1 (use -duration and -clients)" >&2; exit 2 ;;
  esac
done
IDEENWERK_SOAK_DURATION="$duration" IDEENWERK_SOAK_CLIENTS="$clients" \
  go test ./internal/app/ -run '^TestSoak$' -count=1 -v -timeout 0 2>&1 |
  grep -E '^(=== RUN|--- |PASS|FAIL|ok )|reliability_test.go'
