## A 64-bit installer for the 64-bit app (it installs hum.exe for amd64
## only: wails.checkArchitecture refuses anything else). As a 64-bit process
## it sees the native registry and C:\Program Files without WOW64
## redirection, so $PROGRAMFILES64 and SetRegView 64 below name what they
## say, and it runs under a 64-bit-only Wine (wine64 without wine32), where
## `make test-package` installs and uninstalls it. (This replaces `Unicode
## true`: the amd64 target is Unicode only.) The stubs come with Debian's and Ubuntu's nsis package; the official
## Windows build of NSIS ships x86 stubs only, hence the error below rather
## than makensis's vague "can't change target".
!if ! /FileExists "${NSISDIR}\Stubs\zlib-amd64-unicode"
    !error "Hum's installer is 64-bit (Target amd64-unicode), but this NSIS (${NSISDIR}) has no amd64-unicode stubs: use Debian's or Ubuntu's nsis package (apt-get install nsis), as the release workflow does"
!endif
Target amd64-unicode

####
## Hum's Windows installer. `wails build -platform windows/amd64 -nsis` runs
## makensis on this file from build/windows/installer, after writing
## wails_tools.nsh (from wails.json) and tmp/MicrosoftEdgeWebview2Setup.exe.
## Template replacements don't work in this file: values come from the defines
## below or, when not defined here, from wails_tools.nsh.
##
## To iterate on the installer by hand after one `wails build -nsis`:
##   makensis -DARG_WAILS_AMD64_BINARY=../../bin/hum.exe project.nsi
####

## The exact build version: scripts/package.sh and the release workflow set
## HUM_PRODUCT_VERSION (X.Y.Z, digits only, as VIProductVersion requires) in
## the environment makensis inherits, so the installer and Apps & features
## show the version being shipped rather than the one written in wails.json.
## Unset, NSIS leaves "$%HUM_PRODUCT_VERSION%" unexpanded, which the
## !searchparse below detects.
!define HUM_ENV_VERSION "$%HUM_PRODUCT_VERSION%"
!searchparse /noerrors "${HUM_ENV_VERSION}" "$%" HUM_ENV_VERSION_UNSET
!ifndef HUM_ENV_VERSION_UNSET
    !define INFO_PRODUCTVERSION "${HUM_ENV_VERSION}"
!endif

## The binary is hum.exe (wails.json outputfilename), not the project name.
!define PRODUCT_EXECUTABLE "hum.exe"
## Apps & features key; stays stable across versions so upgrades replace it.
!define UNINST_KEY_NAME "Hum"

!include "wails_tools.nsh"

# Windows wants four numeric parts here.
VIProductVersion "${INFO_PRODUCTVERSION}.0"
VIFileVersion    "${INFO_PRODUCTVERSION}.0"

VIAddVersionKey "CompanyName"     "${INFO_COMPANYNAME}"
VIAddVersionKey "FileDescription" "${INFO_PRODUCTNAME} Installer"
VIAddVersionKey "ProductVersion"  "${INFO_PRODUCTVERSION}"
VIAddVersionKey "FileVersion"     "${INFO_PRODUCTVERSION}"
VIAddVersionKey "LegalCopyright"  "${INFO_COPYRIGHT}"
VIAddVersionKey "ProductName"     "${INFO_PRODUCTNAME}"

# Crisp text on high-DPI screens. https://nsis.sourceforge.io/Reference/ManifestDPIAware
ManifestDPIAware true

!include "MUI.nsh"

!define MUI_ICON "..\icon.ico"
!define MUI_UNICON "..\icon.ico"
!define MUI_ABORTWARNING
# Offer to start Hum from the last page, as the user: the installer runs
# elevated, and a Hum it started directly would be elevated too, running
# every project command as administrator. StartHumAsUser goes through the
# user's own shell instead.
!define MUI_FINISHPAGE_RUN
!define MUI_FINISHPAGE_RUN_TEXT "Start ${INFO_PRODUCTNAME}"
!define MUI_FINISHPAGE_RUN_FUNCTION StartHumAsUser

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "English"

Name "${INFO_PRODUCTNAME}"
# Lower-case and fixed, so scripts can find it: build/bin/hum-amd64-installer.exe.
OutFile "..\..\bin\hum-${ARCH}-installer.exe"
InstallDir "$PROGRAMFILES64\${INFO_PRODUCTNAME}"
# A reinstall or upgrade goes where the previous install went.
InstallDirRegKey HKLM "${UNINST_KEY}" "InstallLocation"
ShowInstDetails show
ShowUninstDetails show

Function .onInit
    !insertmacro wails.checkArchitecture
FunctionEnd

# explorer.exe is the user's unelevated shell, already running: asked to
# open a program, it starts it with the user's own token, not the
# installer's elevated one.
Function StartHumAsUser
    Exec '"$WINDIR\explorer.exe" "$INSTDIR\${PRODUCT_EXECUTABLE}"'
FunctionEnd

Section
    !insertmacro wails.setShellContext

    # Skipped when the WebView2 runtime is there: it reads EdgeUpdate's key
    # by its explicit WOW6432Node path in the 64-bit view, which names the
    # same key from a 64-bit installer as from a 32-bit one. Otherwise it
    # runs Microsoft's bootstrapper (a 32-bit program, which a 64-bit
    # installer starts like any other) and waits for it.
    !insertmacro wails.webview2runtime

    SetOutPath $INSTDIR

    !insertmacro wails.files

    # Start-menu entry (all users: the installer runs as admin).
    CreateShortcut "$SMPROGRAMS\${INFO_PRODUCTNAME}.lnk" "$INSTDIR\${PRODUCT_EXECUTABLE}"

    # Writes uninstall.exe and the Apps & features entry.
    !insertmacro wails.writeUninstaller
    SetRegView 64
    WriteRegStr HKLM "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
SectionEnd

Section "uninstall"
    !insertmacro wails.setShellContext

    Delete "$INSTDIR\${PRODUCT_EXECUTABLE}"
    Delete "$SMPROGRAMS\${INFO_PRODUCTNAME}.lnk"

    # What Hum keeps per user lives in the user's own %APPDATA%, but the
    # all-users context above points $AppData at ProgramData. Switch to the
    # user who runs the uninstaller for these two folders.
    SetShellVarContext current
    # The WebView2 profile (cache, local storage): Wails keeps it in
    # %APPDATA%\hum.exe, named after the executable.
    RMDir /r "$AppData\${PRODUCT_EXECUTABLE}"
    # Hum's own config (recent projects, favourites, settings), in
    # %APPDATA%\hum (os.UserConfigDir()/hum): the user's data, so removed
    # only when they say so; a silent uninstall keeps it.
    MessageBox MB_YESNO|MB_ICONQUESTION "Also remove your Hum settings, recent projects and favourites ($AppData\hum)?" /SD IDNO IDNO keep_config
        RMDir /r "$AppData\hum"
    keep_config:
    !insertmacro wails.setShellContext

    # Removes uninstall.exe and the Apps & features entry.
    !insertmacro wails.deleteUninstaller

    # Only if empty: never delete what the user put in the install folder.
    RMDir $INSTDIR
SectionEnd
