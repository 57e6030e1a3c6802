//go:build unix

package logs

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"hum/backend/poll"
	"hum/backend/process"
)

// TestLessOnATerminalStaysInItsOwnView runs less on a real pseudo-terminal
// through the process core, pages with Space and quits with q through the
// input API: what less drew is in the process's own view only, and the
// file's error and URL are not the process's.
func TestLessOnATerminalStaysInItsOwnView(t *testing.T) {
	if !process.TerminalSupported {
		t.Skip("no pseudo-terminal here")
	}
	if _, err := exec.LookPath("less"); err != nil {
		t.Skip("less is not installed")
	}
	dir := t.TempDir()
	var file strings.Builder
	for i := 1; i <= 80; i++ {
		file.WriteString("row " + string(rune('0'+i/10)) + string(rune('0'+i%10)) + "\n")
		if i == 5 {
			file.WriteString("TypeError: Cannot read properties of undefined (reading 'id')\n    at handler (/app/src/user.js:12:20)\nServer at http://localhost:5555/\n")
		}
	}
	require.NoError(t, os.WriteFile(filepath.Join(dir, "big.txt"), []byte(file.String()), 0o600))
	var urls []URL
	s := NewStore(Options{OnURL: func(_ string, u URL) { urls = append(urls, u) }})
	defer s.Close()
	m := process.NewManager(process.Options{Sink: s})
	st, err := m.Start(process.Spec{Name: "less", Dir: dir, Env: []string{"TERM=xterm-256color", "LESS="},
		Argv: []string{"sh", "-c", `echo before; less big.txt; echo "after: http://localhost:7777/"`}})
	require.NoError(t, err)
	drawn := func(want string) bool {
		for _, l := range s.Page(st.ID, 0, 0).Lines {
			if l.Screen && strings.Contains(l.Text, want) {
				return true
			}
		}
		return false
	}
	poll.Until(t, 20*time.Second, func() bool { return drawn("row 04") }, "less to draw the file")
	require.NoError(t, m.Input(st.ID, []byte(" ")))
	poll.Until(t, 20*time.Second, func() bool { return drawn("row 40") }, "less to page down on Space")
	require.NoError(t, m.Input(st.ID, []byte("q")))
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	_, err = m.Wait(ctx, st.ID)
	require.NoError(t, err)

	var merged []string
	for _, l := range s.Page("", 0, 0).Lines {
		if l.Text != "" {
			merged = append(merged, l.Text)
		}
	}
	assert.Equal(t, []string{"before", "after: http://localhost:7777/"}, merged, "the merged timeline has the main screen's lines")
	assert.Empty(t, s.Errors(""), "the file's TypeError is not the process's")
	assert.Equal(t, []URL{{Addr: "http://localhost:7777"}}, urls, "only the URL printed on the main screen")
}
