#!/usr/bin/env bash
# The idle benchmark: what an open Hum costs with N sleeping processes, shown
# and hidden to the tray, and its memory over a long stream of output
# (tests/e2e/idle.bench.mjs says how). Builds the production binary unless
# HUM_BIN names one; IDLE_N ("0 20 100"), IDLE_PROJECTS (open projects, "1 5";
# "" skips) with IDLE_PER_PROJECT processes each (4), IDLE_GROWTH_MIN (10; 0 skips),
# IDLE_RATE (lines/s of the growth run, 1000), IDLE_SAMPLE_S (30) and
# IDLE_OUT (docs/bench/idle.txt) tune it. Called by `make bench`.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -z "${HUM_BIN:-}" ]]; then
  (cd frontend && npm run build --silent >/dev/null)
  go tool wails build -s -tags "$(scripts/tags.sh)" -o hum >/dev/null
  export HUM_BIN=$PWD/build/bin/hum
fi
export IDLE_OUT=${IDLE_OUT:-$PWD/docs/bench/idle.txt} NO_AT_BRIDGE=1
exec xvfb-run -a -s "-screen 0 1280x900x24" dbus-run-session --config-file="$PWD/backend/dbustest/session.conf" -- \
  node --test --test-concurrency=1 --test-timeout=3600000 tests/e2e/idle.bench.mjs
