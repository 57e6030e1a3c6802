//go:build unix

package supervisor

import (
	"context"
	"fmt"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"hum/backend/logs"
	"hum/backend/poll"
	"hum/backend/process"
	"hum/backend/stack"
	"hum/backend/watch"
)

// waitTimeout bounds every wait: the tests run under -race on a loaded box.
const waitTimeout = 60 * time.Second

// harness is a supervisor over a real manager and log store, as the
// session wires them.
type harness struct {
	t     *testing.T
	mgr   *process.Manager
	store *logs.Store
	sup   *Supervisor
	dir   string

	mu       sync.Mutex // protects policies, cycles, commands
	policies map[string]stack.Policy
	cycles   [][]string
	commands map[string]string
}

// tap is the session's sink: the log store, and the supervisor's Line.
type tap struct {
	*logs.Store
	h *harness
}

func (t tap) Line(id string, st process.Stream, line []byte) {
	t.Store.Line(id, st, line)
	t.h.sup.Line(id, line)
}

func newHarness(t *testing.T, commands map[string]string, policies map[string]stack.Policy) *harness {
	h := &harness{t: t, dir: t.TempDir(), policies: policies, commands: commands}
	var mgr *process.Manager
	h.store = logs.NewStore(logs.Options{OnURL: func(id string, u logs.URL) {
		mgr.Update(id, func(st *process.State) bool { return logs.RecordURL(st, u) })
	}})
	mgr = process.NewManager(process.Options{Sink: tap{h.store, h}, GracePeriod: 5 * time.Second})
	h.mgr = mgr
	h.sup = New(Options{
		Manager: mgr,
		Wake:    mgr.Changes().C(),
		Policies: func() (map[string]stack.Policy, [][]string) {
			h.mu.Lock()
			defer h.mu.Unlock()
			return h.policies, h.cycles
		},
		Spec: func(id string) (process.Spec, func(process.State), error) {
			h.mu.Lock()
			defer h.mu.Unlock()
			cmd, ok := h.commands[id]
			if !ok {
				return process.Spec{}, nil, fmt.Errorf("no script %s", id)
			}
			return process.Spec{ScriptID: id, Name: id, Command: cmd, Dir: h.dir}, nil, nil
		},
		Probes: ProbePackage(nil),
		Watch: func(ctx context.Context, dir string, w stack.Watch, changed func(), failed func(error)) error {
			return watch.Watch(ctx, dir, w, func([]string) { changed() }, failed)
		},
	})
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
		defer cancel()
		assert := h.sup.Close(ctx)
		_ = mgr.StopAll(ctx)
		h.store.Close()
		require.NoError(t, assert)
	})
	return h
}

// state is the current state of the script's row.
func (h *harness) state(id string) process.State {
	st, ok := h.sup.state(id)
	if !ok {
		return process.State{Identity: &process.Identity{}, Lifecycle: &process.Lifecycle{}}
	}
	return *st
}

// until waits for the script's state to satisfy cond.
func (h *harness) until(id string, what string, cond func(process.State) bool) process.State {
	h.t.Helper()
	var last process.State
	poll.Until(h.t, waitTimeout, func() bool { last = h.state(id); return cond(last) },
		"%s: got %v, want %s", id, lazy(func() string { return fmt.Sprintf("%s (%q)", last.Status, last.Detail) }), what)
	return last
}

// lazy formats as what its function returns when printed, so a failure
// message shows the last value seen, not the one when the wait began.
type lazy func() string

func (l lazy) String() string { return l() }

func (h *harness) start(ids ...string) []process.State {
	h.t.Helper()
	states, err := h.sup.Start(ids, false)
	require.NoError(h.t, err)
	return states
}

// lines is the process's stored output, in order.
func (h *harness) lines(id string) []string {
	st := h.state(id)
	var out []string
	for _, l := range h.store.Tail(st.ID, 1000).Lines {
		out = append(out, l.Text)
	}
	return out
}

// freePort returns a TCP port nothing listens on now.
func freePort(t *testing.T) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func dep(id string, c stack.Condition) stack.Dependency {
	return stack.Dependency{Ref: id, ID: id, Condition: c}
}
