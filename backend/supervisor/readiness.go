package supervisor

import (
	"context"
	"fmt"
	"time"

	"hum/backend/process"
	"hum/backend/stack"
)

// readiness follows one run until it is ready (or ctx ends with the run):
// its probe when it has one, else inferred from what it prints. A log
// probe needs nothing here: its watch was armed with the launch (armLocked).
func (s *Supervisor) readiness(ctx context.Context, u *unit, proc string, key runKey, p *stack.Probe, env probeEnv) {
	if p != nil {
		if p.Kind == stack.ProbeLog {
			return
		}
		if s.opts.Probes == nil {
			return
		}
		s.probe(ctx, u, proc, key, *p, env, s.opts.Probes.Describe(*p))
		return
	}
	// Inferred: a server URL the run prints within InferWindow is probed
	// (st.URLs holds only those: the links it prints, documentation or an
	// upstream it calls, are in st.Links and say nothing of its readiness);
	// without one, the run is ready for having started.
	started := time.UnixMilli(key.started)
	timer := time.NewTimer(time.Until(started.Add(InferWindow)))
	defer timer.Stop()
	for {
		if pr, ok := s.opts.Manager.Get(proc); ok && s.opts.Probes != nil {
			st := pr.State()
			if keyOf(st) != key {
				return
			}
			for _, url := range st.URLs {
				if inferred, ok := s.opts.Probes.InferURL(url); ok {
					s.probe(ctx, u, proc, key, inferred, env, "inferred from "+url)
					return
				}
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-u.kick:
		case <-timer.C:
			s.markReady(proc, &key, "started")
			return
		}
	}
}

// probe runs a probe of one run and publishes what it finds: Ready with
// note when it passes; its latest failure and its giving up in u, for the
// dependents' words.
func (s *Supervisor) probe(ctx context.Context, u *unit, proc string, key runKey, p stack.Probe, env probeEnv, note string) {
	desc := s.opts.Probes.Describe(p)
	res, err := s.opts.Probes.Run(ctx, p, env.dir, env.environ, func(tries int, err error) {
		s.mu.Lock()
		if u.seen == key {
			u.probeNote = fmt.Sprintf("%s, %d %s", failureWords(desc, err), tries, plural(tries, "try", "tries"))
		}
		s.mu.Unlock()
		s.wake()
	})
	if ctx.Err() != nil {
		return // the run ended, or the supervisor did
	}
	if err != nil { // a probe that cannot be tried as written
		s.mu.Lock()
		if u.seen == key {
			u.probeGaveUp = "could not be probed: " + err.Error()
		}
		s.mu.Unlock()
		s.wake()
		return
	}
	if res.OK {
		s.mu.Lock()
		if u.seen == key {
			u.probeNote = ""
		}
		s.mu.Unlock()
		s.markReady(proc, &key, note)
		return
	}
	s.mu.Lock()
	if u.seen == key {
		u.probeGaveUp = fmt.Sprintf("was not ready after %d %s: %s", res.Tries, plural(res.Tries, "try", "tries"), res.Err)
	}
	s.mu.Unlock()
	s.wake()
}

// failureWords is a probe's failure as the dependents show it; the
// probe's error usually names the probe already.
func failureWords(desc string, err error) string {
	if err == nil {
		return desc + " failed"
	}
	return err.Error()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// markReady publishes that the process's run (key's, or the current one
// when key is nil) is ready, while it runs.
func (s *Supervisor) markReady(proc string, key *runKey, note string) {
	s.opts.Manager.Update(proc, func(st *process.State) bool {
		if !st.Status.Active() || st.Ready || key != nil && keyOf(st) != *key {
			return false
		}
		l := st.EditLifecycle()
		l.Ready, l.ReadyNote = true, note
		return true
	})
}
