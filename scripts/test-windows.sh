#!/usr/bin/env bash
# Runs the Windows builds of the core's tests under Wine (what `make
# test-windows` runs; `make test` calls it). For each package below it
# cross-compiles `go test -c` for windows/amd64 and runs the binary under
# Wine, in the package's folder (Z:\…), with a timeout; any failure, timeout
# or crash fails the run.
#
#   scripts/test-windows.sh                     every package below
#   scripts/test-windows.sh ./backend/process   some of them
#   TESTFLAGS='-test.run TestX -test.v' scripts/test-windows.sh ./backend/process
#
# Wine runs in a private prefix, .cache/wine/prefix (never ~/.wine), made on
# first use with wineboot (about 15 s) and reused after, with the ProcessPrng
# shim Go programs need under Wine 8: scripts/wine/prefix.sh, which
# scripts/test-package.sh shares to run the installer.
#
# On Windows itself (Git Bash, as the release workflow runs it) the same
# packages run natively with go test, Wine's gaps included.
#
# Needs (scripts/bootstrap.sh --test): wine64, gcc-mingw-w64-x86-64. Leaves
# no Wine process running: the prefix's wineserver is waited for, and killed
# when a test binary timed out or a Windows process outlived the tests
# (which fails the run: a test leaked it).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

packages=(./backend/wine ./backend/process ./backend/logs ./backend/discover ./backend/environ ./backend/session ./backend/cli ./backend/editor ./backend/notify ./backend/termnotify)
(($#)) && packages=("$@")
timeout_s=${HUM_WINE_TIMEOUT:-300} # per test binary; the slowest takes well under a minute

say() { printf '\033[1mtest-windows:\033[0m %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

if [[ ${OS:-} == Windows_NT ]]; then
  say "on Windows: go test, natively"
  exec go test -count=1 -timeout 20m "${packages[@]}"
fi

# shellcheck source=scripts/wine/prefix.sh
. scripts/wine/prefix.sh
cache=$root/.cache/wine
export HUM_UNDER_WINE=1 # backend/wine's test checks its detection against it
mkdir -p "$cache/bin"

cleanup() { "$wineserver" -k >/dev/null 2>&1 || true; }

# --- the prefix, made once --------------------------------------------------
wine_prefix "$root" || die "$wine_error"
prep=$wine_prep

# --- build every test binary first, then run them ---------------------------
start=$SECONDS
declare -A exe
for pkg in "${packages[@]}"; do
  name=$(basename "$pkg")
  exe[$pkg]=$cache/bin/$name.test.exe
  # hum_wine and -checklinkname=0: see backend/wine/remove_wine.go.
  rm -f "${exe[$pkg]}"
  CGO_ENABLED=0 GOOS=windows GOARCH=amd64 go test -c -tags hum_wine -ldflags=-checklinkname=0 -o "${exe[$pkg]}" "$pkg"
  [[ -f ${exe[$pkg]} ]] || die "$pkg has no tests to run"
done
build=$((SECONDS - start))

trap cleanup EXIT
failed=()
start=$SECONDS
for pkg in "${packages[@]}"; do
  t0=$SECONDS
  # The package's own folder, as `go test` does (testdata/ is relative).
  # shellcheck disable=SC2086 # TESTFLAGS is a list of flags
  if (cd "$pkg" && timeout --kill-after=10 "$timeout_s" "$wine" "${exe[$pkg]}" -test.v -test.timeout "$((timeout_s - 10))s" ${TESTFLAGS:-}) \
    >"$cache/$(basename "$pkg").log" 2>&1; then
    if tail -n 1 "$cache/$(basename "$pkg").log" | grep -q '^PASS'; then
      printf '  \033[32mok\033[0m    %-22s %3ds\n' "$pkg" $((SECONDS - t0))
    else # a test binary that exits 0 early (os.Exit in a test) ran not all of them
      printf '  \033[31mFAIL\033[0m  %-22s %3ds (exit 0 without PASS)\n' "$pkg" $((SECONDS - t0))
      failed+=("$pkg")
    fi
  else
    rc=$?
    printf '  \033[31mFAIL\033[0m  %-22s %3ds (exit %d%s)\n' "$pkg" $((SECONDS - t0)) "$rc" "$([[ $rc == 124 ]] && echo ', timed out')"
    grep -vE '^(=== RUN|=== PAUSE|=== CONT|    --- PASS|--- PASS)' "$cache/$(basename "$pkg").log" | tail -n 40 | sed 's/^/        /'
    failed+=("$pkg")
    [[ $rc == 124 ]] && cleanup
  fi
  # Every skip with its reason, so none goes unseen: the Wine gaps (see
  # backend/wine), and any other (a -race-only test: these binaries are
  # built without -race, which needs cgo).
  awk '/^=== (RUN|CONT|NAME) /{t=$3}
    /Wine gap: /{r=$0; sub(/^ *[^ ]+: Wine gap: /,"",r); sub(/ \(runs on Windows\)$/,"",r); printf "        skip  %s: %s\n", t, r; seen[t]=1}
    /^ *--- SKIP: /{n=$3; if (!(n in seen) && prev ~ /^ +[^ ]+\.go:[0-9]+: /) {r=prev; sub(/^ +[^ ]+\.go:[0-9]+: /,"",r); printf "        skip  %s: %s\n", n, r}}
    {prev=$0}' "$cache/$(basename "$pkg").log"
done
# The server ends a few seconds after the prefix's last process.
if ! timeout 60 "$wineserver" -w; then
  say "FAIL: Windows processes were still running a minute after the last test; killed them"
  cleanup
  failed+=("(leaked processes)")
fi
trap - EXIT
say "prefix ${prep}s, build ${build}s, run $((SECONDS - start))s (logs: .cache/wine/*.log)"
if ((${#failed[@]})); then
  die "${#failed[@]} package(s) failed under Wine: ${failed[*]}"
fi
say "all ${#packages[@]} packages passed under Wine"
