# The README's commands. Each target sets up what it needs first
# (scripts/bootstrap.sh is idempotent and takes seconds once done).
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

DIR ?= examples/demo
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo 0.0.0-dev)
# Recursive (=) so it is evaluated after bootstrap has installed WebKitGTK.
TAGS = $(shell scripts/tags.sh)
LDFLAGS = -X main.version=$(VERSION)
GOTEST_FLAGS ?= -race -count=1 -timeout 20m

.PHONY: help setup setup-package setup-test run build dev frontend test check unit test-frontend test-e2e \
	test-stress test-windows package test-package docs bench clean

help: ## List the targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

# Every target a person may call alone sets up what it needs; `make test`
# sets up once and tells its sub-makes so (HUM_SETUP_DONE).
setup: ## Install what building and running need (apt, Go modules, npm, Wails CLI)
	@[[ -n "$${HUM_SETUP_DONE:-}" ]] || scripts/bootstrap.sh

setup-package: ## Install what building the packages needs as well (NSIS, ImageMagick)
	@[[ -n "$${HUM_SETUP_DONE:-}" ]] || scripts/bootstrap.sh --package

setup-test: ## Install what the tests need as well
	@[[ -n "$${HUM_SETUP_DONE:-}" ]] || scripts/bootstrap.sh --test

frontend: setup
	cd frontend && npm run build --silent

build: frontend ## Build build/bin/hum (production)
	go tool wails build -s -tags "$(TAGS)" -ldflags "$(LDFLAGS)" -o hum

run: build ## Open Hum on DIR (default: the bundled examples/demo)
	@if [[ "$$(uname -s)" == Linux && -z "$${DISPLAY:-}$${WAYLAND_DISPLAY:-}" ]]; then \
		echo "make run: no display (DISPLAY/WAYLAND_DISPLAY unset); try: xvfb-run make run, or hum scripts $(DIR)" >&2; exit 1; fi
	./build/bin/hum "$(abspath $(DIR))"

dev: setup ## Wails dev mode with hot reload, on DIR
	go tool wails dev -tags "$(TAGS)" -ldflags "$(LDFLAGS)" -appargs "$(abspath $(DIR))"

test: setup-test ## Run every test: checks, Go (race), Windows under Wine, frontend, end-to-end, packages
	@HUM_SETUP_DONE=1 $(MAKE) --no-print-directory check unit test-windows test-frontend test-e2e test-package

check: setup ## gofmt, go vet and staticcheck (linux, windows, darwin); eslint on the frontend
	@bad=$$(git ls-files -co --exclude-standard '*.go' | grep -v '^frontend/' | xargs gofmt -l); \
		if [[ -n "$$bad" ]]; then echo "gofmt needed: $$bad" >&2; exit 1; fi
	go vet ./...
	CGO_ENABLED=0 GOOS=windows go vet ./...
	CGO_ENABLED=0 GOOS=darwin go vet ./...
	@# staticcheck is a tool of the module (go.mod pins it). It is built for
	@# this machine and then run with GOOS: `GOOS=x go tool` would build it for x.
	sc=$$(go tool -n staticcheck); \
		$$sc ./... && \
		CGO_ENABLED=0 GOOS=windows $$sc ./... && \
		CGO_ENABLED=0 GOOS=darwin $$sc ./...
	cd frontend && npm run --silent lint

# setup-test, not setup: the tray's DBus test and the editor's fallback test
# need dbus-daemon and gio, and would skip without them.
unit: setup-test ## Go tests with the race detector
	go test $(GOTEST_FLAGS) ./...

test-windows: setup-test ## The core's tests built for Windows, run under Wine (PKGS=./backend/x for some)
	scripts/test-windows.sh $(PKGS)

test-frontend: setup ## Type check (svelte-check, warnings fail) and Vitest
	cd frontend && npm run --silent check && npx vitest run

test-stress: setup-test ## make test while a busy loop burns one core (the suite must not race a quiet machine)
	scripts/test-stress.sh

test-e2e: setup-test ## Real window and real Chromium tests under Xvfb (FILES=tests/e2e/x.test.mjs for one)
	tests/e2e/run.sh $(FILES)

docs: setup-test ## Refresh docs/screenshots from a real run (make bench refreshes docs/bench/)
	HUM_UPDATE_DOCS=1 tests/e2e/run.sh
	HUM_UPDATE_DOCS=1 scripts/test-package.sh

package: setup-package ## Linux .deb/.rpm and the Windows installer into dist/
	scripts/package.sh

test-package: setup-test ## Install, run and remove the packages
	scripts/test-package.sh

bench: setup-test ## Benchmarks with their baselines; raw output to docs/bench/ (see docs/BENCHMARKS.md)
	scripts/bench.sh

clean: ## Remove build output
	rm -rf build/bin dist .cache/e2e tests/e2e/out
