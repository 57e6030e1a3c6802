package main

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/wailsapp/wails/v2/pkg/options"
)

func TestSingleInstanceLockForwardsArgsAndDir(t *testing.T) {
	cases := []struct {
		name string
		data options.SecondInstanceData
	}{
		{"folder argument", options.SecondInstanceData{Args: []string{"../shop"}, WorkingDirectory: "/home/ann/src/site"}},
		{"no argument", options.SecondInstanceData{Args: []string{}, WorkingDirectory: "/tmp"}},
		{"several arguments", options.SecondInstanceData{Args: []string{"--verbose", "C:\\work\\api"}, WorkingDirectory: "C:\\Users\\ann"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var gotArgs []string
			var gotDir string
			calls := 0
			lock := singleInstanceLock(func(args []string, workingDir string) {
				calls++
				gotArgs, gotDir = args, workingDir
			})
			require.NotNil(t, lock)
			require.NotNil(t, lock.OnSecondInstanceLaunch)

			lock.OnSecondInstanceLaunch(tc.data)

			assert.Equal(t, 1, calls, "got %v calls, want 1", calls)
			assert.Equal(t, tc.data.Args, gotArgs, "got args %v, want %v", gotArgs, tc.data.Args)
			assert.Equal(t, tc.data.WorkingDirectory, gotDir, "got dir %q, want %q", gotDir, tc.data.WorkingDirectory)
		})
	}
}

// Wails on Linux builds a D-Bus name from the ID and, when the name is
// invalid, quietly runs without any lock; this checks the name it would build.
func TestSingleInstanceIDMakesAValidDBusName(t *testing.T) {
	lock := singleInstanceLock(func([]string, string) {})
	require.NotEmpty(t, lock.UniqueId)

	// Mirrors SetupSingleInstance in wails/v2 internal/frontend/desktop/linux.
	id := "wails_app_" + strings.NewReplacer("-", "_", ".", "_").Replace(lock.UniqueId)
	name := "org." + id + ".SingleInstance"

	element := regexp.MustCompile(`^[A-Za-z_-][A-Za-z0-9_-]*$`)
	for _, e := range strings.Split(name, ".") {
		assert.Regexp(t, element, e, "got D-Bus name element %q in %q, want letters, digits, '_' or '-', not starting with a digit", e, name)
	}
	assert.LessOrEqual(t, len(name), 255, "got D-Bus name of %d bytes, want at most 255", len(name))
}
