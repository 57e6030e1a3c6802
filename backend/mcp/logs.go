package mcp

import (
	"fmt"
	"regexp"
	"strings"

	"hum/backend/logs"
	"hum/backend/session"
)

// get_logs' bounds. Whatever a process prints, one answer holds at most
// MaxLogBytes of text (an agent's context is small and costly) and
// MaxLogLines lines; a line longer than maxLogLine is cut.
const (
	MaxLogBytes     = 64 << 10
	MaxLogLines     = 5000
	DefaultLogLines = 200
	maxLogLine      = 2 << 10
	maxPattern      = 1 << 10
	pageSize        = 5000 // lines read from the store at a time
)

// LogsIn are get_logs' parameters.
type LogsIn struct {
	Process      string `json:"process,omitempty" jsonschema:"process ID, script or process name; empty for every process merged"`
	Lines        int    `json:"lines,omitempty" jsonschema:"how many lines at most (default 200, at most 5000): the newest ones, or with since_seq the oldest after it"`
	SinceSeq     uint64 `json:"since_seq,omitempty" jsonschema:"only lines after this sequence number: a previous answer's next_seq, to follow the output"`
	SinceRestart bool   `json:"since_restart,omitempty" jsonschema:"only lines of the process's current run"`
	Pattern      string `json:"pattern,omitempty" jsonschema:"a regular expression (Go syntax, (?i) for case-insensitive); only matching lines"`
	MaxBytes     int    `json:"max_bytes,omitempty" jsonschema:"bound on the text returned (default and at most 65536 bytes)"`
}

// LogsOut is get_logs' answer.
type LogsOut struct {
	Text      string `json:"text" jsonschema:"the lines, plain text (colours and control sequences removed), one per line; prefixed with the process name when several processes are merged"`
	Lines     int    `json:"lines"`
	NextSeq   uint64 `json:"next_seq" jsonschema:"pass as since_seq to get only what comes after"`
	Truncated bool   `json:"truncated" jsonschema:"more lines matched than the bounds let through: with since_seq, call again from next_seq; otherwise older ones were left out"`
	Gap       bool   `json:"gap,omitempty" jsonschema:"older lines were dropped by Hum's log bounds before they could be read"`
}

// readLogs answers get_logs from the store.
func readLogs(sess *session.Session, in LogsIn) (LogsOut, error) {
	limit := in.Lines
	if limit <= 0 {
		limit = DefaultLogLines
	}
	limit = min(limit, MaxLogLines)
	maxBytes := in.MaxBytes
	if maxBytes <= 0 || maxBytes > MaxLogBytes {
		maxBytes = MaxLogBytes
	}
	maxBytes = max(maxBytes, 64) // room for one cut line
	var re *regexp.Regexp
	if in.Pattern != "" {
		if len(in.Pattern) > maxPattern {
			return LogsOut{}, fmt.Errorf("pattern is longer than %d bytes", maxPattern)
		}
		var err error
		if re, err = regexp.Compile(in.Pattern); err != nil {
			return LogsOut{}, fmt.Errorf("pattern: %v", err)
		}
	}
	procID := ""
	var since int64 // unix ms; lines before it are left out
	if in.Process != "" {
		st, err := findProcess(sess, in.Process)
		if err != nil {
			return LogsOut{}, err
		}
		procID = st.ID
		if in.SinceRestart {
			since = st.StartedAt
		}
	} else if in.SinceRestart {
		return LogsOut{}, fmt.Errorf("since_restart needs a process")
	}
	names := map[string]string{}
	for _, st := range sess.Processes() {
		names[st.ID] = st.Name
	}
	keep := func(l logs.Line) bool {
		if since != 0 && l.Time.UnixMilli() < since {
			return false
		}
		return re == nil || re.MatchString(l.Text)
	}
	lineMax := min(maxLogLine, maxBytes-1) // a line that alone exceeds max_bytes is cut to fit
	format := func(l logs.Line) string {
		text := cut(l.Text, lineMax)
		if procID == "" {
			return cut(names[l.Proc]+" | "+text, lineMax)
		}
		return text
	}
	store := sess.Logs()
	switch {
	case in.SinceSeq > 0:
		return forward(store, procID, in.SinceSeq, limit, maxBytes, keep, format), nil
	case re == nil && since == 0:
		return tail(store, procID, limit, maxBytes, format), nil
	}
	return newest(store, procID, limit, maxBytes, keep, format), nil
}

// tail is newest without a filter: the store's own Tail, which reads only
// the lines it returns.
func tail(store *logs.Store, procID string, limit, maxBytes int, format func(logs.Line) string) LogsOut {
	pg := store.Tail(procID, limit)
	out := LogsOut{NextSeq: pg.Next, Gap: pg.Gap}
	picked := make([]string, len(pg.Lines))
	for i, l := range pg.Lines {
		picked[i] = format(l)
	}
	out.Text, out.Lines = fit(picked, maxBytes)
	st := store.Stats(procID)
	out.Truncated = out.Lines < st.Lines
	return out
}

// fit joins the newest of lines (oldest first) that fit in maxBytes, one
// per line, and says how many it took.
func fit(lines []string, maxBytes int) (string, int) {
	size, first := 0, len(lines)
	for first > 0 && size+len(lines[first-1])+1 <= maxBytes {
		first--
		size += len(lines[first]) + 1
	}
	if first == len(lines) {
		return "", 0
	}
	return strings.Join(lines[first:], "\n") + "\n", len(lines) - first
}

// forward returns the oldest lines after seq that fit the bounds, so that
// following from NextSeq misses nothing.
func forward(store *logs.Store, procID string, seq uint64, limit, maxBytes int, keep func(logs.Line) bool, format func(logs.Line) string) LogsOut {
	out := LogsOut{NextSeq: seq}
	var b strings.Builder
	for {
		pg := store.Page(procID, out.NextSeq, pageSize)
		out.Gap = out.Gap || pg.Gap
		for _, l := range pg.Lines {
			if keep(l) {
				s := format(l)
				if out.Lines == limit || b.Len()+len(s)+1 > maxBytes {
					out.Truncated = true
					out.Text = b.String()
					return out
				}
				b.WriteString(s)
				b.WriteByte('\n')
				out.Lines++
			}
			out.NextSeq = l.Seq
		}
		if len(pg.Lines) < pageSize {
			out.NextSeq = max(out.NextSeq, pg.Next)
			out.Text = b.String()
			return out
		}
	}
}

// newest returns the newest lines that fit the bounds, oldest first. With
// no filter that is one Tail; with one, the store is read through (it is
// bounded) keeping the newest matches.
func newest(store *logs.Store, procID string, limit, maxBytes int, keep func(logs.Line) bool, format func(logs.Line) string) LogsOut {
	var out LogsOut
	var picked []logs.Line // newest last, at most 2*limit
	matched := 0
	var seq uint64
	for {
		pg := store.Page(procID, seq, pageSize)
		out.Gap = out.Gap || pg.Gap
		for _, l := range pg.Lines {
			if keep(l) {
				matched++
				picked = append(picked, l)
				if len(picked) > 2*limit {
					picked = append(picked[:0], picked[len(picked)-limit:]...)
				}
			}
		}
		seq = pg.Next
		if len(pg.Lines) < pageSize {
			break
		}
	}
	out.NextSeq = seq
	if len(picked) > limit {
		picked = picked[len(picked)-limit:]
	}
	// Only what is kept is formatted.
	lines := make([]string, len(picked))
	for i, l := range picked {
		lines[i] = format(l)
	}
	out.Text, out.Lines = fit(lines, maxBytes)
	out.Truncated = matched > out.Lines
	return out
}
