package logs

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"

	"hum/backend/process"
)

func TestLooksLikePrompt(t *testing.T) {
	prompts := []string{
		"Name? ", "Password: ", "Enter passphrase for key '/root/.ssh/id_ed25519': ", ">>> ", "> ",
		"irb(main):001:0> ", "(Pdb) ", "$ ", "root@box:/# ", "? Project name › ",
		"Something is already running on port 3000. Would you like to run the app on another port instead? (Y/n)",
		"Continue? [y/N] ", "Overwrite? [y/N]: ", "Are you sure you want to continue connecting (yes/no)? ",
		"Proceed (y/n)? ", "Replace file? (y/n/a) ",
	}
	for _, p := range prompts {
		assert.True(t, LooksLikePrompt(p), "LooksLikePrompt(%q) = false, want true", p)
	}
	lines := []string{
		"", "   ", "Listening on http://localhost:3000", "Compiled successfully.", "Error:", "Name?",
		"warning: x is deprecated", "GET / => ", "step -> ", "100% ", "Done (3s) ", "(Pdb)x",
		"level=info msg=\"a very long log line that happens to end in a colon and a space: " +
			"padding padding padding padding padding padding padding padding padding padding padding padding " +
			"padding padding padding padding padding padding padding padding padding padding padding padding: ",
	}
	for _, l := range lines {
		assert.False(t, LooksLikePrompt(l), "LooksLikePrompt(%q) = true, want false", l)
	}
}

// TestStorePrompt: the store says when a process's newest line reads like
// a prompt, and again once another line follows.
func TestStorePrompt(t *testing.T) {
	var mu sync.Mutex
	var got []string
	s := NewStore(Options{OnPrompt: func(id, p string) {
		mu.Lock()
		defer mu.Unlock()
		got = append(got, id+":"+p)
	}})
	defer s.Close()
	s.Line("p", process.Stdout, []byte("starting"))
	s.LineIdle("p", process.Stderr, []byte("\x1b[1mName? \x1b[0m"))
	s.Line("q", process.Stdout, []byte("other process"))
	s.Line("p", process.Stdout, []byte("ada"))
	s.Line("p", process.Stdout, []byte("hello ada"))
	s.LinePart("p", process.Stdout, []byte("a long line cut: "))
	s.Line("p", process.Stdout, []byte("Ended? ")) // its newline came: no prompt
	s.LineIdle("p", process.Stdout, []byte("Again? "))
	s.LineIdle("p", process.Stdout, []byte("\x1b[?1049h> "))
	assert.Equal(t, []string{"p:Name? ", "p:", "p:Again? ", "p:"}, got,
		"a paused prompt on either stream, cleared by the next line; a finished line, a cut piece and the alternate screen are no prompts")
	last := s.Page("p", 0, 0).Lines
	assert.True(t, last[len(last)-2].Open, "a paused line is Open")
	assert.False(t, last[len(last)-3].Open, "a finished line is not")
}
