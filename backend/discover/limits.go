package discover

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Caps on what one scan returns. A hostile or generated file can declare
// millions of targets or mistakes; past these a person cannot use the list
// anyway, and the window would spend its memory drawing it. What is cut is
// said in one Problem.
const (
	MaxScriptsPerFile     = 2000
	MaxScriptsPerProject  = 10000
	MaxProblemsPerFile    = 100
	MaxProblemsPerProject = 500

	// maxCommand bounds a Command shown for a script when it is not what
	// runs (a Makefile recipe, Taskfile cmds): targets sharing one huge
	// recipe, or tasks aliasing one huge list, would otherwise copy it once
	// each.
	maxCommand = 4096

	// checkEvery is how many lines or members a parser handles between two
	// looks at the scan's deadline: often enough to stop within
	// milliseconds, rarely enough to cost nothing.
	checkEvery = 1024
)

// lineIndex maps byte offsets to 1-based lines in O(log n): the offsets of
// every '\n', built once per file in one pass.
type lineIndex []int

func newLineIndex(data []byte) lineIndex {
	var idx lineIndex
	for i, c := range data {
		if c == '\n' {
			idx = append(idx, i)
		}
	}
	return idx
}

// line returns the 1-based line of byte offset off (clamped to the file).
func (idx lineIndex) line(off int64) int {
	// The number of newlines strictly before off, plus one.
	return sort.SearchInts(idx, int(max(off, 0))) + 1
}

// fileParse carries what every parser needs besides the file's bytes: the
// scan's deadline, the file's name for Problems, and the caps. A parser
// reports through it and stops when stop says so. One goroutine uses it.
type fileParse struct {
	ctx   context.Context
	file  string
	data  []byte
	lines lineIndex // built on first use

	problems []Problem
	nProblem int    // every problem reported, kept or not
	nScript  int    // every script offered to keep, kept or not
	what     string // what the file's scripts are called ("scripts", "targets")
	stopped  bool   // the deadline passed; the file was read only in part
	stopLine int    // where reading stopped, 0 when unknown
}

func newFileParse(ctx context.Context, file string, data []byte, what string) *fileParse {
	if ctx == nil {
		ctx = context.Background()
	}
	return &fileParse{ctx: ctx, file: file, data: data, what: what}
}

// lineOf returns the 1-based line of a byte offset.
func (p *fileParse) lineOf(off int64) int {
	if p.lines == nil {
		p.lines = newLineIndex(p.data)
		if p.lines == nil {
			p.lines = lineIndex{} // built: no newline at all
		}
	}
	return p.lines.line(off)
}

// problem records a Problem at line, keeping the first MaxProblemsPerFile.
func (p *fileParse) problem(line int, msg string) {
	p.nProblem++
	if len(p.problems) < MaxProblemsPerFile {
		p.problems = append(p.problems, Problem{File: p.file, Line: line, Message: msg})
	}
}

// problemAt records a Problem at a byte offset.
func (p *fileParse) problemAt(off int64, msg string) {
	p.nProblem++
	if len(p.problems) < MaxProblemsPerFile {
		p.problems = append(p.problems, Problem{File: p.file, Line: p.lineOf(off), Message: msg})
	}
}

// keep reports whether one more script may be listed, counting it either way.
func (p *fileParse) keep() bool {
	p.nScript++
	return p.nScript <= MaxScriptsPerFile
}

// stop reports whether the parser must stop: checked every checkEvery
// calls (i counts them), it records the line reading stopped at once.
func (p *fileParse) stop(i, line int) bool {
	if p.stopped {
		return true
	}
	if i%checkEvery != 0 || p.ctx.Err() == nil {
		return false
	}
	p.stopped, p.stopLine = true, line
	return true
}

// stopAt is stop for parsers that know a byte offset rather than a line.
func (p *fileParse) stopAt(i int, off int64) bool {
	if p.stopped {
		return true
	}
	if i%checkEvery != 0 || p.ctx.Err() == nil {
		return false
	}
	p.stopped, p.stopLine = true, p.lineOf(off)
	return true
}

// result returns the kept Problems followed by one Problem for each thing
// that was cut: problems or scripts over the caps, a read cut by the
// deadline.
func (p *fileParse) result() []Problem {
	out := p.problems
	if p.nScript > MaxScriptsPerFile {
		out = append(out, Problem{File: p.file, Message: fmt.Sprintf("%s %s; listing the first %s",
			count(p.nScript), p.what, count(MaxScriptsPerFile))})
	}
	if p.nProblem > MaxProblemsPerFile {
		out = append(out, Problem{File: p.file, Message: fmt.Sprintf("%s problems; showing the first %s",
			count(p.nProblem), count(MaxProblemsPerFile))})
	}
	if p.stopped {
		why := "the scan's time ran out"
		if errors.Is(p.ctx.Err(), context.Canceled) {
			why = "the scan was cancelled"
		}
		msg := why + " while reading this file; only part of it is listed"
		if p.stopLine > 0 {
			msg = fmt.Sprintf("%s at line %d; only the part above it is listed", why, p.stopLine)
		}
		out = append(out, Problem{File: p.file, Line: p.stopLine, Message: msg})
	}
	return out
}

// count formats n with thousands separators: 2100000 is "2,100,000".
func count(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return "-" + count(-n)
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// commandBuilder joins commands with " && " up to maxCommand bytes, then
// marks the cut, so a shown Command never grows past the cap.
type commandBuilder struct {
	b   strings.Builder
	cut bool
}

func (c *commandBuilder) add(cmd string) {
	if c.cut || cmd == "" {
		return
	}
	sep := ""
	if c.b.Len() > 0 {
		sep = " && "
	}
	if c.b.Len()+len(sep)+len(cmd) > maxCommand {
		c.b.WriteString(sep)
		c.b.WriteString(clipBytes(cmd, maxCommand-c.b.Len()))
		c.b.WriteString("…")
		c.cut = true
		return
	}
	c.b.WriteString(sep)
	c.b.WriteString(cmd)
}

func (c *commandBuilder) String() string { return c.b.String() }

// joinCommands joins cmds with " && ", capped at maxCommand bytes.
func joinCommands(cmds []string) string {
	var c commandBuilder
	for _, cmd := range cmds {
		if c.cut {
			break
		}
		c.add(cmd)
	}
	return c.String()
}

// clipBytes cuts s to at most n bytes without splitting a UTF-8 sequence.
func clipBytes(s string, n int) string {
	if n <= 0 {
		return ""
	}
	if len(s) <= n {
		return s
	}
	for n > 0 && n < len(s) && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}
