package environ

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/joho/godotenv"

	"hum/backend/discover"
)

// file reads the dotenv file name (relative to root, or absolute) as the
// next layer. A missing optional file is no layer at all.
func (b *builder) file(root, name string, optional bool) error {
	data, err := readCapped(resolve(root, name))
	if optional && errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return &Error{File: name, Err: err}
	}
	vars, err := parse(data, b.lookup)
	if err != nil {
		var pe *parseError
		if errors.As(err, &pe) {
			return &Error{File: name, Line: pe.line, Err: pe.err}
		}
		return &Error{File: name, Err: err}
	}
	names := make([]string, 0, len(vars))
	for n := range vars {
		names = append(names, n)
	}
	slices.Sort(names) // deterministic for names that fold together on Windows
	for _, n := range names {
		b.set(n, vars[n], name)
	}
	return nil
}

// resolve makes a slash-separated name relative to root absolute; an
// absolute name is kept.
func resolve(root, name string) string {
	p := filepath.FromSlash(name)
	if filepath.IsAbs(p) {
		return filepath.Clean(p)
	}
	return filepath.Join(root, p)
}

// errTooLarge and errNotRegular are files Build refuses to read.
var (
	errTooLarge   = fmt.Errorf("larger than %d MiB", discover.MaxFileSize>>20)
	errNotRegular = errors.New("not a regular file")
)

// readCapped reads a regular file of at most discover.MaxFileSize bytes.
// Anything else is refused before it is opened, so a FIFO named .env
// cannot block a start.
func readCapped(path string) ([]byte, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, pathless(err)
	}
	if !info.Mode().IsRegular() {
		return nil, errNotRegular
	}
	if info.Size() > discover.MaxFileSize {
		return nil, errTooLarge
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, pathless(err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, discover.MaxFileSize+1))
	if err != nil {
		return nil, pathless(err)
	}
	if len(data) > discover.MaxFileSize { // grew since Stat
		return nil, errTooLarge
	}
	return data, nil
}

// pathless drops the absolute path an *fs.PathError repeats: Error names
// the file as the user wrote it. errors.Is still sees the cause.
func pathless(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// parseError is a parse failure with the line it was found on.
type parseError struct {
	line int
	err  error
}

func (e *parseError) Error() string { return fmt.Sprintf("line %d: %v", e.line, e.err) }

// refName finds the names a file may reference, as godotenv's expansion
// matches them (see expandRef); a superset is fine.
var refName = regexp.MustCompile(`\$\(?\{?([A-Z0-9_]+)`)

// parse parses a dotenv file with godotenv and returns the variables it
// sets, their references expanded from its own earlier lines and, through
// lookup, from the layers below.
//
// godotenv expands a reference only from the earlier lines of the same
// file. So that the layers below count too, the file is parsed a second
// time behind one seed line per name it references that a lower layer
// sets: NAME=<token>, a random token that passes through godotenv
// untouched and is replaced by the lower layer's value afterwards. Seed
// lines come first, so the file's own earlier lines still win over them.
// The first, unseeded parse says which names the file itself sets and
// reports errors at the file's own line numbers.
func parse(data []byte, lookup func(string) (string, bool)) (map[string]string, error) {
	own, err := godotenv.UnmarshalBytes(data)
	if err != nil {
		return nil, locate(data, err)
	}
	if _, ok := own[""]; ok {
		return nil, &parseError{line: lastLine(data), err: errors.New("the last line has no '=' (not KEY=VALUE)")}
	}
	for name := range own {
		// godotenv takes "A B=1" as the name "A B": a typo, not a name
		// anyone can use from a shell.
		if strings.ContainsFunc(name, unicode.IsSpace) {
			return nil, &parseError{line: lineOf(data, name), err: fmt.Errorf("%w: %q has a space in it", errBadName, name)}
		}
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return nil, &parseError{line: 1 + bytes.Count(data[:i], []byte("\n")), err: errors.New("a NUL byte, which no environment can hold")}
	}

	var seeds bytes.Buffer
	var pairs []string // token, value: for the replacer
	prefix := seedPrefix()
	seen := map[string]bool{}
	for _, m := range refName.FindAllSubmatch(data, -1) {
		name := string(m[1])
		if seen[name] {
			continue
		}
		seen[name] = true
		val, ok := lookup(name)
		if !ok {
			continue // unset: godotenv expands it to nothing, as a shell does
		}
		tok := prefix + strconv.Itoa(len(pairs)/2) + "Y"
		fmt.Fprintf(&seeds, "%s=%s\n", name, tok)
		pairs = append(pairs, tok, val)
	}
	if len(pairs) == 0 {
		return own, nil
	}
	seeded, err := godotenv.UnmarshalBytes(append(seeds.Bytes(), data...))
	if err != nil {
		// The seed lines are plain NAME=TOKEN; a failure here is the file's.
		return nil, locate(data, err)
	}
	r := strings.NewReplacer(pairs...)
	out := make(map[string]string, len(own))
	for name := range own {
		out[name] = r.Replace(seeded[name])
	}
	return out, nil
}

// seedPrefix is a token prefix no file contains by chance: 128 random bits.
// Tokens are letters and digits only, which godotenv copies unchanged in
// every kind of value, and end in 'Y' so that token 1 is not a prefix of
// token 10.
func seedPrefix() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // never fails (crypto/rand's contract since Go 1.24)
	return "HUMSEED" + hex.EncodeToString(b[:]) + "X"
}

// lineOf is the line where name is first assigned, 0 if not found.
func lineOf(data []byte, name string) int {
	for i, line := range bytes.Split(data, []byte("\n")) {
		line = bytes.TrimLeftFunc(line, unicode.IsSpace)
		if rest, ok := bytes.CutPrefix(line, []byte("export")); ok && len(rest) > 0 && unicode.IsSpace(rune(rest[0])) {
			line = bytes.TrimLeftFunc(rest, unicode.IsSpace)
		}
		if rest, ok := bytes.CutPrefix(line, []byte(name)); ok {
			if rest = bytes.TrimLeftFunc(rest, unicode.IsSpace); len(rest) > 0 && (rest[0] == '=' || rest[0] == ':') {
				return i + 1
			}
		}
	}
	return 0
}

// lastLine is the number of the last line with anything on it.
func lastLine(data []byte) int {
	return 1 + bytes.Count(bytes.TrimRight(data, " \t\r\n"), []byte("\n"))
}

// godotenv's errors echo the rest of the file ("near …") or the start of a
// value, which may be a secret and may be megabytes long; locate replaces
// them with a short message and the line.
const (
	badCharMsg    = "unexpected character "
	badCharNear   = " in variable name near "
	unterminated  = "unterminated quoted value "
	maxMessageLen = 200
)

// locate turns a godotenv error for data into a parseError with a line.
func locate(data []byte, err error) error {
	msg := err.Error()
	norm := bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n")) // what godotenv parses
	switch {
	case strings.HasPrefix(msg, badCharMsg) && strings.Contains(msg, badCharNear):
		char, near, _ := strings.Cut(strings.TrimPrefix(msg, badCharMsg), badCharNear)
		why := errors.New("a line that is not KEY=VALUE")
		if c, err := strconv.Unquote(char); err == nil && c != "\n" {
			why = fmt.Errorf("%q cannot be part of a variable name", c)
		}
		line := 0
		if rest, err := strconv.Unquote(near); err == nil && bytes.HasSuffix(norm, []byte(rest)) {
			line = 1 + bytes.Count(norm[:len(norm)-len(rest)], []byte("\n"))
		}
		return &parseError{line: line, err: why}
	case strings.HasPrefix(msg, unterminated):
		return &parseError{line: unterminatedLine(norm, msg), err: errors.New("a quoted value is not closed")}
	}
	if len(msg) > maxMessageLen {
		msg = msg[:maxMessageLen] + "…"
	}
	return errors.New(msg)
}

// unterminatedLine finds the line of a quote that is never closed: the
// fewest first lines of the file that fail with the very same error. Every
// longer prefix fails the same way (the quote stays open to the end) and
// every shorter one does not, so a binary search finds it.
func unterminatedLine(norm []byte, msg string) int {
	lines := bytes.SplitAfter(norm, []byte("\n"))
	same := func(k int) bool {
		_, err := godotenv.UnmarshalBytes(bytes.Join(lines[:k], nil))
		return err != nil && err.Error() == msg
	}
	lo, hi := 1, len(lines)
	if !same(hi) {
		return 0
	}
	for lo < hi {
		mid := (lo + hi) / 2
		if same(mid) {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo
}
