package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"hum/backend/config"
)

const installerScript = "build/windows/installer/project.nsi"

// section returns the lines of the NSIS section or function that starts
// with the line start, up to its end keyword.
func section(t *testing.T, script, start, end string) []string {
	t.Helper()
	var out []string
	in := false
	for _, line := range strings.Split(script, "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == start:
			in = true
		case in && line == end:
			return out
		case in && line != "" && !strings.HasPrefix(line, "#"):
			out = append(out, line)
		}
	}
	require.True(t, in, "%s has no %q", installerScript, start)
	t.Fatalf("%s: %q has no %q", installerScript, start, end)
	return nil
}

func TestInstallerStartsHumAsTheUser(t *testing.T) {
	b, err := os.ReadFile(installerScript)
	require.NoError(t, err)
	script := string(b)

	// MUI_FINISHPAGE_RUN "path" runs the path from the elevated installer.
	direct := regexp.MustCompile(`(?m)^[ \t]*!define[ \t]+MUI_FINISHPAGE_RUN[ \t]+\S`)
	assert.False(t, direct.MatchString(script), "the finish page must not start hum.exe itself: it would run elevated")
	assert.Regexp(t, `(?m)^\s*!define\s+MUI_FINISHPAGE_RUN_FUNCTION\s+StartHumAsUser\s*$`, script)
	body := section(t, script, "Function StartHumAsUser", "FunctionEnd")
	assert.Equal(t, []string{`Exec '"$WINDIR\explorer.exe" "$INSTDIR\${PRODUCT_EXECUTABLE}"'`}, body,
		"Hum starts through the user's unelevated shell: got %q", body)
}

func TestUninstallerCleansTheUsersFolders(t *testing.T) {
	t.Setenv("HUM_CONFIG_DIR", "")
	t.Setenv("HOME", t.TempDir())
	t.Setenv("XDG_CONFIG_HOME", "")
	t.Setenv("AppData", t.TempDir())
	dir, err := config.Dir()
	require.NoError(t, err)
	configFolder := filepath.Base(dir) // %AppData%\hum on Windows

	b, err := os.ReadFile(installerScript)
	require.NoError(t, err)
	lines := section(t, string(b), `Section "uninstall"`, "SectionEnd")

	// wails.setShellContext selects all users (the installer is admin),
	// where $AppData is ProgramData; the user's folders need "current".
	context := ""
	removed := map[string]bool{}
	for _, line := range lines {
		switch {
		case line == "!insertmacro wails.setShellContext":
			context = "all"
		case line == "SetShellVarContext current":
			context = "current"
		case strings.Contains(line, "$AppData") && strings.HasPrefix(line, "RMDir"):
			assert.Equal(t, "current", context, "%q must run in the user's context, not all users'", line)
			removed[line] = true
		}
	}
	assert.True(t, removed[`RMDir /r "$AppData\${PRODUCT_EXECUTABLE}"`], "the WebView2 profile (%%AppData%%\\hum.exe) is removed: got %v", removed)
	assert.True(t, removed[`RMDir /r "$AppData\`+configFolder+`"`], "Hum's config folder (%%AppData%%\\%s) is offered for removal: got %v", configFolder, removed)
	assert.Equal(t, "all", context, "the shell context is restored for the rest of the section")
}
