package wine

import (
	"os"
	"path/filepath"
	"testing"
)

// scripts/test-windows.sh sets HUM_UNDER_WINE=1 for the test binaries it
// runs under Wine; on Windows itself and elsewhere it is unset. Detection
// that failed either way would run Wine's gaps as tests (and fail them) or
// skip real tests on Windows.
func TestRunningSaysWhereItRuns(t *testing.T) {
	want := os.Getenv("HUM_UNDER_WINE") == "1"
	if got := Running(); got != want {
		t.Fatalf("Running() = %v, want %v (HUM_UNDER_WINE=%q)", got, want, os.Getenv("HUM_UNDER_WINE"))
	}
}

// Under Wine a removal goes through the fallback remove_wine.go enables:
// without it, os.Remove fails with "Invalid function" and every
// t.TempDir cleanup with it.
func TestRemoveWorks(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "f")
	if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(p); err != nil {
		t.Fatalf("os.Remove: %v", err)
	}
	if err := os.RemoveAll(filepath.Join(dir, "a")); err != nil {
		t.Fatalf("os.RemoveAll of nothing: %v", err)
	}
	if _, err := os.Stat(p); !os.IsNotExist(err) {
		t.Fatalf("got %v after the removal, want not-exist", err)
	}
}
