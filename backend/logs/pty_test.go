package logs

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"hum/backend/process"
)

// ptyStore feeds a recording of a pseudo-terminal (testdata/pty-*.txt,
// what the terminal received: "\r\n" line ends, redraws, colours) to a new
// store as the process core delivers it: split at '\n', a line end's '\r'
// dropped. The recording's last line, which has no newline, comes as the
// core delivers a line the process paused in (LineIdle).
func ptyStore(t *testing.T, name string) (*Store, *[]URL) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	var mu sync.Mutex
	var urls []URL
	s := NewStore(Options{OnURL: func(_ string, u URL) { mu.Lock(); urls = append(urls, u); mu.Unlock() }})
	t.Cleanup(s.Close)
	lines := bytes.Split(b, []byte("\n"))
	for i, l := range lines {
		l = bytes.TrimSuffix(l, []byte("\r"))
		if i == len(lines)-1 {
			if len(l) > 0 {
				s.LineIdle("p", process.Stdout, l)
			}
			break
		}
		s.Line("p", process.Stdout, l)
	}
	s.Close() // finishes the errors still collecting
	return s, &urls
}

// TestPTYRecordings: on what real tools print to a terminal, the plain
// lines are what the screen showed, and URL and error detection find
// what they find in the same tools' piped output.
func TestPTYRecordings(t *testing.T) {
	t.Run("python progress bar and traceback", func(t *testing.T) {
		s, urls := ptyStore(t, "pty-python-progress.txt")
		lines := texts(s.Page("", 0, 0).Lines)
		require.GreaterOrEqual(t, len(lines), 2)
		assert.Equal(t, "Downloading model.bin 100%|"+strings.Repeat("█", 30)+"| 40/40 [00:04<00:00]", lines[0],
			"41 redraws are one line in their last state")
		assert.Equal(t, []URL{{Addr: "http://localhost:8000/files/model.bin"}}, *urls, "the link, once")
		errs := s.Errors("")
		require.Len(t, errs, 1)
		assert.Equal(t, KindPython, errs[0].Kind)
		assert.Equal(t, "FileNotFoundError: [Errno 2] No such file or directory: '/tmp/rec/missing.cfg'", errs[0].Title)
		assert.Equal(t, []Frame{{File: "/tmp/rec/progress.py", Line: 13, Func: "<module>"}, {File: "/tmp/rec/progress.py", Line: 12, Func: "load"}}, errs[0].Frames)
		for _, l := range lines {
			assert.NotContains(t, l, "\r", "no carriage return in %q", l)
		}
	})
	t.Run("node's coloured uncaught exception", func(t *testing.T) {
		s, _ := ptyStore(t, "pty-node-uncaught.txt")
		errs := s.Errors("")
		require.Len(t, errs, 1)
		assert.Equal(t, "SyntaxError: Expected double-quoted property name in JSON at position 12", errs[0].Title)
		assert.Equal(t, Frame{File: "/tmp/rec/nodeapp/server.js", Line: 2, Column: 18, Func: "Object.<anonymous>"}, errs[0].Frames[0])
	})
	t.Run("npm's spinner", func(t *testing.T) {
		s, _ := ptyStore(t, "pty-npm-install.txt")
		assert.Equal(t, []string{"", "added 2 packages in 919ms", ""}, texts(s.Page("", 0, 0).Lines),
			"the spinner erases itself: what is left is the summary")
		assert.Empty(t, s.Errors(""))
	})
	t.Run("vite dev server that clears the screen", func(t *testing.T) {
		s, urls := ptyStore(t, "pty-vite-dev.txt")
		assert.Equal(t, []URL{{Addr: "http://localhost:38211", Server: true}}, *urls)
		lines := texts(s.Page("", 0, 0).Lines)
		assert.Contains(t, lines, "  ➜  Local:   http://localhost:38211/")
		assert.Contains(t, lines, "  ➜  press h + enter to show help")
		assert.Contains(t, lines, "  press q + enter to quit", "the help the h key printed")
		assert.Empty(t, s.Errors(""))
	})
	t.Run("vite build's redrawn progress and error", func(t *testing.T) {
		s, _ := ptyStore(t, "pty-vite-build-error.txt")
		lines := texts(s.Page("", 0, 0).Lines)
		assert.Equal(t, "✓ 4 modules transformed.", lines[1], "the progress line erased and redrawn")
		assert.Equal(t, "✗ Build failed in 159ms", lines[2])
		errs := s.Errors("")
		require.Len(t, errs, 1)
		assert.Equal(t, KindVite, errs[0].Kind)
		assert.Equal(t, "[PARSE_ERROR] Expected `)` but found `EOF`", errs[0].Title)
		assert.Equal(t, Frame{File: "main.js", Line: 2, Column: 16}, errs[0].Frames[0])
	})
	t.Run("less in the alternate screen", func(t *testing.T) {
		s, urls := ptyStore(t, "pty-less.txt")
		assert.Equal(t, []string{"before less", "after less: see http://localhost:7777/"}, texts(s.Page("", 0, 0).Lines),
			"the merged timeline has what was printed on the main screen only")
		assert.Equal(t, []URL{{Addr: "http://localhost:7777"}}, *urls, "no URL from the file less showed")
		assert.Empty(t, s.Errors(""), "no error from the file less showed")
		own := s.Page("p", 0, 0).Lines
		var drawn []string
		for _, l := range own {
			if l.Screen {
				drawn = append(drawn, l.Text)
			}
		}
		assert.Contains(t, drawn, "TypeError: Cannot read properties of undefined (reading 'id')", "the process's own view has what less drew")
		assert.Contains(t, drawn, "log line 55")
		last := own[len(own)-2]
		assert.True(t, last.Screen && last.Open, "less's leaving is on the row the shell goes on printing on: %+v", last)
		assert.Contains(t, last.Raw, "\x1b[?1049l")
	})
}
