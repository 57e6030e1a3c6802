// Package wine says whether Hum's code runs under Wine, for the Windows
// tests that `make test-windows` runs there (scripts/test-windows.sh). Wine
// runs most of Hum's Windows code, but not all of what Windows does; a test
// that meets such a gap skips under Wine only, naming the gap, and still
// runs on a real Windows machine.
package wine

import "testing"

// Running reports whether this process runs under Wine (always false off
// Windows). The answer is read once.
func Running() bool { return running }

// The parts of Windows that Wine 8.0 (Debian 12) lacks and a test needs,
// each checked by running the Windows API in question under that Wine.
const (
	// Symlinks: CreateSymbolicLinkW reports success and creates nothing,
	// so os.Symlink "works" and the link is not there.
	Symlinks = "CreateSymbolicLinkW succeeds without creating the link"

	// ConsoleCtrlEvents: wineserver implements only CTRL_C_EVENT, which a
	// new process group ignores; GenerateConsoleCtrlEvent(CTRL_BREAK_EVENT)
	// fails (STATUS_NOT_IMPLEMENTED, reported as ERROR_INVALID_HANDLE), so
	// no graceful signal reaches a tree and Stop kills it at once.
	ConsoleCtrlEvents = "GenerateConsoleCtrlEvent(CTRL_BREAK_EVENT) is not implemented (fails with ERROR_INVALID_HANDLE)"

	// CmdReexpandsInBatch: Wine's cmd.exe expands variables again in what
	// %* and %~dp0 expand to in a batch file (Windows' does not), so a
	// quoted %PATH% reaching an npm-style shim comes out expanded, and a
	// shim in a folder with a % in its name cannot find its program.
	CmdReexpandsInBatch = "cmd.exe expands % again in what %* and %~dp0 expand to in a batch file"

	// NoNode: not Wine's own gap but its prefix's: make test-windows
	// installs no Windows Node.js (a download), so tests of real Node
	// output run on Windows only.
	NoNode = "the Wine prefix has no Node.js for Windows"
)

// Skip skips the test under Wine, saying which part of Windows Wine lacks
// (gap) so the skip is a known limitation, not a silent one. On Windows and
// elsewhere it does nothing.
func Skip(t testing.TB, gap string) {
	t.Helper()
	if running {
		t.Skipf("Wine gap: %s (runs on Windows)", gap)
	}
}
