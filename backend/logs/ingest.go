package logs

// The write side of the store: lines arrive from the process core (Line,
// LinePart), get their display and plain forms, URLs and errors, and go into
// the process's ring and to subscribers (subscribe.go). Errors finish here
// too, when their stream goes quiet (sweepTick).

import (
	"bytes"
	"strings"
	"time"

	"hum/backend/process"
	"hum/backend/termnotify"
)

// Line stores one line a process printed; it implements process.Sink and
// relies on its contract: one line, at most the core's MaxLine bytes, so
// the store neither splits nor cuts (process.lineWriter does, once). The
// slice is copied; a carriage-return progress line is collapsed to its
// final state, and the line is sanitised (see sanitize).
func (s *Store) Line(procID string, stream process.Stream, line []byte) {
	s.line(procID, stream, line, lineDone)
}

// LinePart stores a piece of a line that goes on in the next call, as Line
// does, marking it More; it implements process.PartSink.
func (s *Store) LinePart(procID string, stream process.Stream, part []byte) {
	s.line(procID, stream, part, lineMore)
}

// LineIdle stores the start of a line the process paused in (a prompt),
// as Line does, marking it Open; it implements process.IdleSink.
func (s *Store) LineIdle(procID string, stream process.Stream, line []byte) {
	s.line(procID, stream, line, lineOpen)
}

var (
	_ process.PartSink = (*Store)(nil)
	_ process.IdleSink = (*Store)(nil)
)

// How a delivered line ends: with its newline, going on in the next line
// (LinePart), or with the process quiet in the middle of it (LineIdle).
type lineEnd uint8

const (
	lineDone lineEnd = iota
	lineMore
	lineOpen
)

// line stores what Line, LinePart and LineIdle were given.
func (s *Store) line(procID string, stream process.Stream, line []byte, end lineEnd) {
	s.life.RLock()
	defer s.life.RUnlock()
	if s.closed.Load() {
		return
	}
	if s.opts.OnSignal != nil {
		// On the raw line: rendering keeps only what the row shows at the end.
		for _, sig := range termnotify.Scan(line) {
			s.opts.OnSignal(procID, sig)
		}
	}
	s.append(procID, stream, line, time.Now(), end)
}

// form is a line made ready to store: its display and plain forms, the
// OSC-8 targets it links to, and what it does to the terminal.
type form struct {
	raw, text string
	links     []string
	term      termInfo
	screen    bool // printed in (or into, or out of) the alternate screen
}

// prepare makes b, a line as the process core delivers it, ready to
// store; inAlt says its stream was in the alternate screen before it. A
// line that is plain text or colours only (nearly every line) takes the
// sanitiser alone; scanTerm finds the others.
func prepare(b []byte, inAlt bool) form {
	var f form
	if !inAlt && bytes.IndexByte(bytes.TrimRight(b, "\r"), '\r') < 0 {
		var moves bool
		f.raw, f.text, f.links, moves = sanitizeLine(b, true)
		if !moves {
			return f
		}
	}
	f.term = scanTerm(b)
	f.screen = inAlt || f.term.alt != 0
	switch {
	case f.screen:
		_, f.text, f.links = render(b)
		f.raw = screenRaw(b)
	case f.term.render:
		f.raw, f.text, f.links = render(b)
	}
	// Otherwise it sets a mode or the like: sanitizeLine's forms stand (a
	// '\r' with text after it always renders).
	return f
}

func (s *Store) append(procID string, stream process.Stream, b []byte, now time.Time, end lineEnd) {
	si := streamIndex(stream)
	inAlt := false
	if s.inAlt.Load() > 0 {
		s.mu.Lock()
		if p := s.procs[procID]; p != nil {
			inAlt = p.alt[si]
		}
		s.mu.Unlock()
	}
	f := prepare(b, inAlt)
	if k, head := f.term.cut(inAlt, len(b)); k > 0 && (head && prepare(b[:k], false).text != "" || !head && prepare(b[k:], false).text != "") {
		// A line that enters or leaves the alternate screen midway (less
		// quits and the shell prints on that row): each screen gets its
		// piece, the first Open so the process's view writes the second
		// straight after it. A piece of escapes alone (a title restored)
		// stays with the switch.
		s.append(procID, stream, b[:k], now, lineOpen)
		s.append(procID, stream, b[k:], now, end)
		return
	}
	raw, text := f.raw, f.text
	var found []URL
	if !f.screen && (len(f.links) > 0 || strings.Contains(text, "://")) {
		found = ClassifyURLs(text, f.links)
	}
	prompt := ""
	if !f.screen && end == lineOpen && LooksLikePrompt(text) {
		prompt = text
	}
	size := len(raw)
	if len(text) != len(raw) || raw != text {
		// raw and text share one string when they are equal.
		size += len(text)
	}

	modes := string(f.term.modes)
	size += len(modes)

	s.mu.Lock()
	p := s.procLocked(procID)
	if f.term.alt != 0 {
		s.setAltLocked(p, si, f.term.alt > 0)
	}
	s.seq++
	ln := Line{Seq: s.seq, Proc: procID, Stream: stream.String(), Time: now, Raw: raw, Text: text, More: end == lineMore, Open: end == lineOpen, Screen: f.screen}
	ln.Modes = modes
	p.ring.push(entry{line: ln, size: size})
	for sub := range s.subs {
		sub.addLocked(ln)
	}
	var newURLs []URL
	for _, u := range found {
		if p.addURLLocked(u) {
			newURLs = append(newURLs, u)
		}
	}
	promptChanged := p.prompt != prompt
	p.prompt = prompt
	s.mu.Unlock()

	if s.opts.OnURL != nil {
		for _, u := range newURLs {
			s.opts.OnURL(procID, u)
		}
	}
	if promptChanged && s.opts.OnPrompt != nil {
		s.opts.OnPrompt(procID, prompt)
	}
	if f.screen {
		return
	}

	p.detMu[si].Lock()
	var done []finished
	if f.term.clear {
		// A cleared screen ends what was on it: a watcher (tsc --watch,
		// a test runner) clears before each new run.
		done = p.det[si].finish(nil)
	}
	done = p.det[si].feed(text, now, done)
	collecting := p.det[si].cur.active
	p.detMu[si].Unlock()
	if len(done) > 0 {
		s.emitErrors(s.storeErrors(p, done))
	}
	if collecting && s.sweepArmed.CompareAndSwap(false, true) {
		s.sweepTimer.Reset(s.opts.ErrorIdle)
	}
}

// addURLLocked remembers u, a server URL under its own cap and a link
// under the links' cap, and says whether it is new (to report): a link
// seen before that is now announced as the server moves to the server
// URLs. The caller holds Store.mu.
func (p *proc) addURLLocked(u URL) bool {
	if containsString(p.urls, u.Addr) {
		return false
	}
	if u.Server {
		if len(p.urls) >= maxServerURLsPerProc {
			return false
		}
		p.urls = append(p.urls, u.Addr)
		for i, l := range p.links {
			if l == u.Addr {
				// URLs() and Links() hand out copies: shifting in place is safe.
				p.links = append(p.links[:i], p.links[i+1:]...)
				break
			}
		}
		return true
	}
	if len(p.links) >= maxLinksPerProc || containsString(p.links, u.Addr) {
		return false
	}
	p.links = append(p.links, u.Addr)
	return true
}

// storeErrors gives finished errors their IDs and keeps them.
func (s *Store) storeErrors(p *proc, done []finished) []ErrorEntry {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range done {
		s.errSeq++
		done[i].ID = s.errSeq
		done[i].Proc = p.id
		if p.removed {
			continue
		}
		if len(p.errs) >= s.opts.MaxErrors {
			// Errors() hands out copies, so shifting in place is safe.
			copy(p.errs, p.errs[1:])
			p.errs = p.errs[:len(p.errs)-1]
		}
		p.errs = append(p.errs, done[i])
	}
	return done
}

func (s *Store) emitErrors(es []ErrorEntry) {
	if s.opts.OnError == nil {
		return
	}
	for _, e := range es {
		s.opts.OnError(e)
	}
}

// sweepTick finishes errors whose stream has gone quiet.
func (s *Store) sweepTick() {
	s.life.RLock()
	defer s.life.RUnlock()
	if s.closed.Load() {
		return
	}
	s.sweepArmed.Store(false)
	now := time.Now()
	again := false
	for _, p := range s.procList("") {
		for si := range p.det {
			p.detMu[si].Lock()
			done := p.det[si].idle(now, s.opts.ErrorIdle, nil)
			if p.det[si].cur.active {
				again = true
			}
			p.detMu[si].Unlock()
			if len(done) > 0 {
				s.emitErrors(s.storeErrors(p, done))
			}
		}
	}
	if again && s.sweepArmed.CompareAndSwap(false, true) {
		s.sweepTimer.Reset(s.opts.ErrorIdle)
	}
}
