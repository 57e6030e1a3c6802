#!/usr/bin/env bash
# Builds the production and dev binaries with a known version, then runs every
# *.test.mjs here under a private X server (and a private DBus session for the
# tray). Called by `make test-e2e`; expects scripts/bootstrap.sh --test to have run.
set -euo pipefail
cd "$(dirname "$0")/../.."
tags=$(scripts/tags.sh)
export HUM_VERSION="e2e-$(git rev-parse --short HEAD 2>/dev/null || echo local)"
ldflags="-X main.version=$HUM_VERSION"
mkdir -p .cache/e2e
(cd frontend && npm run build --silent >/dev/null)
go tool wails build -s -tags "$tags" -ldflags "$ldflags" -o hum >/dev/null
go build -tags "dev $tags" -ldflags "$ldflags" -o .cache/e2e/hum-dev .
export HUM_BIN=$PWD/build/bin/hum HUM_DEV_BIN=$PWD/.cache/e2e/hum-dev
files=("$@")
((${#files[@]})) || files=(tests/e2e/*.test.mjs)
export NO_AT_BRIDGE=1
# The session bus starts no service on demand: with dunst installed, the
# first notification a test's window sent would start a dunst of its own
# (its default configuration, and its popups over later screenshots), and
# the notification test's own dunst could not take the name. The Go tests'
# private buses (backend/dbustest) use the same file.
exec xvfb-run -a -s "-screen 0 1280x900x24" dbus-run-session --config-file="$PWD/backend/dbustest/session.conf" -- \
  node --test --test-concurrency=1 --test-timeout=600000 "${files[@]}"
