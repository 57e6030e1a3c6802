package agentconfig

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// EditJSON adds s as "hum" to the object under key (created when absent)
// of a strict JSON object, as text: every other byte of data stays where
// it was. stdio adds "type": "stdio" (VS Code's servers need it). present
// is true, and out nil, when the same "hum" entry is there already; a
// "hum" entry that runs something else, JSON with comments or trailing
// commas (JSONC), and anything that is not a JSON object are refused.
func EditJSON(data []byte, key string, s Server, stdio bool) (out []byte, present bool, err error) {
	fresh := len(bytes.TrimSpace(data)) == 0
	if fresh {
		data = []byte("{}\n") // an empty (or new) file is an empty config
	}
	if !json.Valid(data) {
		if looksJSONC(data) {
			return nil, false, refuse("the file has comments or trailing commas (JSONC); Hum edits only plain JSON, so add Hum by hand")
		}
		return nil, false, refuse("the file is not valid JSON; fix it, or add Hum by hand")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	tok, _ := dec.Token()
	if tok != json.Delim('{') {
		return nil, false, refuse("the file is not a JSON object")
	}
	top, err := members(dec, data)
	if err != nil {
		return nil, false, err
	}
	unit := indentUnit(data)
	// A file written on one line gets the entry on that line.
	multiline := fresh || bytes.IndexByte(bytes.TrimSpace(data), '\n') >= 0

	entry := map[string]any{"command": s.Command, "args": s.Args}
	if stdio {
		entry = map[string]any{"type": "stdio", "command": s.Command, "args": s.Args}
	}
	if i := top.find(key); i >= 0 {
		m := top.list[i]
		if m.raw[0] != '{' {
			return nil, false, refuse("%q is not a JSON object", key)
		}
		sub := json.NewDecoder(bytes.NewReader(m.raw))
		sub.UseNumber()
		_, _ = sub.Token()
		servers, err := members(sub, m.raw)
		if err != nil {
			return nil, false, err
		}
		if j := servers.find("hum"); j >= 0 {
			var have struct {
				Command string   `json:"command"`
				Args    []string `json:"args"`
			}
			if err := json.Unmarshal(servers.list[j].raw, &have); err != nil || have.Command == "" {
				return nil, false, refuse("it has an entry named \"hum\" that Hum does not recognise; remove it, or edit it by hand")
			}
			if sameServer(have.Command, have.Args, s) {
				return nil, true, nil
			}
			return nil, false, refuse("it has an entry named \"hum\" that runs %s; Hum does not overwrite it: remove it, or edit it by hand", describe(have.Command, have.Args))
		}
		text := render("hum", entry, unit, 2, multiline)
		return insert(data, m.start+servers.open, m.start+servers.end, m.start+servers.last, unit, 2, multiline, text), false, nil
	}
	text := render(key, map[string]any{"hum": entry}, unit, 1, multiline)
	return insert(data, top.open, top.end, top.last, unit, 1, multiline, text), false, nil
}

// member is one key of an object, with its raw value and where it is.
type member struct {
	key   string
	start int // offset of the value in the text the decoder reads
	raw   json.RawMessage
}

// object is an object's members and where it opens and closes.
type object struct {
	list []member
	open int // offset just after '{'
	last int // offset just after the last value; open when empty
	end  int // offset of '}'
}

func (o object) find(key string) int {
	for i, m := range o.list {
		if m.key == key {
			return i
		}
	}
	return -1
}

// members reads the object dec has just opened, in data, to its end. A
// key given twice is refused: which one an agent reads is its own choice.
func members(dec *json.Decoder, data []byte) (object, error) {
	o := object{open: int(dec.InputOffset())}
	o.last = o.open
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return o, refuse("the file is not valid JSON")
		}
		k, _ := tok.(string)
		if o.find(k) >= 0 {
			return o, refuse("the key %q is given twice; Hum does not know which one counts", k)
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return o, refuse("the file is not valid JSON")
		}
		o.last = int(dec.InputOffset())
		// The value ends at last; it starts where its raw text does.
		start := o.last - len(raw)
		o.list = append(o.list, member{key: k, start: start, raw: raw})
	}
	if _, err := dec.Token(); err != nil { // '}'
		return o, refuse("the file is not valid JSON")
	}
	o.end = int(dec.InputOffset()) - 1
	if o.end < 0 || o.end >= len(data) || data[o.end] != '}' {
		return o, errors.New("agentconfig: lost track of the JSON object")
	}
	return o, nil
}

// render writes `"key": value` for depth (1 for a top-level member),
// indented with unit like the file.
func render(key string, value any, unit string, depth int, multiline bool) string {
	k, _ := json.Marshal(key)
	if !multiline {
		v, _ := json.Marshal(orderedEntry(value))
		return string(k) + ": " + string(v)
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent(strings.Repeat(unit, depth), unit)
	_ = enc.Encode(orderedEntry(value))
	return string(k) + ": " + strings.TrimRight(b.String(), "\n")
}

// orderedEntry keeps type, command, args in that order (maps sort keys).
func orderedEntry(v any) any {
	switch m := v.(type) {
	case map[string]any:
		if _, ok := m["command"]; ok {
			return struct {
				Type    string   `json:"type,omitempty"`
				Command string   `json:"command"`
				Args    []string `json:"args"`
			}{Type: str(m["type"]), Command: m["command"].(string), Args: m["args"].([]string)}
		}
		if h, ok := m["hum"]; ok {
			return struct {
				Hum any `json:"hum"`
			}{orderedEntry(h)}
		}
	}
	return v
}

func str(v any) string { s, _ := v.(string); return s }

// insert puts text as the last member of the object spanning open..end
// (last: after its last value).
func insert(data []byte, open, end, last int, unit string, depth int, multiline bool, text string) []byte {
	var b bytes.Buffer
	if !multiline {
		if last == open { // empty
			b.Write(data[:open])
			b.WriteString(text)
			b.Write(data[end:])
		} else {
			b.Write(data[:last])
			b.WriteString(", " + text)
			b.Write(data[last:])
		}
		return b.Bytes()
	}
	in := "\n" + strings.Repeat(unit, depth)
	if last == open {
		// An empty object: its inside is whitespace only; write it anew.
		b.Write(data[:open])
		b.WriteString(in + text + "\n" + strings.Repeat(unit, depth-1))
		b.Write(data[end:])
		return b.Bytes()
	}
	b.Write(data[:last])
	b.WriteString("," + in + text)
	b.Write(data[last:])
	return b.Bytes()
}

// indentUnit is the file's indentation: the leading whitespace of its
// first indented line, two spaces when it has none.
func indentUnit(data []byte) string {
	for _, line := range strings.Split(string(data), "\n") {
		trimmed := strings.TrimLeft(line, " \t")
		if trimmed != "" && len(trimmed) < len(line) {
			ws := line[:len(line)-len(trimmed)]
			if ws[0] == '\t' {
				return "\t"
			}
			return strings.Repeat(" ", min(len(ws), 8))
		}
	}
	return "  "
}

// looksJSONC reports a comment or a trailing comma outside strings.
func looksJSONC(data []byte) bool {
	inStr, esc := false, false
	lastSig := byte(0)
	for i := 0; i < len(data); i++ {
		c := data[i]
		if inStr {
			switch {
			case esc:
				esc = false
			case c == '\\':
				esc = true
			case c == '"':
				inStr = false
			}
			continue
		}
		switch {
		case c == '"':
			inStr = true
		case c == '/' && i+1 < len(data) && (data[i+1] == '/' || data[i+1] == '*'):
			return true
		case (c == '}' || c == ']') && lastSig == ',':
			return true
		}
		if c != ' ' && c != '\t' && c != '\n' && c != '\r' {
			lastSig = c
		}
	}
	return false
}

// The Codex tables that already name a "hum" server, in any TOML
// spelling Hum recognises: [mcp_servers.hum], [mcp_servers."hum"],
// [mcp_servers.hum.env], mcp_servers.hum = {…} or hum = {…} under
// [mcp_servers].
var (
	tomlHumTable  = regexp.MustCompile(`(?m)^[ \t]*\[[ \t]*mcp_servers[ \t]*\.[ \t]*("hum"|'hum'|hum)[ \t]*[\].]`)
	tomlHumDotted = regexp.MustCompile(`(?m)^[ \t]*mcp_servers[ \t]*\.[ \t]*("hum"|'hum'|hum)[ \t]*[=.]`)
	tomlServers   = regexp.MustCompile(`(?m)^[ \t]*\[[ \t]*mcp_servers[ \t]*\][ \t]*(#.*)?$`)
	tomlTable     = regexp.MustCompile(`(?m)^[ \t]*\[`)
	tomlHumKey    = regexp.MustCompile(`(?m)^[ \t]*("hum"|'hum'|hum)[ \t]*[=.]`)
)

// EditTOML appends an [mcp_servers.hum] table to a Codex config.toml,
// leaving the rest of the text as it is. present is true when a hum table
// with this command and these arguments is there; any other hum entry is
// refused.
func EditTOML(data []byte, s Server) (out []byte, present bool, err error) {
	if bytes.IndexByte(data, 0) >= 0 {
		return nil, false, refuse("the file holds a NUL byte; it is not a TOML file Hum can edit")
	}
	text := string(data)
	want := tomlTableText(s)
	if loc := tomlHumTable.FindStringIndex(text); loc != nil || tomlHumDotted.MatchString(text) || humUnderServers(text) {
		if loc != nil && strings.HasPrefix(text[loc[0]:], "[mcp_servers.hum]") {
			body := text[loc[0]:]
			if next := tomlTable.FindStringIndex(body[1:]); next != nil {
				body = body[:next[0]+1]
			}
			if strings.TrimSpace(body) == strings.TrimSpace(want) {
				return nil, true, nil
			}
		}
		return nil, false, refuse("it has an mcp_servers.hum entry already that is not Hum's for this project; Hum does not overwrite it: remove it, or edit it by hand")
	}
	var b strings.Builder
	b.WriteString(text)
	if text != "" && !strings.HasSuffix(text, "\n") {
		b.WriteString("\n")
	}
	if strings.TrimSpace(text) != "" {
		b.WriteString("\n")
	}
	b.WriteString(want)
	return []byte(b.String()), false, nil
}

// humUnderServers finds `hum = …` in an [mcp_servers] table.
func humUnderServers(text string) bool {
	for _, loc := range tomlServers.FindAllStringIndex(text, -1) {
		body := text[loc[1]:]
		if next := tomlTable.FindStringIndex(body); next != nil {
			body = body[:next[0]]
		}
		if tomlHumKey.MatchString(body) {
			return true
		}
	}
	return false
}

func tomlTableText(s Server) string {
	args := make([]string, len(s.Args))
	for i, a := range s.Args {
		args[i] = tomlString(a)
	}
	return fmt.Sprintf("[mcp_servers.hum]\ncommand = %s\nargs = [%s]\n", tomlString(s.Command), strings.Join(args, ", "))
}
