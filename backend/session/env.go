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
	mu sync.Mutex             // protects by
	by map[string]environ.Env // guarded by mu; by process ID, never modified once stored
}

func (e *envs) set(id string, env environ.Env) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.by == nil {
		e.by = map[string]environ.Env{}
	}
	e.by[id] = env
}

func (e *envs) get(id string) (environ.Env, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	env, ok := e.by[id]
	return env, ok
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
	if env, ok := s.envs.get(procID); ok {
		return env, nil
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
// script's EnvFiles, then its Env, named after its source.
func ScriptEnv(root string, sc discover.Script, base environ.Layer) (environ.Env, error) {
	env, err := environ.Build(environ.Request{
		Base:      base,
		Root:      root,
		Files:     sc.EnvFiles,
		Vars:      sc.Env,
		VarsLayer: discover.SourceTitle(sc.Source),
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
	return spec, env, nil
}

// commandEnv is the environment of an ad-hoc command: the base, .env and
// .env.local of the project, as a command typed in a terminal there would
// get from a dotenv-aware shell.
func (s *Session) commandEnv() (environ.Env, error) {
	env, err := environ.Build(environ.Request{Base: s.baseLayer(), Root: s.project.Root})
	if err != nil {
		return nil, fmt.Errorf("the command's environment: %w", err)
	}
	return env, nil
}

// startScript starts a new process for sc with its layered environment.
func (s *Session) startScript(sc discover.Script) (process.State, error) {
	spec, env, err := LayeredSpec(s.project.Root, sc, s.baseLayer())
	if err != nil {
		return process.State{}, err
	}
	st, err := s.mgr.Start(spec)
	if st.ID != "" {
		s.envs.set(st.ID, env)
		s.logs.SetDir(st.ID, spec.Dir)
	}
	return st, err
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
	var env environ.Env
	var err error
	if sc, ok := s.scripts[cur.ScriptID]; ok && cur.ScriptID != "" {
		env, err = ScriptEnv(s.project.Root, sc, s.baseLayer())
	} else {
		env, err = s.commandEnv()
	}
	if err != nil {
		return cur, err
	}
	st, err := s.mgr.RestartWithEnv(id, env.List())
	if err == nil || errors.Is(err, process.ErrStart) {
		s.envs.set(id, env) // the new run got it, even one that failed to start
	}
	return st, err
}
