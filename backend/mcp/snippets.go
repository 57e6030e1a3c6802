package mcp

import (
	"encoding/json"
	"fmt"
	"strings"
)

// Snippet is how one agent is told to use `hum mcp`: the file (or
// command) and what goes in it.
type Snippet struct {
	Agent string `json:"agent"` // "Claude Code", "Cursor", "Codex", "VS Code (Copilot)"
	Where string `json:"where"` // the command to run, or the config file to add it to
	Text  string `json:"text"`  // the command or the file's content
}

// Snippets returns the set-up for the common agents, running the hum
// binary at hum (a name on PATH or an absolute path) on the project in
// dir.
func Snippets(hum, dir string) []Snippet {
	type server struct {
		Type    string   `json:"type,omitempty"`
		Command string   `json:"command"`
		Args    []string `json:"args"`
	}
	args := []string{"mcp", dir}
	cursor, _ := json.MarshalIndent(map[string]any{"mcpServers": map[string]server{"hum": {Command: hum, Args: args}}}, "", "  ")
	vscode, _ := json.MarshalIndent(map[string]any{"servers": map[string]server{"hum": {Type: "stdio", Command: hum, Args: args}}}, "", "  ")
	return []Snippet{
		{Agent: "Claude Code", Where: "run in a terminal", Text: fmt.Sprintf("claude mcp add hum -- %s mcp %s", shellWord(hum), shellWord(dir))},
		{Agent: "Cursor", Where: ".cursor/mcp.json in the project, or ~/.cursor/mcp.json", Text: string(cursor)},
		{Agent: "Codex", Where: "~/.codex/config.toml", Text: fmt.Sprintf("[mcp_servers.hum]\ncommand = %s\nargs = [%s, %s]", tomlString(hum), tomlString("mcp"), tomlString(dir))},
		{Agent: "VS Code (Copilot)", Where: ".vscode/mcp.json in the project", Text: string(vscode)},
	}
}

// shellWord quotes s for a POSIX shell when it needs it.
func shellWord(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r == '/' || r == '.' || r == '-' || r == '_' || r == ':' || r == '\\' ||
			(r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9'))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// tomlString is a TOML basic string; JSON's escapes are TOML's.
func tomlString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
