package discover

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"hum/backend/shellquote"
)

// hostileScripts is a package.json whose script names try to break out of
// `npm run NAME`.
const hostileScripts = `{"scripts": {
  "a&calc": "echo 1",
  "a\"b": "echo 2",
  "%PATH%": "echo 3",
  "a^b c": "echo 4",
  "line\nbreak": "echo 5"
}}`

func runs(p Project) map[string]string {
	out := map[string]string{}
	for _, sc := range p.Scripts {
		out[sc.Name] = sc.Run
	}
	return out
}

func TestScriptNamesAreQuotedForCmdOnWindows(t *testing.T) {
	shellQuoter, checkLine = shellquote.Cmd, shellquote.CheckCmdLine
	t.Cleanup(func() { shellQuoter, checkLine = shellquote.Quote, shellquote.CheckLine })
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"package.json": hostileScripts, "package-lock.json": "{}"})

	p := scan(t, dir)
	assert.Equal(t, map[string]string{
		"a&calc": `npm run "a&calc"`,
		`a"b`:    `npm run "a""b"`,
		"%PATH%": `npm run "%%cd:~,%PATH%%cd:~,%"`,
		"a^b c":  `npm run "a^b c"`,
	}, runs(p))
	require.Len(t, p.Problems, 1, "got %v", p.Problems)
	assert.Equal(t, "package.json", p.Problems[0].File)
	assert.Contains(t, p.Problems[0].Message, `"line\nbreak" is not listed`)
	assert.Contains(t, p.Problems[0].Message, "line break")
}

func TestScriptNamesAreQuotedForSh(t *testing.T) {
	shellQuoter, checkLine = shellquote.POSIX, shellquote.CheckPOSIXLine
	t.Cleanup(func() { shellQuoter, checkLine = shellquote.Quote, shellquote.CheckLine })
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"package.json": hostileScripts, "package-lock.json": "{}"})

	p := scan(t, dir)
	assert.Equal(t, map[string]string{
		"a&calc":      `npm run 'a&calc'`,
		`a"b`:         `npm run 'a"b'`,
		"%PATH%":      `npm run %PATH%`,
		"a^b c":       `npm run 'a^b c'`,
		"line\nbreak": "npm run 'line\nbreak'",
	}, runs(p))
	assert.Empty(t, p.Problems)
}
