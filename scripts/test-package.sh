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
#   - the NSIS installer is a 64-bit (amd64) NSIS installer of plausible size
#     holding hum.exe, the uninstaller and the WebView2 bootstrapper
#   - under Wine (the private prefix of scripts/wine/prefix.sh) the installer
#     runs silently (/S) and installs hum.exe, the uninstaller, the Start-menu
#     shortcut and the Apps & features entry (64-bit view); the uninstaller
#     (/S) removes them and the WebView2 profile, and keeps the user's config;
#     /D= picks the folder, and an upgrade stays in it
# It prints "N passed, M failed" last and exits non-zero on any failure.
#
# Needs (scripts/bootstrap.sh --test): xvfb xauth x11-utils xdotool imagemagick
# dbus nsis file rpm 7zip wine64 gcc-mingw-w64-x86-64, and root or sudo for dpkg. Never leaves the package
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

# --- the Windows installer under Wine --------------------------------------
# In the private prefix of scripts/wine/prefix.sh (shared with make
# test-windows): the installer with /S into its default folder, the
# uninstaller with /S; then into a folder given with /D=, an upgrade over it,
# and its uninstaller. About 20 s with the prefix made; its first creation
# adds about 13 s. Wine is 64-bit only here (wine64, no wine32), which is
# why the installer is an amd64 NSIS target.
wine_used=0
# wine_run NAME PROGRAM ARGS...: runs a Windows program in the prefix and
# waits for every process in it to end (an uninstaller hands over to a copy
# of itself in %TEMP% and exits at once; the server exits a few seconds
# after the last process). Passes NAME when the program exits 0, fails it
# with the exit code and output if not, and returns non-zero then.
wine_run() {
  local name=$1 t0=$SECONDS out rc
  shift
  out=$(timeout --kill-after=10 120 "$wine" "$@" 2>&1)
  rc=$?
  if ! timeout 60 "$wineserver" -w; then
    "$wineserver" -k
    fail "$name" "exit $rc, and Windows processes still ran 60 s after it; killed them"
    return 1
  fi
  if [[ $rc != 0 ]]; then
    # From the installer, 64: Windows older than 10; 65: not amd64
    # (wails.checkArchitecture). 124: timed out.
    fail "$name" "exit $rc; $out"
    return 1
  fi
  pass "$name ($((SECONDS - t0)) s)"
}

wine_installer() {
  # shellcheck source=scripts/wine/prefix.sh
  . "$root/scripts/wine/prefix.sh"
  if ! wine_prefix "$root"; then
    fail "a Wine prefix to run the installer in" "$wine_error"
    return
  fi
  # wine64 alone "runs" a 32-bit program by exiting 0 having done nothing
  # (it has no 32-bit loader): say so rather than report missing files.
  if ! file -b "$installer" | grep -q 'PE32+ executable.*x86-64'; then
    fail "the installer runs under Wine" "$installer is not a 64-bit program ($(file -b "$installer" | cut -d, -f1)); wine64 without wine32 cannot run it (build/windows/installer/project.nsi: Target amd64-unicode)"
    return
  fi
  wine_used=1
  local t_all=$SECONDS
  local c=$WINEPREFIX/drive_c
  local dir=$c/Program\ Files/Hum win_dir='C:\Program Files\Hum'
  local own=$c/Tools/Hum own_win='C:\Tools\Hum'
  local lnk=$c/ProgramData/Microsoft/Windows/Start\ Menu/Programs/Hum.lnk
  local key='HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall\Hum'
  local exe=$root/dist/hum-$version-windows-amd64.exe
  # Wine's user profile is named after the Unix user.
  local appdata
  appdata=$c/users/$(id -un)/AppData/Roaming
  [[ -d $appdata ]] || { fail "the prefix has the user's AppData folder" "no $appdata"; return; }

  # What a run killed halfway may have left, so this run starts from nothing.
  rm -rf "$dir" "$c/Tools" "$lnk" "$appdata/hum" "$appdata/hum.exe"
  "$wine" reg delete "$key" /f /reg:64 >/dev/null 2>&1
  # WebView2 counts as installed (the key Edge's updater writes), so the
  # installer skips Microsoft's bootstrapper: a 32-bit program that Wine
  # without wine32 cannot start, and one that downloads the runtime.
  local webview2='HKLM\SOFTWARE\WOW6432Node\Microsoft\EdgeUpdate\Clients\{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}'
  "$wine" reg add "$webview2" /v pv /d 120.0.0.0 /f /reg:64 >/dev/null 2>&1 \
    || { fail "the WebView2 registry key is seeded" "wine reg add $webview2 failed"; return; }
  # A user's Hum config and WebView2 profile, as a Hum run leaves them.
  local settings='{"recent":["C:\\work\\shop"]}'
  mkdir -p "$appdata/hum" "$appdata/hum.exe/EBWebView"
  printf '%s\n' "$settings" >"$appdata/hum/settings.json"
  echo '{}' >"$appdata/hum.exe/EBWebView/Local State"

  local entry
  # value VALUE: the data of one value of the uninstall entry read last.
  value() { awk -v v="$1" '$1 == v { sub(/^ *[^ ]+ +REG_[A-Z_]+ +/, ""); print }' <<<"$entry"; }
  read_entry() { entry=$("$wine" reg query "$key" /reg:64 2>&1 | tr -d '\r'); }

  wine_run "the installer runs silently under Wine (/S)" "$root/$installer" /S || return
  check "it installs hum.exe into C:\\Program Files\\Hum, the build's own" cmp "$dir/hum.exe" "$exe"
  check "it writes the uninstaller" test -s "$dir/uninstall.exe"
  check "it creates the Start-menu shortcut (all users)" test -s "$lnk"
  read_entry
  expect "the Apps & features entry names Hum" "$(value DisplayName)" Hum
  expect "the entry's install location is the folder" "$(value InstallLocation)" "$win_dir"
  expect "the entry's quiet uninstall command" "$(value QuietUninstallString)" "\"$win_dir\\uninstall.exe\" /S"
  check "the entry's version is the build's (X.Y.Z)" grep -qE '^[0-9]+\.[0-9]+\.[0-9]+$' <<<"$(value DisplayVersion)"
  # A 64-bit installer writes the native view; a 32-bit one, with SetRegView
  # 64 forgotten, would land in WOW6432Node, where Windows' 64-bit Apps &
  # features does not look.
  check "the entry is in the 64-bit registry view only" \
    bash -c '! "$1" reg query "$2" /reg:32 >/dev/null 2>&1' _ "$wine" "$key"

  wine_run "the uninstaller runs silently (/S)" "$win_dir\\uninstall.exe" /S || return
  local left=() f
  for f in "$dir/hum.exe" "$dir/uninstall.exe" "$dir" "$lnk" "$appdata/hum.exe"; do [[ -e $f ]] && left+=("${f#"$c/"}"); done
  expect "it removes the program, its folder, the shortcut and the WebView2 profile" "${left[*]}" ""
  check "it removes the Apps & features entry" \
    bash -c '! "$1" reg query "$2" /reg:64 >/dev/null 2>&1' _ "$wine" "$key"
  expect "a silent uninstall keeps the user's Hum settings" "$(cat "$appdata/hum/settings.json" 2>&1)" "$settings"

  # NSIS takes /D= last and unquoted; Wine quotes an argument with a space
  # (which NSIS then ignores), so this folder has none.
  wine_run "the installer installs into the folder given with /D=" "$root/$installer" /S "/D=$own_win" || return
  check "hum.exe is in C:\\Tools\\Hum" cmp "$own/hum.exe" "$exe"
  # An upgrade (no /D) goes where the previous install went: InstallDirRegKey.
  wine_run "an upgrade over it runs silently (/S)" "$root/$installer" /S || return
  read_entry
  expect "the upgrade stays in C:\\Tools\\Hum" "$(value InstallLocation)" "$own_win"
  check "nothing lands in C:\\Program Files\\Hum" test ! -e "$dir"
  wine_run "its uninstaller runs silently (/S)" "$own_win\\uninstall.exe" /S || return
  check "it removes C:\\Tools\\Hum" test ! -e "$own"

  rm -rf "$appdata/hum" "$c/Tools"
  "$wine" reg delete "$webview2" /f /reg:64 >/dev/null 2>&1
  timeout 60 "$wineserver" -w || true
  echo "  (Wine: $((SECONDS - t_all)) s, and $wine_prep s for the prefix)"
}

# --- the outer part -------------------------------------------------------
SUDO=
[[ $(id -u) == 0 ]] || SUDO=sudo
installed_by_us=0
cleanup() {
  # The GUI child stops its app itself; this catches a child killed early.
  if [[ -s $work/app.pid ]]; then stop_group "$(cat "$work/app.pid")" || true; fi
  if [[ $installed_by_us == 1 ]]; then $SUDO dpkg -r hum >/dev/null 2>&1; fi
  # Only the server of the prefix we ran (WINEPREFIX), and what runs in it.
  if [[ $wine_used == 1 ]]; then "$wineserver" -k >/dev/null 2>&1; fi
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
timeout 240 xvfb-run -a -s "-screen 0 1280x900x24" dbus-run-session --config-file="$root/backend/dbustest/session.conf" -- "$root/scripts/test-package.sh" --gui 2>>"$work/gui.log" ||
  fail "the GUI checks ran to the end" "$(tail -n 10 "$work/gui.log")"

echo "uninstall"
check "dpkg -r removes the package" $SUDO dpkg -r hum
installed_by_us=0
left=()
for f in "${files[@]}"; do [[ -e $f ]] && left+=("$f"); done
expect "no file of the package is left behind" "${left[*]}" ""
expect "dpkg no longer knows hum" "$(dpkg-query -W -f='${Status}' hum 2>/dev/null | grep -c 'installed')" 0

echo "Windows"
check "the NSIS installer is a 64-bit Windows program" grep -q 'PE32+ executable (GUI) x86-64' <<<"$(file -b "$installer")"
size=$(stat -c %s "$installer")
# hum.exe compresses to ~4.5 MB and the WebView2 bootstrapper adds ~1.7 MB.
if ((size > 4 * 1024 * 1024 && size < 80 * 1024 * 1024)); then
  pass "the installer's size is plausible ($((size / 1024)) KiB)"
else
  fail "the installer's size is plausible" "$size bytes, want 4 MiB to 80 MiB"
fi
listing=$(7zz l "$installer" 2>&1)
check "the installer is a 64-bit NSIS installer (7-Zip: NSIS-3 Unicode 64-bit)" grep -q 'SubType = NSIS-3 Unicode 64-bit' <<<"$listing"
for want in hum.exe uninstall.exe MicrosoftEdgeWebview2Setup.exe; do
  check "the installer holds $want" grep -q "$want\$" <<<"$listing"
done
check "hum.exe is a 64-bit Windows GUI program" grep -q 'PE32+ executable (GUI) x86-64' <<<"$(file -b dist/hum-"$version"-windows-amd64.exe)"

echo "Windows installer under Wine"
wine_installer
if [[ $wine_used == 1 ]]; then timeout 60 "$wineserver" -w || "$wineserver" -k; fi
wine_used=0

passed=$(grep -c '^ok ' "$results")
failed=$(grep -c '^FAIL ' "$results")
echo "test-package took $((SECONDS - start)) s"
echo "$passed passed, $failed failed"
((failed == 0))
