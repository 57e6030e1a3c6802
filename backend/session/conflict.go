package session

import (
	"slices"

	"hum/backend/ports"
	"hum/backend/process"
)

// portConflict names who holds the port a run of procID said it could not
// listen on, in the run's state (Lifecycle.Conflict): one of Hum's own
// processes, which the window offers to stop, or another program, by name
// and PID, which Hum never signals. Finding the holder reads every
// process's open files, so it runs off the line's goroutine, once per run
// and port.
func (s *Session) portConflict(procID string, port int) {
	pr, ok := s.mgr.Get(procID)
	if !ok {
		return
	}
	st := pr.State()
	if st.Conflict != nil && st.Conflict.Port == port {
		return
	}
	started := st.StartedAt
	go func() {
		c := &process.PortConflict{Port: port}
		if h, ok := ports.Owner(port); ok {
			c.PID, c.Name = h.PID, h.Name
			c.ProcID = s.holderProc(h.PID)
		}
		s.mgr.Update(procID, func(st *process.State) bool {
			if st.StartedAt != started || (st.Conflict != nil && *st.Conflict == *c) {
				return false // a new run, or already said
			}
			st.EditLifecycle().Conflict = c
			return true
		})
	}()
}

// holderProc returns the ID of the running process of Hum's whose tree pid
// is in, "" for a process Hum did not start.
func (s *Session) holderProc(pid int) string {
	up := ports.Ancestry(pid)
	for _, st := range s.mgr.Snapshot() {
		if st.PID > 0 && !st.Status.Final() && slices.Contains(up, st.PID) {
			return st.ID
		}
	}
	return ""
}
