package session

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"hum/backend/discover"
	"hum/backend/environ"
	"hum/backend/process"
)

// baseWait bounds how long a start waits for the first login-shell capture
// (which its own timeout already bounds) before it starts from whatever
// the base is then.
const baseWait = 30 * time.Second

// envs remembers the environment each process was started with and where
// each value came from, by process ID. It is not part of process.State: a
// process's environment changes only when it is (re)started, and the
// window asks for it only when its Env tab is shown.
type envs struct {
	mu sync.Mutex           // protects by
	by map[string]envRecord // guarded by mu; by process ID
}

// envRecord is what a process's current run was started with.
type envRecord struct {
	env    environ.Env       // never modified once stored
	script *discover.Script  // the script it runs; nil for an ad-hoc command
	dir    string            // an ad-hoc command's absolute folder
	files  map[string]string // the files its layers read or would read: absolute path to the name the layer shows
}

func (e *envs) set(id string, rec envRecord) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.by == nil {
		e.by = map[string]envRecord{}
	}
	e.by[id] = rec
}

func (e *envs) get(id string) (envRecord, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	rec, ok := e.by[id]
	return rec, ok
}

func (e *envs) forget(id string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	delete(e.by, id)
}

// Env returns the environment the process was last started with, every
// variable with the layer that set it, sorted by name. The slice is shared
// and must not be modified.
func (s *Session) Env(procID string) (environ.Env, error) {
	if rec, ok := s.envs.get(procID); ok {
		return rec.env, nil
	}
	return nil, fmt.Errorf("%w: %s", process.ErrNotFound, procID)
}

// baseLayer is the lowest layer of every environment: Options.Base's, or
// Hum's own environment when the session has none.
func (s *Session) baseLayer() environ.Layer {
	if s.base == nil {
		return environ.Layer{Name: environ.LayerHum, Vars: process.UserEnviron()}
	}
	ctx, cancel := context.WithTimeout(context.Background(), baseWait)
	defer cancel()
	return s.base.Layer(ctx)
}

// ScriptEnv builds the layered environment of a script of the project in
// root over base (see package environ): .env and .env.local in root, the
// script's EnvFiles, then its Env, named after its source, whose values
// expand from the layers below (but a VS Code task's, see VarsLiteral).
func ScriptEnv(root string, sc discover.Script, base environ.Layer) (environ.Env, error) {
	env, err := environ.Build(environ.Request{
		Base:      base,
		Root:      root,
		Dir:       resolve(root, sc.Dir),
		Files:     sc.EnvFiles,
		Vars:      sc.Env,
		VarsLayer: discover.SourceTitle(sc.Source),
		// VS Code tasks substitute ${env:NAME} themselves (discovery did);
		// a '$' in their values is not a reference.
		VarsLiteral: sc.Source == discover.SourceVSCode,
	})
	if err != nil {
		return nil, fmt.Errorf("%s's environment: %w", sc.Name, err)
	}
	return env, nil
}

// LayeredSpec is ScriptSpec with the script's layered environment over
// base as the complete environment it starts from (Spec.Environ; the
// script's own Env is part of it, expanded, so Spec.Env is empty). The
// window and `hum run` both start scripts from it. It fails, starting
// nothing, when a layer cannot be used.
func LayeredSpec(root string, sc discover.Script, base environ.Layer) (process.Spec, environ.Env, error) {
	env, err := ScriptEnv(root, sc, base)
	if err != nil {
		return process.Spec{}, nil, err
	}
	spec := ScriptSpec(root, sc)
	spec.Env, spec.Environ = nil, env.List()
	if v, ok := env.Lookup("TERM"); ok && v.Layer != base.Name {
		// The project chose it (.env, hum.yaml): it wins over the TERM a
		// process on a terminal gets in place of Hum's own (Spec.Env
		// does; Environ is what it replaces).
		spec.Env = []string{"TERM=" + v.Value}
	}
	return spec, env, nil
}

// commandEnv is the environment of an ad-hoc command run in the absolute
// folder dir: the base, .env and .env.local of the project, as a command
// typed in a terminal there would get from a dotenv-aware shell.
func (s *Session) commandEnv(dir string) (environ.Env, error) {
	env, err := environ.Build(environ.Request{Base: s.baseLayer(), Root: s.root, Dir: dir})
	if err != nil {
		return nil, fmt.Errorf("the command's environment: %w", err)
	}
	return env, nil
}

// record remembers the environment of a process's new run and watches the
// files it was built from.
func (s *Session) record(id string, env environ.Env, sc *discover.Script, dir string) {
	files := map[string]string{}
	names := []string{".env", ".env.local"}
	if sc != nil {
		names = append(names, sc.EnvFiles...)
	}
	for _, n := range names {
		files[resolve(s.root, n)] = n
	}
	s.envs.set(id, envRecord{env: env, script: sc, dir: dir, files: files})
	s.watchEnv.add(files)
}

// rebuild builds a process's environment again from its record.
func (s *Session) rebuild(rec envRecord) (environ.Env, error) {
	if rec.script != nil {
		return ScriptEnv(s.root, *rec.script, s.baseLayer())
	}
	return s.commandEnv(rec.dir)
}

// restart restarts a process with its environment built again, so that a
// changed .env applies. When the environment cannot be built the process
// is left as it is, running or not.
func (s *Session) restart(id string) (process.State, error) {
	p, ok := s.mgr.Get(id)
	if !ok {
		return s.mgr.Restart(id) // not found, as the manager says it
	}
	cur := *p.State()
	sc := s.definition(cur)
	if sc == nil {
		env, err := s.commandEnv(cur.Dir)
		if err != nil {
			return cur, err
		}
		st, err := s.mgr.RestartWithEnv(id, env.List())
		if err == nil || errors.Is(err, process.ErrStart) {
			s.record(id, env, nil, cur.Dir) // the new run got it, even one that failed to start
		}
		return st, err
	}
	if row, ok := s.sup.Row(cur.ScriptID); ok && row == id {
		// The supervisor's row: it builds the spec as hum.yaml defines
		// the script now, and its backoff and crash-loop count start over.
		return s.sup.Restart(cur.ScriptID)
	}
	// The script as hum.yaml defines it now: a changed command, folder or
	// environment applies with the restart.
	spec, env, err := LayeredSpec(s.root, *sc, s.baseLayer())
	if err != nil {
		return cur, err
	}
	st, err := s.mgr.RestartWithSpec(id, spec)
	if err == nil || errors.Is(err, process.ErrStart) {
		s.record(id, env, sc, spec.Dir)
	}
	return st, err
}

// definition is what a restart of the process runs: its script as the
// project defines it now, or, when the project no longer has it (removed
// from hum.yaml), the script its last run was started from. nil for an
// ad-hoc command.
func (s *Session) definition(st process.State) *discover.Script {
	if st.ScriptID == "" {
		return nil
	}
	if sc, ok := s.Script(st.ScriptID); ok {
		return &sc
	}
	if rec, ok := s.envs.get(st.ID); ok && rec.script != nil {
		sc := *rec.script
		return &sc
	}
	return nil
}
