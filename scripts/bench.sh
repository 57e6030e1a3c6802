#!/usr/bin/env bash
# Runs the benchmarks behind docs/BENCHMARKS.md, each with the baseline it is
# compared with in the same run, and saves the raw output to docs/bench/
# (first line: the command). Run it on a quiet machine: `make bench`.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p docs/bench
run() { # name, then the go test arguments
  local name=$1
  shift
  echo "go test $*" >"docs/bench/$name.txt"
  go test "$@" 2>&1 | tee -a "docs/bench/$name.txt"
}
run process -run '^$' -bench 'BenchmarkState|BenchmarkRegistrySnapshot' -benchmem -count=5 ./backend/process
run logs -run '^$' -bench . -benchmem -count=3 ./backend/logs
run discover -run '^$' -bench BenchmarkScanMonorepo -benchmem -benchtime 50x -count 3 ./backend/discover
run metrics -run '^$' -bench BenchmarkSample -benchtime=20x ./backend/metrics
run cli -run '^$' -bench BenchmarkRunFlood -benchtime 5x -count 5 ./backend/cli
run tray -run '^$' -bench . -benchmem -benchtime=20000x ./backend/tray
run watchdog -run '^$' -bench 'BenchmarkTrackForget|BenchmarkWriteState' -benchmem -count=5 ./backend/watchdog
run mcp -run '^$' -bench BenchmarkGetLogs -benchmem -count=5 ./backend/mcp
# The UI in Chromium on the dev build: frame gaps and the newest line's
# latency under a flood and with 50 processes (reported, never a failure).
HUM_UPDATE_DOCS=1 tests/e2e/run.sh tests/e2e/ui.bench.mjs
# Hostile 4 MiB files against the code before the fix (minutes: the old
# package.json scan is quadratic).
scripts/bench-huge.sh
# What an open window costs: CPU and PSS with 0, 20 and 100 sleeping
# processes, shown and hidden, and memory over 10 minutes of output.
scripts/bench-idle.sh
