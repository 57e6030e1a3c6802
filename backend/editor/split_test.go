package editor

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func env(kv map[string]string) func(string) string { return func(k string) string { return kv[k] } }

func TestSplitCommand(t *testing.T) {
	vars := env(map[string]string{"HOME": "/home/u", "APPS": "/opt/My Apps"})
	cases := []struct {
		in   string
		want []string
	}{
		{"code --wait", []string{"code", "--wait"}},
		{`"/opt/My Editor/bin/ed" --wait`, []string{"/opt/My Editor/bin/ed", "--wait"}},
		{`'/opt/My Editor/bin/ed' -n`, []string{"/opt/My Editor/bin/ed", "-n"}},
		{`/opt/My\ Editor/ed`, []string{"/opt/My Editor/ed"}},
		{`C:\\Tools\\ed.exe`, []string{`C:\Tools\ed.exe`}},
		{`"C:\Program Files\Notepad++\notepad++.exe" -multiInst`, []string{`C:\Program Files\Notepad++\notepad++.exe`, "-multiInst"}},
		{`emacsclient -c -a ""`, []string{"emacsclient", "-c", "-a", ""}},
		{"  subl\t-w  ", []string{"subl", "-w"}},
		{`"a"'b'c`, []string{"abc"}},
		{`"say \"hi\" \$x"`, []string{`say "hi" $x`}},
		{"~/bin/ed", []string{"/home/u/bin/ed"}},
		{"a~/x", []string{"a~/x"}},
		{"$APPS/ed --x", []string{"/opt/My Apps/ed", "--x"}},
		{`"${APPS}/ed"`, []string{"/opt/My Apps/ed"}},
		{"$UNSET/ed", []string{"/ed"}},
		{"ed # a comment", []string{"ed"}},
		{"ed a#b", []string{"ed", "a#b"}},
		{"ed \\\n--x", []string{"ed", "--x"}},
		{"", nil},
	}
	for _, c := range cases {
		got, err := SplitCommand(c.in, vars)
		require.NoError(t, err, "SplitCommand(%q)", c.in)
		assert.Equal(t, c.want, got, "SplitCommand(%q): got %q, want %q", c.in, got, c.want)
	}
}

func TestSplitCommandRefusesWhatOnlyAShellRuns(t *testing.T) {
	for _, in := range []string{
		"ed; rm -rf ~", "ed && x", "ed | tee", "ed > out", "ed < in", "(ed)", "ed `id`", "ed $(id)",
		`"ed $(id)"`, "\"ed `id`\"", `"unterminated`, `'unterminated`, `ed \`, "${UNTERMINATED", "${1x}", "$ ed",
	} {
		got, err := SplitCommand(in, env(nil))
		assert.True(t, errors.Is(err, ErrShellSyntax), "SplitCommand(%q): got %q, %v, want ErrShellSyntax", in, got, err)
	}
}

// quote is the single-quoted form of a word, which SplitCommand must read
// back as the word.
func quote(w string) string { return "'" + strings.ReplaceAll(w, "'", `'\''`) + "'" }

func FuzzSplitCommand(f *testing.F) {
	for _, s := range []string{`"/opt/My Editor/bin/ed" --wait`, "code -g", `a\ b 'c d' "e\"f"`, "$HOME/x ~/y", "ed;x", "${A}b"} {
		f.Add(s)
	}
	vars := env(map[string]string{"HOME": "/h", "A": "a b"})
	f.Fuzz(func(t *testing.T, s string) {
		words, err := SplitCommand(s, vars)
		if err != nil {
			if !errors.Is(err, ErrShellSyntax) {
				t.Fatalf("SplitCommand(%q): got error %v, want ErrShellSyntax", s, err)
			}
			return
		}
		// Whatever it read, quoting the words reads back the same words.
		q := make([]string, len(words))
		for i, w := range words {
			q[i] = quote(w)
		}
		again, err := SplitCommand(strings.Join(q, " "), vars)
		if err != nil || strings.Join(again, "\x00") != strings.Join(words, "\x00") || len(again) != len(words) {
			t.Fatalf("SplitCommand(%q) = %q; quoted back: got %q, %v", s, words, again, err)
		}
	})
}
