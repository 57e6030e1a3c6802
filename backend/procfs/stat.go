// Package procfs reads what Hum needs of Linux's /proc: one parser of a
// /proc/PID/stat line for every package that looks at processes (the
// metrics' tree scan, the process core's group check, the watchdog), so
// the tricky part (a command name with spaces and parentheses) is done
// once.
package procfs

import "bytes"

// Stat is what Hum uses of one /proc/PID/stat line.
type Stat struct {
	PID, PPID, PGID int32
	Start           int64 // starttime: clock ticks after boot; never the same for two processes that held one PID
	Zombie          bool  // state Z or X: gone but for its exit status
}

// ParseStat reads pid, state, ppid, pgrp and starttime from one line of
// /proc/<pid>/stat (see proc(5)), allocating nothing. The command name sits in parentheses and
// may itself hold spaces and parentheses, so fields are counted from the
// last ')'.
func ParseStat(b []byte) (Stat, bool) {
	var info Stat
	lp := bytes.IndexByte(b, '(')
	rp := bytes.LastIndexByte(b, ')')
	if lp < 1 || rp < lp || rp+2 >= len(b) {
		return info, false
	}
	pid, ok := parseInt(b[:lp-1])
	if !ok {
		return info, false
	}
	info.PID = int32(pid)
	// Fields after the name: 0 state, 1 ppid, 2 pgrp, …, 19 starttime.
	rest := b[rp+2:]
	field := 0
	for len(rest) > 0 && field <= 19 {
		end := bytes.IndexByte(rest, ' ')
		if end < 0 {
			end = len(rest)
		}
		tok := rest[:end]
		switch field {
		case 0:
			info.Zombie = len(tok) == 1 && (tok[0] == 'Z' || tok[0] == 'X')
		case 1, 2, 19:
			v, ok := parseInt(tok)
			if !ok {
				return info, false
			}
			switch field {
			case 1:
				info.PPID = int32(v)
			case 2:
				info.PGID = int32(v)
			case 19:
				info.Start = v
				return info, true
			}
		}
		field++
		if end == len(rest) {
			break
		}
		rest = rest[end+1:]
	}
	return info, false
}

// parseInt parses a decimal integer, allowing a leading minus and a
// trailing newline (the last field of the line).
func parseInt(b []byte) (int64, bool) {
	if len(b) > 0 && b[len(b)-1] == '\n' {
		b = b[:len(b)-1]
	}
	neg := len(b) > 0 && b[0] == '-'
	if neg {
		b = b[1:]
	}
	if len(b) == 0 || len(b) > 19 {
		return 0, false
	}
	var n int64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	if neg {
		n = -n
	}
	return n, true
}
