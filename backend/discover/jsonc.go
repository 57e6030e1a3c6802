package discover

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// errUnterminatedComment is returned by stripJSONC for a /* without */.
var errUnterminatedComment = errors.New("unterminated /* comment")

// stripJSONC turns JSON with comments and trailing commas (VS Code's
// "JSONC") into plain JSON. Comments and trailing commas are overwritten
// with spaces and newlines are kept, so every byte offset and line number in
// the result is the same as in data, and Problems point at the right line.
// For an unterminated block comment it returns the offset where it started.
func stripJSONC(data []byte) ([]byte, int64, error) {
	out := bytes.Clone(data)
	blank := func(i int) {
		if out[i] != '\n' && out[i] != '\r' {
			out[i] = ' '
		}
	}
	// Pass 1: comments. Strings are skipped so "http://x" survives.
	for i := 0; i < len(out); i++ {
		switch c := out[i]; {
		case c == '"':
			i = skipString(out, i)
		case c == '/' && i+1 < len(out) && out[i+1] == '/':
			for ; i < len(out) && out[i] != '\n'; i++ {
				blank(i)
			}
		case c == '/' && i+1 < len(out) && out[i+1] == '*':
			start := i
			blank(i)
			blank(i + 1)
			i += 2
			for ; i < len(out) && !(out[i] == '*' && i+1 < len(out) && out[i+1] == '/'); i++ {
				blank(i)
			}
			if i >= len(out) {
				return out, int64(start), errUnterminatedComment
			}
			blank(i)
			blank(i + 1)
			i++
		}
	}
	// Pass 2: a comma followed only by whitespace and then } or ].
	for i := 0; i < len(out); i++ {
		switch out[i] {
		case '"':
			i = skipString(out, i)
		case ',':
			j := i + 1
			for j < len(out) && isJSONSpace(out[j]) {
				j++
			}
			if j < len(out) && (out[j] == '}' || out[j] == ']') {
				out[i] = ' '
			}
		}
	}
	return out, 0, nil
}

// skipString returns the index of the closing quote of the string opening
// at i, or the last index when it is unterminated.
func skipString(b []byte, i int) int {
	for i++; i < len(b); i++ {
		switch b[i] {
		case '\\':
			i++
		case '"':
			return i
		}
	}
	return len(b) - 1
}

func isJSONSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// field is one member of a JSON object, in document order.
type field struct {
	Key    string
	Value  json.RawMessage
	Off    int64 // offset of the key (of the element, in arrays) in the document
	ValOff int64 // offset of the value in the document
}

// objectFields splits the JSON object in data into its members, keeping
// their order (encoding/json maps lose it) and offsets. base is added to
// offsets, so a nested object can report positions in its file. The error
// carries the offset it happened at.
//
// It stops with the members read so far when fp's deadline passes.
func objectFields(fp *fileParse, data []byte, base int64) ([]field, *jsonError) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		return nil, wrapJSONError(err, dec, base)
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, &jsonError{Off: base, Msg: fmt.Sprintf("expected an object, found %s", describeToken(tok))}
	}
	var fields []field
	for i := 0; dec.More(); i++ {
		off := base + dec.InputOffset()
		if fp.stopAt(i, off) {
			return fields, nil
		}
		tok, err := dec.Token()
		if err != nil {
			return fields, wrapJSONError(err, dec, base)
		}
		key, _ := tok.(string)
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return fields, wrapJSONError(err, dec, base)
		}
		// Decode leaves the offset just past the value, and RawMessage holds
		// the value's bytes exactly, so the value starts len(raw) earlier.
		valOff := base + dec.InputOffset() - int64(len(raw))
		fields = append(fields, field{Key: key, Value: raw, Off: off + leadingSpace(data[off-base:]), ValOff: valOff})
	}
	if _, err := dec.Token(); err != nil {
		return fields, wrapJSONError(err, dec, base)
	}
	// Anything after the closing brace is an error too.
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		if err == nil {
			return fields, &jsonError{Off: base + dec.InputOffset(), Msg: "unexpected data after the top-level object"}
		}
		return fields, wrapJSONError(err, dec, base)
	}
	return fields, nil
}

// arrayElems splits a JSON array into its elements with their offsets,
// stopping with those read so far when fp's deadline passes.
func arrayElems(fp *fileParse, data []byte, base int64) ([]field, *jsonError) {
	dec := json.NewDecoder(bytes.NewReader(data))
	tok, err := dec.Token()
	if err != nil {
		return nil, wrapJSONError(err, dec, base)
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return nil, &jsonError{Off: base, Msg: fmt.Sprintf("expected an array, found %s", describeToken(tok))}
	}
	var elems []field
	for i := 0; dec.More(); i++ {
		if fp.stopAt(i, base+dec.InputOffset()) {
			return elems, nil
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return elems, wrapJSONError(err, dec, base)
		}
		off := base + dec.InputOffset() - int64(len(raw))
		elems = append(elems, field{Value: raw, Off: off, ValOff: off})
	}
	return elems, nil
}

// leadingSpace counts the separators before the next value.
func leadingSpace(b []byte) int64 {
	var n int64
	for _, c := range b {
		if !isJSONSpace(c) && c != ',' && c != ':' {
			break
		}
		n++
	}
	return n
}

// jsonError is a JSON error with the offset it happened at.
type jsonError struct {
	Off int64
	Msg string
}

func wrapJSONError(err error, dec *json.Decoder, base int64) *jsonError {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return &jsonError{Off: base + se.Offset, Msg: se.Error()}
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return &jsonError{Off: base + dec.InputOffset(), Msg: "unexpected end of JSON"}
	}
	return &jsonError{Off: base + dec.InputOffset(), Msg: err.Error()}
}

func describeToken(tok json.Token) string {
	switch v := tok.(type) {
	case json.Delim:
		if v == '[' {
			return "an array"
		}
		return "an object"
	case string:
		return "a string"
	case json.Number, float64:
		return "a number"
	case bool:
		return "a boolean"
	case nil:
		return "null"
	}
	return fmt.Sprintf("%v", tok)
}

// jsonKind names the kind of a raw JSON value for messages.
func jsonKind(raw json.RawMessage) string {
	b := bytes.TrimLeft(raw, " \t\r\n")
	if len(b) == 0 {
		return "nothing"
	}
	switch b[0] {
	case '{':
		return "an object"
	case '[':
		return "an array"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}
