//go:build windows && hum_wine

package wine

import _ "unsafe" // go:linkname

// Go 1.26's os.Remove and os.RemoveAll delete with
// FileDispositionInformationEx (POSIX semantics) and fall back to the old
// FileDispositionInformation only on the statuses Windows returns when it
// lacks the class; Wine 8 returns STATUS_NOT_IMPLEMENTED ("Invalid
// function"), so every t.TempDir cleanup fails under Wine. The standard
// library's own test switch makes it take the fallback, the way Windows
// before 10 1607 deletes. Built only with -tags hum_wine and
// -ldflags=-checklinkname=0, which only scripts/test-windows.sh passes:
// Hum itself, and the tests on a real Windows machine, never have it.
//
//go:linkname deleteatFallback internal/syscall/windows.TestDeleteatFallback
var deleteatFallback bool

func init() {
	if running {
		deleteatFallback = true
	}
}
