#!/usr/bin/env bash
# Tests Hum's installers (what `make test-package` runs; `make test` calls it):
#   - the release workflow is valid YAML that names each artifact (go test ./scripts/)
#   - scripts/package.sh builds the .deb, .rpm, hum.exe and the NSIS installer
#   - the .deb and .rpm hold the binary, .desktop entry and hicolor icons, and
#     depend on the WebKitGTK the binary was built against
#   - dpkg -i installs the .deb; `hum --version` from /usr/bin matches the build
#   - the installed app opens its window under Xvfb (screenshot:
#     tests/e2e/out/docs/screenshots/installed-linux.png, or
#     docs/screenshots/ with HUM_UPDATE_DOCS=1, as `make docs` sets), and a second launch hands over to
#     it (single instance) instead of opening another window
#   - dpkg -r removes the binary, the .desktop entry and every icon
#   - the NSIS installer is a PE32 of plausible size holding hum.exe, the
#     uninstaller and the WebView2 bootstrapper
# It prints "N passed, M failed" last and exits non-zero on any failure.
#
# Needs (scripts/bootstrap.sh --test): xvfb xauth x11-utils xdotool imagemagick
# dbus nsis file rpm 7zip, and root or sudo for dpkg. Never leaves the package
# installed or a process it started running, whatever happens.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
work=$root/.cache/test-package # fixed path: the screenshot shows the folder, keep it stable
# Like the e2e tests: docs/ only when asked (HUM_UPDATE_DOCS=1, make docs).
if [[ ${HUM_UPDATE_DOCS:-} == 1 ]]; then screenshot=docs/screenshots/installed-linux.png; else screenshot=tests/e2e/out/docs/screenshots/installed-linux.png; fi
mkdir -p "$(dirname "$screenshot")"
results=$work/results

# --- reporting ------------------------------------------------------------
# Checks append "ok NAME" / "FAIL NAME: DETAIL" to $results (the GUI part runs
# in a child under xvfb-run, so counting happens once, at the end).
pass() { echo "ok $1" >>"$results"; printf '  \033[32mok\033[0m    %s\n' "$1"; }
fail() {
  echo "FAIL $1: ${2:-}" >>"$results"
  printf '  \033[31mFAIL\033[0m  %s\n' "$1"
  [[ -z ${2:-} ]] || printf '%s\n' "$2" | sed 's/^/        /' | tail -n 8
}
# check NAME COMMAND...: passes when COMMAND exits 0; shows its output if not.
check() {
  local name=$1 out
  shift
  if out=$("$@" 2>&1); then pass "$name"; else fail "$name" "$out"; fi
}
# expect NAME GOT WANT
expect() {
  if [[ $2 == "$3" ]]; then pass "$1"; else fail "$1" "got '$2', want '$3'"; fi
}
# wait_for SECONDS COMMAND...: polls COMMAND every 0.5 s until it succeeds.
wait_for() {
  local deadline=$((SECONDS + $1))
  shift
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || return 1
    sleep 0.5
  done
}
alive() { [[ -d /proc/$1 ]] && [[ $(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) != Z ]]; }
# stop_group PID: SIGTERM to the process group PID leads (we start the app
# with setsid), SIGKILL if it is still there 30 s later (generous: a loaded
# CI machine once took over 10 s to tear the window down). Returns 1 when
# SIGTERM alone did not stop it. Only groups we made.
stop_group() {
  local pid=$1
  alive "$pid" || return 0
  kill -TERM -- "-$pid" 2>/dev/null
  wait_for 30 gone "$pid" && return 0
  kill -KILL -- "-$pid" 2>/dev/null
  wait_for 10 gone "$pid" || true
  return 1
}
gone() { ! alive "$1"; }
visible_windows() { xdotool search --onlyvisible --name '^Hum' 2>/dev/null; }

# --- the GUI part, run by the outer part under xvfb-run and dbus-run-session --
if [[ ${1:-} == --gui ]]; then
  app=/usr/bin/hum
  export NO_AT_BRIDGE=1 # no accessibility bus daemons left behind by WebKit
  project=$work/project
  trap '[[ -n ${pid:-} ]] && stop_group "$pid" || true' EXIT
  cd "$project" || exit 1
  setsid "$app" >"$work/app.log" 2>&1 &
  pid=$!
  echo "$pid" >"$work/app.pid"

  if wait_for 60 visible_windows && alive "$pid"; then
    pass "the installed app opens its window"
  else
    fail "the installed app opens its window" "$(tail -n 20 "$work/app.log")"
    exit 0
  fi
  wid=$(visible_windows | head -n 1)
  # GTK names the window class after the binary; the .desktop entry's
  # StartupWMClass must match it for docks to group the window with its icon.
  wm_class=$(xprop -id "$wid" WM_CLASS 2>&1)
  if [[ $wm_class == *'"hum"'* ]] && grep -qx 'StartupWMClass=hum' /usr/share/applications/hum.desktop; then
    pass "window class matches the .desktop StartupWMClass"
  else
    fail "window class matches the .desktop StartupWMClass" "$wm_class"
  fi

  # The window first shows a plain background; the UI has rendered once the
  # window holds text, whose anti-aliasing alone makes hundreds of colours (a
  # blank page has one to three).
  shot=$work/shot.png
  rendered() {
    import -window "$wid" "$shot" && (($(identify -format '%k' "$shot") > 100))
  }
  if ! wait_for 45 rendered; then
    fail "the window renders the UI" "the window stayed blank; last capture $shot; log: $(tail -n 5 "$work/app.log")"
  # -strip: no timestamps, so an unchanged screen gives an unchanged file.
  elif mkdir -p "$root/${screenshot%/*}" && convert "$shot" -strip "$root/$screenshot"; then
    pass "the window renders the UI (screenshot $screenshot)"
  else
    fail "the window renders the UI" "cannot write $screenshot"
  fi

  # Single instance: a second launch with a folder hands it to the running
  # app (Wails then ends the second process, with status 1) and opens no
  # second window.
  second_dir=$work/second-project
  (cd "$second_dir" && timeout 30 "$app" "$second_dir" >"$work/second.log" 2>&1)
  status=$?
  windows=$(visible_windows | wc -l)
  if [[ $status != 124 ]] && alive "$pid" && [[ $windows == 1 ]]; then
    pass "a second launch hands over to the running window"
  else
    fail "a second launch hands over to the running window" \
      "second launch exit $status (124: still running after 30 s), first alive: $(alive "$pid" && echo yes || echo no), visible windows: $windows; $(tail -n 5 "$work/second.log")"
  fi

  t0=$SECONDS
  if stop_group "$pid"; then pass "the app stops on SIGTERM ($((SECONDS - t0)) s)"
  else fail "the app stops on SIGTERM" "pid $pid still running 30 s after SIGTERM (killed)"; fi
  exit 0
fi

# --- the outer part -------------------------------------------------------
SUDO=
[[ $(id -u) == 0 ]] || SUDO=sudo
installed_by_us=0
cleanup() {
  # The GUI child stops its app itself; this catches a child killed early.
  if [[ -s $work/app.pid ]]; then stop_group "$(cat "$work/app.pid")" || true; fi
  if [[ $installed_by_us == 1 ]]; then $SUDO dpkg -r hum >/dev/null 2>&1; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

rm -rf "$work"
mkdir -p "$work/project" "$work/second-project"
: >"$results"
# A small project, so the window has something to show.
cat >"$work/project/package.json" <<'EOF'
{
  "name": "demo-shop",
  "private": true,
  "scripts": {
    "dev": "node -e \"setInterval(() => console.log('tick'), 1000)\"",
    "build": "node -e \"console.log('built')\"",
    "test": "node -e \"console.log('ok')\""
  }
}
EOF
printf 'web: node -e "setInterval(()=>{},1000)"\n' >"$work/second-project/Procfile"

start=$SECONDS
echo "release workflow"
check "release.yml is valid YAML and names each artifact" go test -count=1 ./scripts/

echo "build (scripts/package.sh)"
if ! scripts/package.sh linux windows >"$work/package.log" 2>&1; then
  fail "scripts/package.sh builds every artifact" "$(tail -n 20 "$work/package.log")"
  echo "$(grep -c '^ok ' "$results") passed, $(grep -c '^FAIL ' "$results") failed"
  exit 1
fi
pass "scripts/package.sh builds every artifact ($((SECONDS - start)) s)"
version=$(cat dist/VERSION)
shopt -s nullglob
debs=(dist/hum_*.deb) rpms=(dist/hum-*.rpm) installers=(dist/hum-*-windows-amd64-installer.exe)
expect "one .deb" "${#debs[@]}" 1
expect "one .rpm" "${#rpms[@]}" 1
expect "one NSIS installer" "${#installers[@]}" 1
deb=${debs[0]:-dist/missing.deb} rpm=${rpms[0]:-dist/missing.rpm} installer=${installers[0]:-dist/missing-installer.exe}

# What each package must hold, and the WebKitGTK it must depend on.
files=(/usr/bin/hum /usr/share/applications/hum.desktop)
for s in 16 24 32 48 64 128 256 512; do files+=("/usr/share/icons/hicolor/${s}x$s/apps/hum.png"); done
if [[ $(scripts/tags.sh) == *webkit2_41* ]]; then
  deb_webkit=libwebkit2gtk-4.1-0 rpm_webkit=webkit2gtk4.1
else
  deb_webkit=libwebkit2gtk-4.0-37 rpm_webkit=webkit2gtk4.0
fi
# holds LISTING: every expected file is in the listing.
holds() {
  local f missing=()
  for f in "${files[@]}"; do grep -qE "^\.?$f\$" <<<"$1" || missing+=("$f"); done
  ((${#missing[@]} == 0)) || { echo "missing: ${missing[*]}"; return 1; }
}

echo ".deb"
check ".deb holds the binary, .desktop entry and 8 hicolor icons" holds "$(dpkg-deb --fsys-tarfile "$deb" | tar -t | sed 's#^\./#/#')"
depends=$(dpkg-deb --field "$deb" Depends)
if [[ $depends == *"$deb_webkit"* && $depends == *libgtk-3-0* ]]; then
  pass ".deb depends on $deb_webkit and GTK 3"
else
  fail ".deb depends on $deb_webkit and GTK 3" "Depends: $depends"
fi

echo ".rpm"
if command -v rpm >/dev/null; then
  check ".rpm holds the binary, .desktop entry and 8 hicolor icons" holds "$(rpm -qpl "$rpm" 2>/dev/null)"
  check ".rpm requires $rpm_webkit" grep -qx "$rpm_webkit" <<<"$(rpm -qp --requires "$rpm" 2>/dev/null)"
  expect ".rpm version is the .deb version" "$(rpm -qp --qf '%{VERSION}' "$rpm" 2>/dev/null)" "$(dpkg-deb --field "$deb" Version)"
else
  fail ".rpm contents" "rpm is not installed (scripts/bootstrap.sh --test installs it)"
fi

echo "install"
if dpkg-query -W -f='${Status}' hum 2>/dev/null | grep -q 'install ok installed'; then
  # A previous run that was killed before its cleanup: start from nothing.
  $SUDO dpkg -r hum >/dev/null
fi
installed_by_us=1
check "dpkg -i installs the .deb" $SUDO dpkg -i "$deb"
check "dpkg lists the binary, .desktop entry and icons" holds "$(dpkg -L hum 2>/dev/null)"
# No DISPLAY: if --version fell through to the window, GTK would fail fast.
got=$(env -u DISPLAY -u WAYLAND_DISPLAY timeout 10 /usr/bin/hum --version 2>&1 | head -n 1)
got=${got#hum } got=${got#Hum } got=${got#version } got=${got#v}
expect "/usr/bin/hum --version prints the build version" "$got" "$version"

echo "installed app under Xvfb"
rm -f "$work/app.pid"
timeout 240 xvfb-run -a -s "-screen 0 1280x900x24" dbus-run-session -- "$root/scripts/test-package.sh" --gui 2>>"$work/gui.log" ||
  fail "the GUI checks ran to the end" "$(tail -n 10 "$work/gui.log")"

echo "uninstall"
check "dpkg -r removes the package" $SUDO dpkg -r hum
installed_by_us=0
left=()
for f in "${files[@]}"; do [[ -e $f ]] && left+=("$f"); done
expect "no file of the package is left behind" "${left[*]}" ""
expect "dpkg no longer knows hum" "$(dpkg-query -W -f='${Status}' hum 2>/dev/null | grep -c 'installed')" 0

echo "Windows"
check "the NSIS installer is a PE32 Nullsoft installer" grep -q 'PE32 executable.*Nullsoft Installer' <<<"$(file -b "$installer")"
size=$(stat -c %s "$installer")
# hum.exe compresses to ~4.5 MB and the WebView2 bootstrapper adds ~1.7 MB.
if ((size > 4 * 1024 * 1024 && size < 80 * 1024 * 1024)); then
  pass "the installer's size is plausible ($((size / 1024)) KiB)"
else
  fail "the installer's size is plausible" "$size bytes, want 4 MiB to 80 MiB"
fi
listing=$(7zz l "$installer" 2>&1)
for want in hum.exe uninstall.exe MicrosoftEdgeWebview2Setup.exe; do
  check "the installer holds $want" grep -q "$want\$" <<<"$listing"
done
check "hum.exe is a 64-bit Windows GUI program" grep -q 'PE32+ executable (GUI) x86-64' <<<"$(file -b dist/hum-"$version"-windows-amd64.exe)"

passed=$(grep -c '^ok ' "$results")
failed=$(grep -c '^FAIL ' "$results")
echo "test-package took $((SECONDS - start)) s"
echo "$passed passed, $failed failed"
((failed == 0))
