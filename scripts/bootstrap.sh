#!/usr/bin/env bash
# Sets up everything Hum needs to build, run and test, and nothing twice.
#
#   scripts/bootstrap.sh            what `make run` / `make build` need
#   scripts/bootstrap.sh --package  plus what `make package` needs (NSIS, ImageMagick)
#   scripts/bootstrap.sh --test     plus what `make test` needs (Xvfb, Chromium, DBus, …),
#                                   the packages' tools included, and Wine with mingw-w64
#                                   for the Windows tests (make test-windows)
#
# On Debian/Ubuntu it installs missing system packages with apt (through sudo
# when not root). Elsewhere it prints what to install and stops. A second run
# finds everything in place and takes a few seconds.
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0 want_package=0
case "${1:-}" in
  --test) want_test=1 want_package=1 ;;
  --package) want_package=1 ;;
esac

say() { printf '\033[1mbootstrap:\033[0m %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

# --- toolchains that apt cannot give us in a usable version -----------------
command -v go >/dev/null || die "Go $(awk '/^go /{print $2}' go.mod) or newer is required: https://go.dev/dl/"
# go.mod's go line is the oldest Go that builds Hum; an older one would try to
# download a newer toolchain, which fails on a machine without that access.
go_need=$(awk '/^go /{print $2}' go.mod)
go_have=$(GOTOOLCHAIN=local go env GOVERSION | sed 's/^go//')
[[ "$(printf '%s\n%s\n' "$go_need" "$go_have" | sort -V | head -1)" == "$go_need" ]] \
  || die "Go $go_have is too old: go.mod needs Go $go_need or newer"
command -v node >/dev/null || die "Node.js 20.19 or newer (with npm) is required: https://nodejs.org/"
node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a==20&&b>=19)?0:1)' \
  || die "Node.js $(node --version) is too old: Vite 8 needs 20.19 or newer"

# --- system packages ----------------------------------------------------------
build_pkgs=(gcc pkg-config libgtk-3-dev)
package_pkgs=(nsis imagemagick) # makensis for the Windows installer, convert for the icons
test_pkgs=(xvfb xauth x11-utils xdotool chromium dbus dbus-x11 dunst file procps rpm 7zip python3-gi gir1.2-gtk-3.0 xdg-utils libglib2.0-bin)
# make test-windows runs the Windows test binaries under Wine; mingw-w64
# builds the one-function DLL Go's runtime needs there (scripts/wine/).
test_pkgs+=(wine64 gcc-mingw-w64-x86-64)

missing_pkgs() {
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || echo "$p"
  done
}

if command -v dpkg-query >/dev/null && command -v apt-get >/dev/null; then
  # WebKitGTK: 4.0 where the distribution still has it (Debian 12, Ubuntu 22.04),
  # 4.1 where it is the only one (Ubuntu 24.04+); the build then needs -tags webkit2_41.
  apt_updated=0
  apt_update() {
    if [[ $apt_updated == 0 ]]; then
      say "apt-get update"
      $SUDO apt-get update -qq
      apt_updated=1
    fi
  }
  SUDO=""
  if [[ $(id -u) != 0 ]]; then
    command -v sudo >/dev/null || die "not root and no sudo: install the packages listed above as root"
    SUDO="sudo"
  fi
  if [[ -z $(missing_pkgs libwebkit2gtk-4.0-dev) ]]; then
    webkit=libwebkit2gtk-4.0-dev
  elif [[ -z $(missing_pkgs libwebkit2gtk-4.1-dev) ]]; then
    webkit=libwebkit2gtk-4.1-dev
  else
    apt_update
    if apt-cache policy libwebkit2gtk-4.0-dev 2>/dev/null | grep -q 'Candidate: [0-9]'; then
      webkit=libwebkit2gtk-4.0-dev
    else
      webkit=libwebkit2gtk-4.1-dev
    fi
  fi
  pkgs=("${build_pkgs[@]}" "$webkit")
  [[ $want_package == 1 ]] && pkgs+=("${package_pkgs[@]}")
  [[ $want_test == 1 ]] && pkgs+=("${test_pkgs[@]}")
  mapfile -t missing < <(missing_pkgs "${pkgs[@]}")
  if ((${#missing[@]})); then
    apt_update
    say "installing ${missing[*]}"
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
else
  cat >&2 <<'MSG'
bootstrap: this is not a Debian/Ubuntu system, so nothing was installed. Hum needs:
  Linux (Fedora):  gtk3-devel webkit2gtk4.0-devel (or webkit2gtk4.1-devel, build with -tags webkit2_41) gcc pkg-config
  Linux (Arch):    gtk3 webkit2gtk base-devel
  macOS:           Xcode command line tools (xcode-select --install)
  Windows:         the WebView2 runtime (preinstalled on Windows 10/11); no C compiler is needed
  Packages need:   NSIS, ImageMagick
  Tests also use:  Xvfb, xauth, xdotool, Chromium, dbus, file, Wine (64-bit), mingw-w64 gcc
MSG
  pkg-config --exists gtk+-3.0 2>/dev/null || exit 1
fi

# --- Go modules and the pinned Wails CLI (a Go tool of this module) ---------
go mod download
go tool wails version >/dev/null 2>&1 || die "the Wails CLI (go tool wails) does not build"

# --- npm packages, reinstalled only when the lock file changed ---------------
npm_ci() { # dir
  local dir=$1
  if [[ ! -f $dir/node_modules/.package-lock.json || $dir/package-lock.json -nt $dir/node_modules/.package-lock.json ]]; then
    say "npm ci in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}
npm_ci frontend
[[ $want_test == 1 ]] && npm_ci tests/e2e
say "ready"
