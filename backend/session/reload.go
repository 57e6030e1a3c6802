package session

import (
	"maps"
	"reflect"
	"slices"
	"strings"

	"hum/backend/discover"
	"hum/backend/process"
	"hum/backend/stack"
)

// reloadStack reads hum.yaml and the process-compose file again
// (stack.Read) and composes them over the scan Open made. Discovery is not
// run again: nothing it reads is in those files, and a scan
// of a big tree takes seconds. When the result differs from what the
// session shows, it becomes the session's project (the scripts, groups and
// problems every reader sees from then on), the running processes whose
// definition it changes are marked "restart to apply", and OnStackChange
// is called. Nothing is started, stopped or restarted: a process whose
// definition is gone runs on as it was. It reports whether anything
// changed.
func (s *Session) reloadStack() bool {
	s.reloadMu.Lock()
	old := s.now()
	st := stack.Read(s.found)
	if reflect.DeepEqual(st, old.stack) {
		s.reloadMu.Unlock()
		return false // saved without a change, or a change undone
	}
	next := newComposed(st, old.revision+1)
	s.cur.Store(next)
	s.watchEnv.addStack(s.root, st) // a file it now extends
	s.markDefinitions(next)
	s.reloadMu.Unlock()
	if s.onStack != nil {
		s.onStack(s)
	}
	return true
}

// EditStack changes the project's hum.yaml with change (stack.Edit: in
// place, keeping every comment; created with a short header when missing)
// and shows the result at once, as a change made on disk is shown.
// Nothing is written when change fails; its error says why.
func (s *Session) EditStack(change func(*stack.Doc) error) error {
	if err := s.open(); err != nil {
		return err
	}
	if err := stack.Edit(s.root, change); err != nil {
		return err
	}
	s.reloadStack()
	return nil
}

// markDefinitions marks each running process whose script next defines
// differently from what its run was started with (command, argv, folder,
// env, env files) with the name of the file that defines it, and clears that mark from one
// whose definition is what it started with again, or is gone (a restart
// then runs what it runs now: nothing to apply).
func (s *Session) markDefinitions(next *composed) {
	for _, st := range s.mgr.Snapshot() {
		if st.Status.Final() || st.ScriptID == "" {
			continue
		}
		rec, ok := s.envs.get(st.ID)
		if !ok || rec.script == nil {
			continue
		}
		sc, ok := next.scripts[st.ScriptID]
		if ok && !sameDefinition(*rec.script, sc) {
			s.mark(st, keepAll, definedIn(sc))
		} else {
			s.mark(st, func(name string) bool { return !isStackFile(name) })
		}
	}
}

// definedIn names the file that defines sc, for the "restart to apply"
// mark: its process-compose file, or hum.yaml (its own processes and the
// settings of every other script).
func definedIn(sc discover.Script) string {
	if sc.Source == stack.ProcessComposeSource {
		return discover.FileOf(sc)
	}
	return stack.FileName
}

// isStackFile reports whether a name in a "restart to apply" mark is
// hum.yaml or a process-compose file, rather than an env file.
func isStackFile(name string) bool {
	return name == stack.FileName || slices.Contains(stack.ProcessComposeFileNames, name)
}

// sameDefinition reports whether a and b run the same way: what a
// description or a group says of a script is not part of how it runs.
func sameDefinition(a, b discover.Script) bool {
	return a.Run == b.Run && slices.Equal(a.Argv, b.Argv) && a.Dir == b.Dir &&
		maps.Equal(a.Env, b.Env) && slices.Equal(a.EnvFiles, b.EnvFiles)
}

func keepAll(string) bool { return true }

// mark changes the names in the "restart to apply" mark of run st
// (State.EnvChanged): the names keep accepts stay, and add joins them,
// sorted, each once. Only the run st is marked: a restart since then
// started from the files as they are.
func (s *Session) mark(st process.State, keep func(name string) bool, add ...string) {
	s.mgr.Update(st.ID, func(cur *process.State) bool {
		if cur.Status.Final() || cur.StartedAt != st.StartedAt || cur.Restarts != st.Restarts {
			return false
		}
		var names []string
		if cur.EnvChanged != "" {
			for _, n := range strings.Split(cur.EnvChanged, ", ") {
				if keep(n) {
					names = append(names, n)
				}
			}
		}
		names = append(names, add...)
		slices.Sort(names)
		joined := strings.Join(slices.Compact(names), ", ")
		if joined == cur.EnvChanged {
			return false
		}
		cur.EditLifecycle().EnvChanged = joined
		return true
	})
}
