package agentconfig

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var hum = Server{Command: "/opt/hum/bin/hum", Args: []string{"mcp", "/work/my app"}}

// files returns the known files for a fresh project and home.
func files(t *testing.T) (root, home string, byID map[string]File) {
	t.Helper()
	root, home = t.TempDir(), t.TempDir()
	byID = map[string]File{}
	for _, f := range Files(root, home, "") {
		byID[f.ID] = f
	}
	return root, home, byID
}

func readJSON(t *testing.T, path string) map[string]any {
	t.Helper()
	raw, err := os.ReadFile(path)
	require.NoError(t, err)
	var v map[string]any
	require.NoError(t, json.Unmarshal(raw, &v), "%s:\n%s", path, raw)
	return v
}

func TestAddCreatesProjectFilesWithTheirFolder(t *testing.T) {
	root, _, byID := files(t)
	for _, id := range []string{"claude-project", "cursor-project", "vscode-project"} {
		f := byID[id]
		assert.Equal(t, Status{State: StateMissing}, Check(f, hum), id)
		require.NoError(t, Add(f, hum), id)
		assert.Equal(t, StateAdded, Check(f, hum).State, id)
		require.NoError(t, Add(f, hum), "adding twice is a no-op")
	}
	claude := readJSON(t, filepath.Join(root, ".mcp.json"))
	assert.Equal(t, map[string]any{"hum": map[string]any{"command": hum.Command, "args": []any{"mcp", "/work/my app"}}}, claude["mcpServers"])
	vscode := readJSON(t, filepath.Join(root, ".vscode", "mcp.json"))
	assert.Equal(t, map[string]any{"hum": map[string]any{"type": "stdio", "command": hum.Command, "args": []any{"mcp", "/work/my app"}}}, vscode["servers"])
	assert.FileExists(t, filepath.Join(root, ".cursor", "mcp.json"))
	info, err := os.Stat(filepath.Join(root, ".mcp.json"))
	require.NoError(t, err)
	if runtime.GOOS != "windows" {
		assert.Equal(t, os.FileMode(0o644), info.Mode().Perm())
	}
}

func TestUserFilesNeedTheirAgentsFolder(t *testing.T) {
	_, home, byID := files(t)
	for _, id := range []string{"cursor-user", "codex-user"} {
		assert.Equal(t, StateAbsent, Check(byID[id], hum).State, id)
		require.ErrorIs(t, Add(byID[id], hum), ErrRefused, id)
	}
	assert.NoDirExists(t, filepath.Join(home, ".cursor"))
	assert.NoDirExists(t, filepath.Join(home, ".codex"))

	require.NoError(t, os.Mkdir(filepath.Join(home, ".codex"), 0o700))
	assert.Equal(t, StateMissing, Check(byID["codex-user"], hum).State)
	require.NoError(t, Add(byID["codex-user"], hum))
	var cfg struct {
		MCPServers map[string]struct {
			Command string
			Args    []string
		} `toml:"mcp_servers"`
	}
	_, err := toml.DecodeFile(filepath.Join(home, ".codex", "config.toml"), &cfg)
	require.NoError(t, err)
	assert.Equal(t, hum.Command, cfg.MCPServers["hum"].Command)
	assert.Equal(t, hum.Args, cfg.MCPServers["hum"].Args)
}

func TestCodexHomeIsHonoured(t *testing.T) {
	other := t.TempDir()
	fs := Files("", t.TempDir(), other)
	require.Len(t, fs, 2)
	assert.Equal(t, filepath.Join(other, "config.toml"), fs[1].Path)
}

// TestAddKeepsEveryKeyAndTheIndentation: a user's Cursor config with other
// servers and settings, indented with tabs, keeps all of it byte for byte
// and gets Hum after the last server.
func TestAddKeepsEveryKeyAndTheIndentation(t *testing.T) {
	_, home, byID := files(t)
	require.NoError(t, os.Mkdir(filepath.Join(home, ".cursor"), 0o755))
	path := filepath.Join(home, ".cursor", "mcp.json")
	before := "{\n\t\"mcpServers\": {\n\t\t\"github\": {\"command\": \"gh-mcp\", \"env\": {\"TOKEN\": \"x\"}}\n\t},\n\t\"zzz\": [1, 2.50, {\"deep\": null}]\n}\n"
	require.NoError(t, os.WriteFile(path, []byte(before), 0o600))
	require.NoError(t, Add(byID["cursor-user"], hum))
	raw, err := os.ReadFile(path)
	require.NoError(t, err)
	got := string(raw)
	assert.Equal(t, "{\n\t\"mcpServers\": {\n\t\t\"github\": {\"command\": \"gh-mcp\", \"env\": {\"TOKEN\": \"x\"}},\n\t\t\"hum\": {\n\t\t\t\"command\": \"/opt/hum/bin/hum\",\n", got[:strings.Index(got, "\t\t\t\"args\"")])
	assert.Contains(t, got, "\"zzz\": [1, 2.50, {\"deep\": null}]\n}\n", "the rest is as it was")
	v := readJSON(t, path)
	assert.Contains(t, v["mcpServers"], "github")
	info, err := os.Stat(path)
	require.NoError(t, err)
	if runtime.GOOS != "windows" {
		assert.Equal(t, os.FileMode(0o600), info.Mode().Perm(), "the file keeps its mode")
	}
	left, _ := filepath.Glob(filepath.Join(home, ".cursor", ".*hum-*"))
	assert.Empty(t, left, "no temporary file is left")
}

func TestOneLineFileStaysOnOneLine(t *testing.T) {
	out, present, err := EditJSON([]byte(`{"servers":{"a":{"command":"b"}}}`), "servers", hum, true)
	require.NoError(t, err)
	assert.False(t, present)
	assert.Equal(t, `{"servers":{"a":{"command":"b"}, "hum": {"type":"stdio","command":"/opt/hum/bin/hum","args":["mcp","/work/my app"]}}}`, string(out))
}

// TestRefusals: each file Hum cannot edit safely is left as it is, with a
// reason the window shows.
func TestRefusals(t *testing.T) {
	big := `{"a": "` + strings.Repeat("x", MaxSize) + `"}`
	cases := []struct{ name, content, want string }{
		{"line comment", "{\n  // mine\n  \"servers\": {}\n}\n", "comments or trailing commas (JSONC)"},
		{"block comment", "{ /* mine */ \"servers\": {} }", "comments or trailing commas (JSONC)"},
		{"trailing comma", "{\n  \"servers\": {\"a\": {\"command\": \"b\"},},\n}\n", "comments or trailing commas (JSONC)"},
		{"malformed", "{\"servers\": ", "not valid JSON"},
		{"not an object", "[1, 2]", "not a JSON object"},
		{"servers not an object", `{"servers": []}`, `"servers" is not a JSON object`},
		{"duplicate key", `{"servers": {}, "servers": {}}`, `"servers" is given twice`},
		{"another hum", `{"servers": {"hum": {"command": "/usr/bin/other", "args": ["x"]}}}`, "runs /usr/bin/other x; Hum does not overwrite it"},
		{"hum for another project", `{"servers": {"hum": {"command": "/opt/hum/bin/hum", "args": ["mcp", "/elsewhere"]}}}`, "runs /opt/hum/bin/hum mcp /elsewhere"},
		{"odd hum", `{"servers": {"hum": 3}}`, `entry named "hum" that Hum does not recognise`},
		{"huge", big, "larger than the 1048576 bytes"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			f := Files(root, "", "")[2] // VS Code's
			require.Equal(t, "vscode-project", f.ID)
			require.NoError(t, os.Mkdir(filepath.Join(root, ".vscode"), 0o755))
			require.NoError(t, os.WriteFile(f.Path, []byte(tc.content), 0o644))
			st := Check(f, hum)
			assert.Equal(t, StateRefused, st.State)
			assert.Contains(t, st.Message, tc.want)
			err := Add(f, hum)
			require.ErrorIs(t, err, ErrRefused)
			assert.Contains(t, err.Error(), tc.want)
			raw, err := os.ReadFile(f.Path)
			require.NoError(t, err)
			assert.Equal(t, tc.content, string(raw), "the file is left as it was")
		})
	}
}

func TestRefusesADirectoryAndSymlinks(t *testing.T) {
	root := t.TempDir()
	claude := Files(root, "", "")[0]
	require.NoError(t, os.Mkdir(claude.Path, 0o755))
	assert.Contains(t, Check(claude, hum).Message, "not a regular file")
	require.ErrorIs(t, Add(claude, hum), ErrRefused)

	if runtime.GOOS == "windows" {
		t.Skip("symlinks need privileges on Windows")
	}
	// A symlinked file: Hum would replace the link with a file.
	elsewhere := filepath.Join(t.TempDir(), "real.json")
	require.NoError(t, os.WriteFile(elsewhere, []byte("{}"), 0o644))
	cursor := Files(root, "", "")[1]
	require.NoError(t, os.Mkdir(filepath.Dir(cursor.Path), 0o755))
	require.NoError(t, os.Symlink(elsewhere, cursor.Path))
	err := Add(cursor, hum)
	require.ErrorIs(t, err, ErrRefused)
	assert.Contains(t, err.Error(), "symbolic link")
	raw, _ := os.ReadFile(elsewhere)
	assert.Equal(t, "{}", string(raw))

	// A project's folder that is a symlink (a cloned repository's .vscode
	// leading into the home folder): nothing is written through it.
	target := t.TempDir()
	vscode := Files(root, "", "")[2]
	require.NoError(t, os.Symlink(target, filepath.Dir(vscode.Path)))
	assert.Equal(t, StateRefused, Check(vscode, hum).State)
	require.ErrorIs(t, Add(vscode, hum), ErrRefused)
	assert.NoFileExists(t, filepath.Join(target, "mcp.json"))
}

// TestProjectRootMayBeASymlink: a project opened through a symlink (as
// macOS's /var is) is still written to; only .cursor and .vscode must be
// real folders.
func TestProjectRootMayBeASymlink(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symlinks need privileges on Windows")
	}
	real := t.TempDir()
	link := filepath.Join(t.TempDir(), "shop")
	require.NoError(t, os.Symlink(real, link))
	for _, f := range Files(link, "", "") {
		require.NoError(t, Add(f, hum), f.ID)
	}
	assert.FileExists(t, filepath.Join(real, ".mcp.json"))
	assert.FileExists(t, filepath.Join(real, ".vscode", "mcp.json"))
}

func TestTOMLAppendsAndKeepsTheText(t *testing.T) {
	before := "# my codex\nmodel = \"o3\"\n\n[mcp_servers.github]\ncommand = \"gh\"\nargs = []" // no final newline
	out, present, err := EditTOML([]byte(before), hum)
	require.NoError(t, err)
	assert.False(t, present)
	assert.Equal(t, before+"\n\n[mcp_servers.hum]\ncommand = \"/opt/hum/bin/hum\"\nargs = [\"mcp\", \"/work/my app\"]\n", string(out))
	_, present, err = EditTOML(out, hum)
	require.NoError(t, err)
	assert.True(t, present, "Hum's own table is recognised")

	for _, other := range []string{
		"[mcp_servers.hum]\ncommand = \"other\"\n",
		"[mcp_servers.\"hum\"]\ncommand = \"x\"\n",
		"[mcp_servers.hum.env]\nA = \"1\"\n",
		"mcp_servers.hum = { command = \"x\" }\n",
		"[mcp_servers]\nhum = { command = \"x\" }\n",
		"[mcp_servers.hum]\ncommand = \"/opt/hum/bin/hum\"\nargs = [\"mcp\", \"/elsewhere\"]\n",
	} {
		_, _, err := EditTOML([]byte(other), hum)
		require.ErrorIs(t, err, ErrRefused, "%q", other)
		assert.Contains(t, err.Error(), "Hum does not overwrite it")
	}
	// Another table's hum key is not Hum's.
	_, present, err = EditTOML([]byte("[profiles]\nhum = 1\n"), hum)
	require.NoError(t, err)
	assert.False(t, present)
}

func compact(t *testing.T, raw []byte) string {
	var b bytes.Buffer
	require.NoError(t, json.Compact(&b, raw))
	return b.String()
}

// FuzzEditJSON: whatever file EditJSON accepts, its output parses, keeps
// every key the file had with its value, and has Hum's entry.
func FuzzEditJSON(f *testing.F) {
	for _, seed := range []string{
		"", "{}", "{\n  \"a\": 1\n}\n", `{"mcpServers": {"x": {"command": "y"}}, "b": [1, {"c": "}"}]}`,
		"{\n\t\"mcpServers\": {}\n}", `{"mcpServers": null}`, `{"a": "\"{,}\\"}`, "  {\"mcpServers\":{ \"hum\":{\"command\":\"/opt/hum/bin/hum\",\"args\":[\"mcp\",\"/work/my app\"]}}}",
		"{\"a\":1}\n\n", `{"mcpServers": {"a": 1e400}}`, "{\"\\u0068um\": 1}",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out, present, err := EditJSON([]byte(in), "mcpServers", hum, false)
		if err != nil || present {
			return
		}
		var after map[string]json.RawMessage
		require.NoError(t, json.Unmarshal(out, &after), "output does not parse:\n%s", out)
		if strings.TrimSpace(in) != "" {
			var before map[string]json.RawMessage
			require.NoError(t, json.Unmarshal([]byte(in), &before))
			for k, v := range before {
				if k == "mcpServers" {
					var bs, as map[string]json.RawMessage
					require.NoError(t, json.Unmarshal(v, &bs))
					require.NoError(t, json.Unmarshal(after[k], &as))
					for sk, sv := range bs {
						require.Equal(t, compact(t, sv), compact(t, as[sk]), "server %q changed", sk)
					}
					continue
				}
				require.Contains(t, after, k)
				require.Equal(t, compact(t, v), compact(t, after[k]), "key %q changed", k)
			}
		}
		var servers map[string]json.RawMessage
		require.NoError(t, json.Unmarshal(after["mcpServers"], &servers))
		var entry struct {
			Command string
			Args    []string
		}
		require.NoError(t, json.Unmarshal(servers["hum"], &entry))
		require.Equal(t, hum.Command, entry.Command)
		require.Equal(t, hum.Args, entry.Args)
	})
}

// FuzzEditTOML: whatever config.toml EditTOML accepts, the text before is
// kept as it was, and a file that was valid TOML still is, with Hum's
// server in it.
func FuzzEditTOML(f *testing.F) {
	for _, seed := range []string{
		"", "model = \"o3\"\n", "[mcp_servers.github]\ncommand = \"gh\"\n", "[mcp_servers]\n", "a = 1", "[profiles.x]\nhum = 1\n",
		"s = '''\n[mcp_servers.hum]\n'''\n", "[mcp_servers.hum]\ncommand = \"/opt/hum/bin/hum\"\nargs = [\"mcp\", \"/work/my app\"]\n",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out, present, err := EditTOML([]byte(in), hum)
		if err != nil || present {
			return
		}
		require.True(t, strings.HasPrefix(string(out), in), "the text before changed")
		var before map[string]any
		if _, err := toml.Decode(in, &before); err != nil {
			return
		}
		var after struct {
			MCPServers map[string]struct {
				Command string
				Args    []string
			} `toml:"mcp_servers"`
		}
		if _, err := toml.Decode(string(out), &after); err != nil {
			// A table Hum does not see as one (inside a multi-line
			// string) or a value that makes mcp_servers not a table:
			// only then may the result not parse.
			if _, ok := before["mcp_servers"]; ok || strings.Contains(in, "'''") || strings.Contains(in, `"""`) {
				return
			}
			require.NoError(t, err, "output does not parse:\n%s", out)
		}
		require.Equal(t, hum.Command, after.MCPServers["hum"].Command)
		require.Equal(t, hum.Args, after.MCPServers["hum"].Args)
	})
}
