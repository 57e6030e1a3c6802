//go:build unix

package watchdog

import (
	"fmt"
	"io"
	"os"
	"sync"
)

// Guard is Hum's end of the pipe: a process.Guard. The zero of *Guard
// (nil) does nothing.
type Guard struct {
	mu     sync.Mutex     // serialises writes, so lines never interleave
	w      io.WriteCloser // written once in start
	broken bool           // guarded by mu: a write failed (the watchdog is gone); stop writing
	exited chan struct{}  // written once in start; closed once the watchdog has exited

	// file is the state file (state.go) that keeps the records for the
	// next Hum, "" for none; written once in start. It is written even
	// once the pipe is broken: then it is all that is left. A goroutine
	// (save) rewrites it, so that Track and Forget, which run on every
	// process start and end, never wait for the disk; a burst of them
	// costs one or two rewrites.
	file   string
	st     state         // guarded by mu; st.trees unused (see trees)
	trees  map[int]tree  // guarded by mu; the live trees, by group
	closed bool          // guarded by mu: Close has begun; no more saves
	dirty  chan struct{} // written once in start; a pending save (capacity 1), closed by Close under mu
	saved  chan struct{} // written once in start; closed once save has returned
}

// Exited is closed once the watchdog has exited: after Close, when it has
// done its work; before, if something killed it.
func (g *Guard) Exited() <-chan struct{} { return g.exited }

// Track records a tree that has just started, by its leader's PID and
// start time. Safe for concurrent use; never blocks for long (the
// watchdog reads at once, and a pipe buffers 64 KiB).
func (g *Guard) Track(pid int) {
	if g == nil {
		return
	}
	start, ok := startTime(pid)
	if !ok {
		return // already gone: nothing to guard
	}
	var cmd string
	if g.file != "" {
		cmd = sanitise(cmdline(pid))
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	g.writeLocked(fmt.Sprintf("track %d %d\n", pid, start))
	if g.file != "" {
		g.trees[pid] = tree{record: record{pgid: pid, start: start}, command: cmd}
		g.saveLocked()
	}
}

// Forget says the tree of pid is gone.
func (g *Guard) Forget(pid int) {
	if g == nil {
		return
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	g.writeLocked(fmt.Sprintf("forget %d\n", pid))
	if _, ok := g.trees[pid]; ok && g.file != "" {
		delete(g.trees, pid)
		g.saveLocked()
	}
}

func (g *Guard) write(line string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.writeLocked(line)
}

// writeLocked writes line on the pipe; the caller holds g.mu.
func (g *Guard) writeLocked(line string) {
	if g.broken {
		return
	}
	if _, err := io.WriteString(g.w, line); err != nil {
		g.broken = true
	}
}

// startSaving starts save, and the first save (the file exists from the
// start, with no trees). Called once, before g is shared.
func (g *Guard) startSaving() {
	g.dirty, g.saved = make(chan struct{}, 1), make(chan struct{})
	g.dirty <- struct{}{}
	go g.save()
}

// saveLocked asks save to rewrite the state file; the caller holds g.mu.
func (g *Guard) saveLocked() {
	if g.closed {
		return
	}
	select {
	case g.dirty <- struct{}{}:
	default: // a save is pending already, and will see this change
	}
}

// save rewrites the state file after each change, with the records as
// they are then, until Close. A failure (a full disk) costs only the next
// Hum's report, never a start, so it is dropped: the next change tries
// again.
func (g *Guard) save() {
	defer close(g.saved)
	for range g.dirty {
		g.mu.Lock()
		if g.closed {
			g.mu.Unlock()
			return
		}
		st := g.st
		st.trees = make([]tree, 0, len(g.trees))
		for _, t := range g.trees {
			st.trees = append(st.trees, t)
		}
		g.mu.Unlock()
		_ = writeState(g.file, st)
	}
}

// Close ends the watch as Hum's exit would: the watchdog ends what is
// still recorded (nothing, once every tree was stopped) and exits.
func (g *Guard) Close() error {
	if g == nil {
		return nil
	}
	g.mu.Lock()
	first := !g.closed
	g.closed = true
	if first && g.file != "" {
		close(g.dirty)
	}
	g.mu.Unlock()
	if first && g.file != "" {
		<-g.saved // no rewrite may follow the removal
		// A clean exit: nothing is left for the next Hum to report.
		_ = os.Remove(g.file)
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	g.broken = true
	return g.w.Close()
}
