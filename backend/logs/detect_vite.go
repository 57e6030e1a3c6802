package logs

import "strings"

// viteErrors understands Vite's errors: a failed build's "Build failed
// with N errors:" followed by Rolldown's (or oxc's) diagnostics, each a
// "[CODE] message" line and a box-drawn excerpt whose top names the
// position ("╭─[ src/main.js:3:60 ]", line and column from 1), and the dev
// server's "[vite] Internal server error: ..." with its indented "File:
// /app/src/main.js:1:0" (column from 0). Rolldown prints warnings in the
// same shape as errors; only the ones after "Build failed" are errors.
//
//	Build failed with 1 error:
//
//	[PARSE_ERROR] Expected `)` but found `EOF`
//	   ╭─[ src/main.js:3:60 ]
type viteErrors struct{}

// KindVite is the kind of a Vite (Rolldown, oxc) error.
const KindVite = "vite"

// viteErrors' phases.
const (
	phViteFailed phase = iota + 1 // "Build failed with N errors:", before the first diagnostic
	phViteDiag                    // diagnostics, their boxes and the stack after them
	phViteDev                     // the dev server's error and its indented details
)

// maxViteMarker is how far into a line "[vite] " may sit: the dev server
// puts a clock ("1:40:05 PM ") before it.
const maxViteMarker = 24

func (*viteErrors) start(text string, si *startInfo) verdict {
	switch c := text[0]; {
	case c == 'B' || c == ' ':
		t := strings.TrimLeft(text, " ")
		if rest, ok := strings.CutPrefix(t, "Build failed with "); ok && rest != "" && rest[0] >= '1' && rest[0] <= '9' {
			*si = startInfo{kind: KindVite, phase: phViteFailed, title: t}
			return claim
		}
	case c == '[' || c >= '0' && c <= '9':
		if title, ok := viteDevError(text); ok {
			*si = startInfo{kind: KindVite, phase: phViteDev, title: title, confirmed: true}
			return claim
		}
	}
	return pass
}

func (*viteErrors) cont(d *detector, text string) action {
	b := &d.cur
	switch b.phase {
	case phViteFailed:
		if text == "" {
			return accept
		}
		if isRolldownDiag(text) {
			b.phase, b.title, b.confirmed = phViteDiag, text, true
			return accept
		}
		if d.startsError(text) {
			return reject // another tool's error (esbuild's, under Vite 5)
		}
		b.count++
		if b.count <= maxHeaderLines {
			return accept
		}
	case phViteDiag:
		if text == "" || text[0] == '}' || isRolldownDiag(text) {
			return accept
		}
		if f, ok := rolldownLoc(text); ok {
			d.frame(f)
			return accept
		}
		// The excerpt's gutter ("   │", " 3 │ code", "───╯") and the
		// JavaScript stack of the bundler that threw, whose frames are
		// the bundler's own and not recorded.
		if indented(text) || strings.HasPrefix(text, "─") || isGutter(text) {
			return accept
		}
	case phViteDev:
		if !indented(text) {
			return reject
		}
		t := strings.TrimLeft(text, " ")
		if loc, ok := strings.CutPrefix(t, "File: "); ok {
			if f, ok := parseLoc(loc); ok {
				if locHasColumn(loc) {
					f.Column++ // Vite counts columns from 0
				}
				d.frame(f)
			}
		}
		return accept
	}
	return reject
}

// viteDevError recognises the dev server's "[vite] Internal server error:
// msg" and "[vite] (client) Pre-transform error: msg", after an optional
// clock, and returns msg.
func viteDevError(text string) (string, bool) {
	head := text
	if len(head) > maxViteMarker+len("[vite] ") {
		head = head[:maxViteMarker+len("[vite] ")]
	}
	i := strings.Index(head, "[vite] ")
	if i < 0 {
		return "", false
	}
	rest := text[i+len("[vite] "):]
	if rest != "" && rest[0] == '(' {
		if j := strings.Index(rest, ") "); j > 0 {
			rest = rest[j+2:]
		}
	}
	for _, p := range []string{"Internal server error: ", "Pre-transform error: ", "error: "} {
		if msg, ok := strings.CutPrefix(rest, p); ok && strings.TrimSpace(msg) != "" {
			return msg, true
		}
	}
	return "", false
}

// isRolldownDiag recognises a diagnostic's first line, "[PARSE_ERROR] msg".
func isRolldownDiag(text string) bool {
	if len(text) < 4 || text[0] != '[' {
		return false
	}
	j := strings.Index(text, "] ")
	if j < 2 {
		return false
	}
	for i := 1; i < j; i++ {
		if c := text[i]; !(c >= 'A' && c <= 'Z' || c == '_' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// rolldownLoc parses the top of a diagnostic's box, "   ╭─[ src/main.js:3:60 ]".
func rolldownLoc(text string) (Frame, bool) {
	t := strings.TrimLeft(text, " ")
	rest, ok := strings.CutPrefix(t, "╭─[")
	if !ok {
		return Frame{}, false
	}
	rest = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "]"))
	return parseLoc(rest)
}
