#!/usr/bin/env bash
# `make test-stress`: the whole `make test` while another process burns one
# core, so the suite proves it waits for readiness instead of racing a quiet
# machine. The busy loop is this script's own child, stopped on any exit.
set -euo pipefail
cd "$(dirname "$0")/.."
(while :; do :; done) &
burner=$!
trap 'kill "$burner" 2>/dev/null || true; wait "$burner" 2>/dev/null || true' EXIT
trap 'exit 130' INT TERM
echo "test-stress: busy loop $burner burning one core; running make test" >&2
began=$SECONDS
make --no-print-directory test
echo "test-stress: make test passed in $((SECONDS - began)) s beside the busy loop" >&2
