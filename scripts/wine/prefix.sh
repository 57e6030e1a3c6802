# shellcheck shell=bash
# Hum's private Wine prefix, sourced by scripts/test-windows.sh (the core's
# tests under Wine) and scripts/test-package.sh (the NSIS installer under
# Wine). Call wine_prefix ROOT: it finds wine64 and wineserver, exports the
# environment every Wine run here uses, makes ROOT/.cache/wine/prefix on
# first use (wineboot, about 15 s; never ~/.wine) and puts the ProcessPrng
# shim into its system32. It sets $wine, $wineserver and $wine_prep (the
# seconds it took), or sets $wine_error to why not and returns 1.
#
# Go 1.24+ programs abort at start under Wine 8 because it has no
# bcryptprimitives.dll (ProcessPrng); scripts/wine/bcryptprimitives.c is that
# one function, built with mingw-w64.
#
# Needs (scripts/bootstrap.sh --test): wine64, gcc-mingw-w64-x86-64.
wine_prefix() {
  local root=$1 start=$SECONDS
  wine_error=
  wine=/usr/lib/wine/wine64
  [[ -x $wine ]] || wine=$(command -v wine64 || true)
  [[ -n $wine && -x $wine ]] || { wine_error="wine64 is not installed (scripts/bootstrap.sh --test installs it)"; return 1; }
  wineserver=$(dirname "$wine")/wineserver
  [[ -x $wineserver ]] || wineserver=$(command -v wineserver || true)
  [[ -n $wineserver ]] || { wine_error="wineserver is not installed"; return 1; }
  command -v x86_64-w64-mingw32-gcc >/dev/null || { wine_error="x86_64-w64-mingw32-gcc is not installed (scripts/bootstrap.sh --test installs gcc-mingw-w64-x86-64)"; return 1; }

  local cache=$root/.cache/wine
  export WINEPREFIX=$cache/prefix
  export WINEDEBUG=-all
  # No Mono or Gecko install prompt (nothing here uses .NET or MSHTML), no
  # window-system driver (nothing here needs a display: the installer runs
  # silently), and no menu builder, which would write .desktop and MIME files
  # into ~/.local/share (the installer's Start-menu shortcut would be one):
  # nothing of Wine's leaves the prefix.
  export WINEDLLOVERRIDES="mscoree,mshtml=;winex11.drv,winewayland.drv=;winemenubuilder.exe=d"
  export WINEARCH=win64
  unset DISPLAY WAYLAND_DISPLAY
  mkdir -p "$cache"

  if [[ ! -f $WINEPREFIX/system.reg ]]; then
    printf '\033[1mwine:\033[0m creating the Wine prefix %s (first run only)\n' "$WINEPREFIX" >&2
    rm -rf "$WINEPREFIX"
    # wineboot prints a line about syswow64 (no 32-bit Wine here): not a failure.
    "$wine" wineboot --init >"$cache/wineboot.log" 2>&1 || { wine_error="wineboot failed: $(tail -n 5 "$cache/wineboot.log")"; return 1; }
    "$wineserver" -w
  fi
  # A new prefix says Windows 7, which the installer refuses (its
  # wails.checkArchitecture wants Windows 10 or later, else exit code 64)
  # and Go 1.21+ no longer supports. system.reg is the prefix's HKLM, as text.
  if ! grep -q '^"CurrentMajorVersionNumber"=dword:0000000a' "$WINEPREFIX/system.reg"; then
    "$wine" winecfg /v win10 >/dev/null 2>&1 && "$wineserver" -w || { wine_error="winecfg /v win10 failed"; return 1; }
  fi
  local dll_src=$root/scripts/wine/bcryptprimitives.c dll=$cache/bcryptprimitives.dll
  if [[ ! -f $dll || $dll_src -nt $dll ]]; then
    x86_64-w64-mingw32-gcc -O2 -shared -s -o "$dll" "$dll_src" -ladvapi32 || { wine_error="cannot build $dll"; return 1; }
  fi
  cmp -s "$dll" "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll" \
    || cp "$dll" "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll"
  # shellcheck disable=SC2034 # read by the scripts that source this file
  wine_prep=$((SECONDS - start))
}
