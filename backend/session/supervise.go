package session

import (
	"context"

	"hum/backend/discover"
	"hum/backend/logs"
	"hum/backend/ports"
	"hum/backend/process"
	"hum/backend/stack"
	"hum/backend/supervisor"
	"hum/backend/watch"
)

// lineTap is the process core's sink: every line goes to the log store,
// and to the supervisor, which matches the lines of the processes with a
// pending log condition (a log probe, a dependent's log_ready) and costs
// one atomic load for every other line.
type lineTap struct {
	*logs.Store                        // written once in Open
	sup         *supervisor.Supervisor // written once in Open, before any process starts
	// conflict is told of a line that says a port is taken; written once
	// in Open, before any process starts.
	conflict func(procID string, port int)
}

// Line stores the line and shows it to the supervisor.
func (t *lineTap) Line(procID string, stream process.Stream, line []byte) {
	t.Store.Line(procID, stream, line)
	t.sup.Line(procID, line)
	if ports.MayConflict(line) && t.conflict != nil {
		if port, ok := ports.ConflictPort(logs.Plain(string(line))); ok {
			t.conflict(procID, port)
		}
	}
}

// newSupervisor makes the session's supervisor: it reads the policies of
// the project as composed at each decision (a hum.yaml reload applies to
// the next start), builds each run's spec with its layered environment
// and records that environment, as a start from the window always has.
// guard (Options.Guard) is told of its exec probes' trees as the
// Manager is of the processes'.
func (s *Session) newSupervisor(wake <-chan struct{}, guard process.Guard) *supervisor.Supervisor {
	return supervisor.New(supervisor.Options{
		Manager: s.mgr,
		Wake:    wake,
		Policies: func() (map[string]stack.Policy, [][]string) {
			st := s.now().stack
			return st.Policies, st.Cycles
		},
		Spec: func(scriptID string) (process.Spec, func(process.State), error) {
			sc, ok := s.Script(scriptID)
			if !ok {
				sc, ok = s.lastDefinition(scriptID)
			}
			if !ok {
				return process.Spec{}, nil, ErrUnknownScript
			}
			spec, env, err := LayeredSpec(s.root, sc, s.baseLayer())
			if err != nil {
				return process.Spec{}, nil, err
			}
			return spec, func(st process.State) {
				if st.ID != "" {
					s.record(st.ID, env, &sc, spec.Dir)
					s.logs.SetDir(st.ID, spec.Dir)
				}
			}, nil
		},
		Name: func(scriptID string) string {
			if sc, ok := s.Script(scriptID); ok {
				return sc.Name
			}
			return scriptID
		},
		Probes:    supervisor.ProbePackage(guard),
		BeforeRun: s.logs.NewRun,
		Watch: func(ctx context.Context, dir string, w stack.Watch, changed func(), failed func(error)) error {
			return watch.Watch(ctx, dir, w, func([]string) { changed() }, failed)
		},
	})
}

// lastDefinition is the script a process of scriptID was last started
// from, for a script the project no longer has (removed from hum.yaml).
func (s *Session) lastDefinition(scriptID string) (discover.Script, bool) {
	id, ok := s.sup.Row(scriptID)
	if !ok {
		return discover.Script{}, false
	}
	if rec, ok := s.envs.get(id); ok && rec.script != nil {
		return *rec.script, true
	}
	return discover.Script{}, false
}
