//go:build unix

package watchdog

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStateRoundTrips(t *testing.T) {
	s := state{owner: proc{pid: 10, start: 20}, watchdog: proc{pid: 11, start: 21},
		trees: []tree{{record: record{pgid: 300, start: 5}, command: "npm run dev"}, {record: record{pgid: 200, start: 6}}}}
	got, err := parseState(s.format())
	require.NoError(t, err)
	assert.Equal(t, s.owner, got.owner)
	assert.Equal(t, s.watchdog, got.watchdog)
	assert.Equal(t, []tree{{record: record{pgid: 200, start: 6}}, {record: record{pgid: 300, start: 5}, command: "npm run dev"}}, got.trees)
}

func TestSanitiseBoundsAndCleansACommand(t *testing.T) {
	assert.Equal(t, "sh -c echo a   b", sanitise("sh\x00-c\x00echo a\n\x1b b\x00"))
	long := sanitise(strings.Repeat("é", 300))
	assert.LessOrEqual(t, len(long), maxCommand)
	assert.True(t, utf8.ValidString(long), "cut at a character's boundary")
	assert.Equal(t, "a?b", sanitise("a\xffb"))
}

func TestParseStateRefusesWhatHumWouldNotWrite(t *testing.T) {
	for _, in := range []string{
		"", "owner 10 20\n", stateHeader + "\n", stateHeader + "\nowner 1 20\n", stateHeader + "\nowner 10 0\n",
		stateHeader + "\nowner 10 20\nowner 11 20\n", stateHeader + "\nowner 10 20\ntree 5\n",
		stateHeader + "\nowner 10 20\ntree 50 1 a\ntree 50 2 b\n", stateHeader + "\nowner 10 20\nrm -rf /\n",
		stateHeader + "\nowner +10 20\n", stateHeader + "\nowner 10 20\n" + strings.Repeat("x", maxState),
	} {
		_, err := parseState([]byte(in))
		assert.ErrorIs(t, err, errState, "%q", in)
	}
}

func FuzzParseState(f *testing.F) {
	f.Add([]byte(stateHeader + "\nowner 10 20\nwatchdog 11 21\ntree 300 5 npm run dev\ntree 200 6\n"))
	f.Add([]byte(stateHeader + "\nowner 10 20\n"))
	f.Add([]byte(stateHeader + "\nowner 10 20\ntree 300 5 \xff\x00\x01 x\n"))
	f.Add([]byte("garbage"))
	f.Fuzz(func(t *testing.T, in []byte) {
		s, err := parseState(in)
		if err != nil {
			return
		}
		if s.owner.pid <= 1 || s.owner.start <= 0 {
			t.Fatalf("owner %+v from %q", s.owner, in)
		}
		for _, tr := range s.trees {
			if tr.pgid <= 1 || tr.start <= 0 || len(tr.command) > maxCommand || strings.ContainsAny(tr.command, "\n\r\x00") || !utf8.ValidString(tr.command) {
				t.Fatalf("tree %+v from %q", tr, in)
			}
		}
		again, err := parseState(s.format())
		if err != nil {
			t.Fatalf("what format wrote does not parse: %v", err)
		}
		if again.owner != s.owner || again.watchdog != s.watchdog || len(again.trees) != len(s.trees) {
			t.Fatalf("round trip changed %+v to %+v", s, again)
		}
	})
}
