#!/usr/bin/env bash
# Builds Hum's release artifacts into dist/ (what `make package` runs).
#
#   scripts/package.sh                 linux and windows (what this Linux machine can build)
#   scripts/package.sh linux           the Linux binary, .deb and .rpm
#   scripts/package.sh windows         hum.exe and the NSIS installer (cross-compiled from Linux,
#                                      or native on a Windows runner)
#   scripts/package.sh darwin          Hum.app (zipped) and a .dmg; macOS only
#
# The version is `git describe --tags --always --dirty` without the leading v
# (0.0.0-dev outside a git checkout), or HUM_VERSION when set (the release
# workflow sets it from the tag). It reaches the binary through
# -ldflags "-X main.version=…", so `hum --version` prints it.
#
# Each target checks that the files it promises exist: wails exits 0 having
# built nothing when it cannot build (a darwin cross-build; -nsis without
# makensis), so its exit status alone proves nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

say() { printf '\033[1mpackage:\033[0m %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

# --- versions -------------------------------------------------------------
version=${HUM_VERSION:-}
if [[ -z $version ]]; then
  version=$(git describe --tags --always --dirty 2>/dev/null || true)
  version=${version:-0.0.0-dev}
fi
version=${version#v}

# Package managers and Windows resources want more than a free-form string.
# product: X.Y.Z, digits only (VIProductVersion in the NSIS installer).
# pkg: a version dpkg and rpm both accept (rpm allows no '-') and order right:
#   1.2.3                  -> 1.2.3
#   1.2.3-rc1              -> 1.2.3~rc1                   (sorts before 1.2.3)
#   1.2.3-4-gabc1234-dirty -> 1.2.3+git4.gabc1234.dirty   (commits after 1.2.3)
#   6ce623d-dirty          -> 0.0.0+g6ce623d.dirty        (no tag yet)
#   0.0.0-dev              -> 0.0.0~dev
pkg_version_of() { # VERSION
  local v=$1 base=0.0.0 pre= after= dirty= meta
  if [[ $v == *-dirty ]]; then dirty=.dirty v=${v%-dirty}; fi
  if [[ $v =~ ^([0-9]+\.[0-9]+\.[0-9]+)(-(.+))?$ ]]; then
    base=${BASH_REMATCH[1]} pre=${BASH_REMATCH[3]}
  else
    after=g$v # no tag: an abbreviated commit hash
  fi
  if [[ $pre =~ ^(.*-)?([0-9]+)-g([0-9a-f]+)$ ]]; then
    after=git${BASH_REMATCH[2]}.g${BASH_REMATCH[3]} pre=${BASH_REMATCH[1]%-}
  fi
  meta=$after$dirty
  meta=${meta#.}
  echo "$base${pre:+~${pre//-/.}}${meta:++$meta}"
}
pkg_version=$(pkg_version_of "$version")
product=${pkg_version%%[~+]*}
[[ $pkg_version =~ ^[0-9]+\.[0-9]+\.[0-9]+[0-9A-Za-z.+~]*$ ]] || die "cannot make a package version from '$version' (got '$pkg_version')"

# HUM_STAMP_WAILS_JSON=1 (the release workflow, on its throwaway checkout)
# writes the product version into wails.json, which Wails puts into the exe's
# version resource, Info.plist and the installer. Never set it in a working
# tree you commit from.
if [[ ${HUM_STAMP_WAILS_JSON:-} == 1 ]]; then
  say "wails.json info.productVersion = $product"
  node -e '
    const fs = require("fs");
    const j = JSON.parse(fs.readFileSync("wails.json", "utf8"));
    j.info.productVersion = process.argv[1];
    fs.writeFileSync("wails.json", JSON.stringify(j, null, 2) + "\n");
  ' "$product"
fi

mkdir -p dist build/bin
ldflags="-X main.version=$version"

# require FILE...: fail unless each file exists and is not empty.
require() {
  local f
  for f in "$@"; do
    [[ -s $f ]] || die "expected artifact missing or empty: $f (wails log: .cache/package/wails-build.log)"
  done
}

# wails_build ARGS...: the pinned Wails CLI (a Go tool of this module). Never
# regenerates frontend/wailsjs (-skipbindings): packaging must not change
# committed files. Its chatty output goes to a log, shown when it fails.
wails_build() {
  local log=$root/.cache/package/wails-build.log
  mkdir -p "${log%/*}"
  if ! go tool wails build -skipbindings -trimpath -ldflags "$ldflags" "$@" >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    die "wails build $* failed (whole log: ${log#"$root/"})"
  fi
}

# frontend_flag: build the frontend once per run, then skip it (-s).
frontend_built=0
frontend_flag() {
  if [[ $frontend_built == 1 ]]; then echo -s; fi
}

# --- Linux ----------------------------------------------------------------
nfpm_bin=$root/.cache/bin/nfpm
nfpm_module=github.com/goreleaser/nfpm/v2
nfpm_pin=v2.45.2 # pinned: @latest did not install on the machines Hum is built on; v2.45.2 does
ensure_nfpm() {
  if [[ -x $nfpm_bin ]] && go version -m "$nfpm_bin" 2>/dev/null | grep -q "mod[[:space:]]*$nfpm_module[[:space:]]*$nfpm_pin"; then
    return
  fi
  say "installing nfpm $nfpm_pin into .cache/bin"
  GOBIN=$root/.cache/bin go install "$nfpm_module/cmd/nfpm@$nfpm_pin"
}

package_linux() {
  [[ $(uname -s) == Linux ]] || die "the linux target builds on Linux only"
  local arch tags deb_webkit rpm_webkit
  arch=$(go env GOARCH)
  tags=$(scripts/tags.sh)
  # The package depends on the WebKitGTK the binary links against.
  if [[ $tags == *webkit2_41* ]]; then
    deb_webkit=libwebkit2gtk-4.1-0 rpm_webkit=webkit2gtk4.1
  else
    pkg-config --exists webkit2gtk-4.0 || die "neither webkit2gtk-4.0 nor webkit2gtk-4.1 is installed: run scripts/bootstrap.sh"
    deb_webkit=libwebkit2gtk-4.0-37 rpm_webkit=webkit2gtk4.0
  fi
  ensure_nfpm

  say "linux/$arch binary $version (WebKitGTK ${rpm_webkit#webkit2gtk})"
  rm -f build/bin/hum
  # shellcheck disable=SC2046 # frontend_flag is one word or nothing
  wails_build $(frontend_flag) ${tags:+-tags "$tags"} -platform "linux/$arch"
  frontend_built=1
  require build/bin/hum

  # Stage the binary and the hicolor icon sizes the .desktop entry's Icon=hum
  # resolves to; nfpm.yaml reads them from here.
  local stage=$root/.cache/package/linux-$arch
  rm -rf "$stage"
  mkdir -p "$stage/icons"
  cp build/bin/hum "$stage/hum"
  local s
  for s in 16 24 32 48 64 128 256 512; do
    convert build/appicon.png -resize "${s}x$s" -depth 8 -define png:color-type=6 "$stage/icons/$s.png"
  done

  rm -f dist/hum_*.deb dist/hum-*.rpm dist/hum-*-linux-*
  cp "$stage/hum" "dist/hum-$version-linux-$arch"
  local rpm_arch=$arch
  case $arch in amd64) rpm_arch=x86_64 ;; arm64) rpm_arch=aarch64 ;; esac
  local deb=dist/hum_${pkg_version}_$arch.deb rpm=dist/hum-$pkg_version.$rpm_arch.rpm
  local format target
  for format in deb rpm; do
    target=$deb; [[ $format == rpm ]] && target=$rpm
    HUM_PKG_VERSION=$pkg_version HUM_ARCH=$arch HUM_STAGE=$stage \
      HUM_DEB_WEBKIT=$deb_webkit HUM_RPM_WEBKIT=$rpm_webkit \
      "$nfpm_bin" package -f build/linux/nfpm.yaml -p "$format" -t "$target" >/dev/null
  done
  require "dist/hum-$version-linux-$arch" "$deb" "$rpm"
}

# --- Windows --------------------------------------------------------------
package_windows() {
  command -v makensis >/dev/null || die "makensis not found (Debian: apt-get install nsis); wails would skip the installer silently"
  say "windows/amd64 exe and NSIS installer $version"
  rm -f build/bin/hum.exe build/bin/hum-amd64-installer.exe
  # shellcheck disable=SC2046 # frontend_flag is one word or nothing
  HUM_PRODUCT_VERSION=$product wails_build $(frontend_flag) -platform windows/amd64 -nsis
  frontend_built=1
  require build/bin/hum.exe build/bin/hum-amd64-installer.exe
  rm -f dist/hum-*-windows-*
  cp build/bin/hum.exe "dist/hum-$version-windows-amd64.exe"
  cp build/bin/hum-amd64-installer.exe "dist/hum-$version-windows-amd64-installer.exe"
}

# --- macOS ----------------------------------------------------------------
package_darwin() {
  # wails cannot cross-build for macOS: it says so and exits 0.
  [[ $(uname -s) == Darwin ]] || die "the darwin target builds on macOS only (wails cannot cross-build it)"
  say "darwin/universal Hum.app and .dmg $version"
  rm -rf build/bin/Hum.app
  # shellcheck disable=SC2046 # frontend_flag is one word or nothing
  wails_build $(frontend_flag) -platform darwin/universal
  frontend_built=1
  require build/bin/Hum.app/Contents/MacOS/hum build/bin/Hum.app/Contents/Info.plist \
    build/bin/Hum.app/Contents/Resources/iconfile.icns

  rm -f dist/hum-*-macos-*
  local zip=dist/hum-$version-macos-universal.app.zip dmg=dist/hum-$version-macos-universal.dmg
  # ditto keeps the bundle's symlinks, modes and extended attributes.
  ditto -c -k --keepParent build/bin/Hum.app "$zip"
  # The disk image holds the app beside a link to /Applications, to drag it to.
  local stage=$root/.cache/package/dmg
  rm -rf "$stage"
  mkdir -p "$stage"
  cp -R build/bin/Hum.app "$stage/"
  ln -s /Applications "$stage/Applications"
  hdiutil create -volname Hum -srcfolder "$stage" -fs HFS+ -format UDZO -ov "$dmg" >/dev/null
  require "$zip" "$dmg"
}

# --- main -----------------------------------------------------------------
targets=("$@")
((${#targets[@]})) || targets=(linux windows)
for t in "${targets[@]}"; do
  case $t in
    linux | windows | darwin) ;;
    *) die "unknown target '$t' (want linux, windows or darwin)" ;;
  esac
done
start=$SECONDS
for t in "${targets[@]}"; do
  "package_$t"
done

echo "$version" >dist/VERSION
# Checksums of everything shipped so far, whichever targets built it
# (macOS has shasum, not sha256sum).
sha256() { if command -v sha256sum >/dev/null; then sha256sum "$@"; else shasum -a 256 "$@"; fi; }
(cd dist && sha256 hum* >SHA256SUMS)
say "done in $((SECONDS - start)) s: version $version (package $pkg_version, product $product)"
ls -l dist >&2
