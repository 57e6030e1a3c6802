package environ

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"hum/backend/discover"
)

// project writes files (name to content) into a new folder.
func project(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for name, content := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	}
	return root
}

func base(kv ...string) Layer { return Layer{Name: LayerHum, Vars: kv} }

// get returns name's value and layer in env, or fails.
func get(t *testing.T, env Env, name string) (string, string) {
	t.Helper()
	v, ok := env.Lookup(name)
	require.True(t, ok, "%s is not set; env: %v", name, env)
	return v.Value, v.Layer
}

func TestLayersOverrideLowerOnesAndRecordWhoSetEach(t *testing.T) {
	root := project(t, map[string]string{
		".env":           "A=env\nB=env\nC=env\nD=env\n",
		".env.local":     "B=local\nC=local\nD=local\n",
		"config/api.env": "C=api\nD=api\n",
	})
	env, err := Build(Request{
		Base:  base("A=base", "BASE=base", "D=base"),
		Root:  root,
		Files: []string{"config/api.env"},
		Vars:  map[string]string{"D": "yaml"},
	})
	require.NoError(t, err)
	for _, tt := range []struct{ name, value, layer string }{
		{"BASE", "base", LayerHum},
		{"A", "env", ".env"},
		{"B", "local", ".env.local"},
		{"C", "api", "config/api.env"},
		{"D", "yaml", LayerProject},
	} {
		v, l := get(t, env, tt.name)
		assert.Equal(t, tt.value, v, "%s: got %q, want %q", tt.name, v, tt.value)
		assert.Equal(t, tt.layer, l, "%s's layer: got %q, want %q", tt.name, l, tt.layer)
	}
	names := make([]string, len(env))
	for i, v := range env {
		names[i] = v.Name
	}
	assert.Equal(t, []string{"A", "B", "BASE", "C", "D"}, names, "sorted by name")
	assert.Equal(t, []string{"A=env", "B=local", "BASE=base", "C=api", "D=yaml"}, env.List())
}

func TestLaterEnvFilesOverrideEarlierOnes(t *testing.T) {
	root := project(t, map[string]string{"a.env": "X=a\nY=a\n", "b.env": "X=b\n"})
	env, err := Build(Request{Root: root, Files: []string{"a.env", "b.env"}})
	require.NoError(t, err)
	v, l := get(t, env, "X")
	assert.Equal(t, "b|b.env", v+"|"+l)
	v, l = get(t, env, "Y")
	assert.Equal(t, "a|a.env", v+"|"+l)
}

func TestReferencesExpandFromTheLayersBelowAndEarlierLines(t *testing.T) {
	root := project(t, map[string]string{
		".env": `HOST=localhost
PORT=3000
URL=http://${HOST}:$PORT/${PREFIX}
PATH=${PATH}:/project/bin
LATER=${FROM_LOCAL}
QUOTED="${HOST} \$HOST"
LITERAL='${HOST}'
UNSET=[${NOWHERE}]
SELF=${SELF}-env
`,
		".env.local": "FROM_LOCAL=local\nHOST=example.test\nLOCAL_URL=${URL}\n",
		"api.env":    "API=${HOST}:${PORT}\nPORT=4000\nAFTER=${PORT}\n",
	})
	env, err := Build(Request{
		Base:  base("PATH=/usr/bin", "PREFIX=api", "SELF=base"),
		Root:  root,
		Files: []string{"api.env"},
		Vars:  map[string]string{"YAML": "${API}|${AFTER}|\\$HOST|$(PORT)", "PATH": "/yaml/bin:$PATH"},
	})
	require.NoError(t, err)
	for _, tt := range []struct{ name, want string }{
		{"URL", "http://localhost:3000/api"},
		{"PATH", "/yaml/bin:/usr/bin:/project/bin"},
		{"LATER", ""}, // .env.local is above .env: not seen from it
		{"QUOTED", "localhost $HOST"},
		{"LITERAL", "${HOST}"},
		{"UNSET", "[]"},
		{"SELF", "base-env"},
		{"LOCAL_URL", "http://localhost:3000/api"},
		{"API", "example.test:3000"}, // PORT is set later in the same file
		{"AFTER", "4000"},
		{"YAML", "example.test:3000|4000|$HOST|$(PORT)"},
	} {
		v, _ := get(t, env, tt.name)
		assert.Equal(t, tt.want, v, "%s: got %q, want %q", tt.name, v, tt.want)
	}
}

func TestDotenvSyntax(t *testing.T) {
	root := project(t, map[string]string{".env": `# a comment
export EXPORTED=yes
SPACED = padded   # trailing comment
MULTI="line one
line two"
ESCAPED="tab\tnew\nline"
SINGLE='$HOME \n'
YAML_STYLE: colon
EMPTY=
CRLF=windows` + "\r\n" + `HASH=a#b
`})
	env, err := Build(Request{Root: root})
	require.NoError(t, err)
	for _, tt := range []struct{ name, want string }{
		{"EXPORTED", "yes"},
		{"SPACED", "padded"},
		{"MULTI", "line one\nline two"},
		{"ESCAPED", "tabtnew\nline"}, // godotenv knows \n and \r only
		{"YAML_STYLE", "colon"},
		{"EMPTY", ""},
		{"SINGLE", `$HOME \n`},
		{"CRLF", "windows"},
		{"HASH", "a#b"},
	} {
		v, _ := get(t, env, tt.name)
		assert.Equal(t, tt.want, v, "%s: got %q, want %q", tt.name, v, tt.want)
	}
}

func TestMissingDotenvFilesAreNoLayer(t *testing.T) {
	env, err := Build(Request{Base: base("A=1"), Root: t.TempDir()})
	require.NoError(t, err)
	assert.Equal(t, Env{{Name: "A", Value: "1", Layer: LayerHum}}, env)
}

func TestBadLayersFailTheWholeBuildNamingTheFile(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		req   Request
		want  string // in the error
		is    error
	}{
		{"a missing env file the script names", nil, Request{Files: []string{"api.env"}}, "api.env: ", fs.ErrNotExist},
		{"a bad variable name", map[string]string{".env": "A=1\n\nB-C=2\nD=3\n"}, Request{},
			`.env, line 3: "-" cannot be part of a variable name`, nil},
		{"a line without =", map[string]string{".env.local": "A=1\nJUSTANAME\nB=2\n"}, Request{},
			".env.local, line 2: a line that is not KEY=VALUE", nil},
		{"a last line without =", map[string]string{".env": "A=1\n# c\nLAST"}, Request{},
			".env, line 3: the last line has no '='", nil},
		{"a space in a name", map[string]string{".env": "A=1\n  export  BAD NAME = 2\n"}, Request{},
			`.env, line 2: not a variable name: "BAD NAME" has a space in it`, nil},
		{"an unclosed quote", map[string]string{".env": "A=1\nB=\"two\nC=3\n\nD=4\n"}, Request{},
			".env, line 2: a quoted value is not closed", nil},
		{"an unclosed quote after a multi-line value", map[string]string{".env": "A=\"x\ny\"\nB='open\nC=3\n"}, Request{},
			".env, line 3: a quoted value is not closed", nil},
		{"a NUL byte", map[string]string{"x.env": "A=1\nB=a\x00b\n"}, Request{Files: []string{"x.env"}},
			"x.env, line 2: a NUL byte", nil},
		{"a folder named .env", map[string]string{".env/keep": ""}, Request{}, ".env: not a regular file", nil},
		{"a bad name in the script's variables", nil, Request{Vars: map[string]string{"A=B": "1"}},
			`hum.yaml: not a variable name: "A=B"`, nil},
		{"a NUL in the script's variables", nil, Request{Vars: map[string]string{"A": "x\x00"}, VarsLayer: "tasks.json"},
			"tasks.json: the value of A holds a NUL byte", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.req.Root = project(t, tt.files)
			env, err := Build(tt.req)
			require.Error(t, err)
			assert.Nil(t, env, "no half environment")
			assert.Contains(t, err.Error(), tt.want, "got %q, want it to hold %q", err, tt.want)
			if tt.is != nil {
				assert.ErrorIs(t, err, tt.is)
			}
			var e *Error
			assert.True(t, errors.As(err, &e), "an *Error: %T", err)
			assert.ErrorIs(t, err, ErrBadLayer)
		})
	}
}

func TestErrorsDoNotEchoTheFile(t *testing.T) {
	secret := "s3cr3t-" + strings.Repeat("x", 1000)
	root := project(t, map[string]string{".env": "TOKEN=" + secret + "\nBAD-NAME=1\n"})
	_, err := Build(Request{Root: root})
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "s3cr3t")
	assert.Less(t, len(err.Error()), 200, "got %q", err)

	root = project(t, map[string]string{".env": "A=1\nTOKEN=\"" + secret + "\n"})
	_, err = Build(Request{Root: root})
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "s3cr3t")
	assert.Contains(t, err.Error(), "line 2")
}

func TestAFileOverTheCapIsRefused(t *testing.T) {
	root := t.TempDir()
	f, err := os.Create(filepath.Join(root, ".env"))
	require.NoError(t, err)
	require.NoError(t, f.Truncate(discover.MaxFileSize+1))
	require.NoError(t, f.Close())
	_, err = Build(Request{Root: root})
	require.Error(t, err)
	assert.Equal(t, ".env: larger than 4 MiB", err.Error())
}

func TestAbsoluteEnvFiles(t *testing.T) {
	other := project(t, map[string]string{"shared.env": "S=1\n"})
	abs := filepath.Join(other, "shared.env")
	env, err := Build(Request{Root: t.TempDir(), Files: []string{abs}})
	require.NoError(t, err)
	v, l := get(t, env, "S")
	assert.Equal(t, "1", v)
	assert.Equal(t, abs, l)
}

func TestSplit(t *testing.T) {
	for _, tt := range []struct {
		kv, name, val string
		ok            bool
	}{
		{"A=1", "A", "1", true},
		{"A==1", "A", "=1", true},
		{"A=", "A", "", true},
		{"=C:=C:\\dir", "=C:", "C:\\dir", true},
		{"NOEQUALS", "", "", false},
		{"", "", "", false},
	} {
		name, val, ok := split(tt.kv)
		assert.Equal(t, []any{tt.name, tt.val, tt.ok}, []any{name, val, ok}, "split(%q)", tt.kv)
	}
}

func TestLiteralVarsDoNotExpand(t *testing.T) {
	env, err := Build(Request{Base: base("HOME=/home/u"), Root: t.TempDir(),
		Vars: map[string]string{"PASS": "pa$HOME$$x"}, VarsLayer: "VS Code tasks", VarsLiteral: true})
	require.NoError(t, err)
	v, l := get(t, env, "PASS")
	assert.Equal(t, "pa$HOME$$x", v)
	assert.Equal(t, "VS Code tasks", l)
}

func TestLooksSecretMasksWhatTheEnvTabMasks(t *testing.T) {
	for _, name := range []string{"API_KEY", "db_password", "GITHUB_TOKEN", "client_secret", "KEYCHAIN"} {
		assert.True(t, LooksSecret(name), "got false for %s, want true", name)
	}
	for _, name := range []string{"PATH", "HOME", "PORT", "NODE_ENV"} {
		assert.False(t, LooksSecret(name), "got true for %s, want false", name)
	}
}
