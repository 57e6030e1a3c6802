package notify

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"hum/backend/process"
)

var t0 = time.Unix(1_700_000_000, 0)

// proc is one process's state: a version, a status and its run.
type proc struct {
	id, name string
	status   process.Status
	started  int64 // the run's StartedAt
	ended    int64
	code     int
	err      string
	detail   string
	version  uint64
	ready    string // ReadyNote; "" while not ready
	urls     []string
}

func (p proc) state() process.State {
	return process.State{
		Identity: &process.Identity{ID: p.id, Name: p.name},
		Status:   p.status,
		Version:  p.version,
		Lifecycle: &process.Lifecycle{StartedAt: p.started, EndedAt: p.ended, ExitCode: p.code, Err: p.err, Detail: p.detail,
			Ready: p.ready != "", ReadyNote: p.ready, URLs: p.urls},
	}
}

func states(ps ...proc) []process.State {
	out := make([]process.State, len(ps))
	for i, p := range ps {
		out[i] = p.state()
	}
	return out
}

func all() Settings { return Settings{Crashed: true, CrashLoop: true, Finished: true} }

// step is one snapshot the rules observe, at t0 + at.
type step struct {
	at    time.Duration
	procs []proc
	seen  bool
}

func run(t *testing.T, r *Rules, steps []step, until time.Duration) []Note {
	t.Helper()
	var notes []Note
	for _, s := range steps {
		// What a timer at Next would have sent by then goes first.
		notes = append(notes, r.Due(t0.Add(s.at))...)
		r.Observe(t0.Add(s.at), states(s.procs...), s.seen)
	}
	return append(notes, r.Due(t0.Add(until))...)
}

func TestRules(t *testing.T) {
	api := proc{id: "p1", name: "api", status: process.StatusRunning, started: 10, version: 1}
	web := proc{id: "p2", name: "web", status: process.StatusRunning, started: 10, version: 1}
	worker := proc{id: "p3", name: "worker", status: process.StatusRunning, started: 10, version: 1}
	build := proc{id: "p4", name: "build", status: process.StatusRunning, started: 10, version: 1}
	failed := func(p proc, code int) proc {
		// As the process core says it.
		p.status, p.ended, p.code, p.version = process.StatusFailed, 20, code, p.version+1
		p.err = fmt.Sprintf("exit status %d", code)
		return p
	}
	cases := []struct {
		name     string
		settings Settings
		steps    []step
		want     []Note
	}{{
		name:  "one crash",
		steps: []step{{procs: []proc{api}}, {at: 10 * time.Millisecond, procs: []proc{failed(api, 2)}}},
		want:  []Note{{Kind: KindCrashed, Summary: "api crashed", Body: "exit code 2", ProcIDs: []string{"p1"}}},
	}, {
		name: "three crashes within the window are one notification",
		steps: []step{
			{procs: []proc{api, web, worker}},
			{at: 100 * time.Millisecond, procs: []proc{failed(api, 1), web, worker}},
			{at: 600 * time.Millisecond, procs: []proc{failed(api, 1), failed(web, 1), failed(worker, 137)}},
		},
		want: []Note{{Kind: KindCrashed, Summary: "3 processes crashed", Body: "api, web, worker", ProcIDs: []string{"p1", "p2", "p3"}}},
	}, {
		name: "crashes further apart than the window are two",
		steps: []step{
			{procs: []proc{api, web}},
			{at: 100 * time.Millisecond, procs: []proc{failed(api, 1), web}},
			{at: 1500 * time.Millisecond, procs: []proc{failed(api, 1), failed(web, 3)}},
		},
		want: []Note{
			{Kind: KindCrashed, Summary: "api crashed", Body: "exit code 1", ProcIDs: []string{"p1"}},
			{Kind: KindCrashed, Summary: "web crashed", Body: "exit code 3", ProcIDs: []string{"p2"}},
		},
	}, {
		name: "a stop the user asked for is not told",
		steps: []step{
			{procs: []proc{api}},
			{at: 10 * time.Millisecond, procs: []proc{{id: "p1", name: "api", status: process.StatusStopped, started: 10, ended: 20, code: -1, version: 2}}},
		},
	}, {
		name: "a restart-policy restart counts once per crash",
		steps: []step{
			{procs: []proc{api}},
			{at: 10 * time.Millisecond, procs: []proc{failed(api, 1)}},
			{at: 20 * time.Millisecond, procs: []proc{{id: "p1", name: "api", status: process.StatusRestarting, started: 10, ended: 20, code: 1, version: 3}}},
			{at: 2 * time.Second, procs: []proc{{id: "p1", name: "api", status: process.StatusRunning, started: 30, version: 4}}},
			{at: 3 * time.Second, procs: []proc{{id: "p1", name: "api", status: process.StatusRestarting, started: 30, ended: 40, code: 1, version: 5}}},
		},
		want: []Note{
			{Kind: KindCrashed, Summary: "api crashed", Body: "exit code 1", ProcIDs: []string{"p1"}},
			{Kind: KindCrashed, Summary: "api crashed", Body: "exit code 1", ProcIDs: []string{"p1"}},
		},
	}, {
		name: "a crash loop is told as the pause, not as one more crash",
		steps: []step{
			{procs: []proc{api}},
			{at: 10 * time.Millisecond, procs: []proc{failed(api, 1)}},
			{at: 20 * time.Millisecond, procs: []proc{{id: "p1", name: "api", status: process.StatusCrashLoop, started: 10, ended: 20, code: 1, version: 3, detail: "failed 5 times in 1 minute; paused"}}},
		},
		want: []Note{{Kind: KindCrashLoop, Summary: "api keeps crashing: paused", Body: "failed 5 times in 1 minute; paused", ProcIDs: []string{"p1"}}},
	}, {
		name: "a build that finishes while the window is not seen",
		steps: []step{
			{procs: []proc{build}},
			{at: 10 * time.Millisecond, procs: []proc{{id: "p4", name: "build", status: process.StatusSucceeded, started: 10, ended: 20, version: 2}}},
		},
		want: []Note{{Kind: KindFinished, Summary: "build finished", Body: "It succeeded.", ProcIDs: []string{"p4"}}},
	}, {
		name: "a build that finishes while the window is seen is not told",
		steps: []step{
			{procs: []proc{build}, seen: true},
			{at: 10 * time.Millisecond, seen: true, procs: []proc{{id: "p4", name: "build", status: process.StatusSucceeded, started: 10, ended: 20, version: 2}}},
		},
	}, {
		name: "a server that exits 0 is not a build",
		steps: []step{
			{procs: []proc{api}},
			{at: 10 * time.Millisecond, procs: []proc{{id: "p1", name: "api", status: process.StatusSucceeded, started: 10, ended: 20, version: 2}}},
		},
	}, {
		name:     "a kind switched off is not told",
		settings: Settings{CrashLoop: true, Finished: true},
		steps:    []step{{procs: []proc{api}}, {at: 10 * time.Millisecond, procs: []proc{failed(api, 2)}}},
	}, {
		name:  "processes already failed when the project opens are not told",
		steps: []step{{procs: []proc{failed(api, 2)}}, {at: 10 * time.Millisecond, procs: []proc{failed(api, 2)}}},
	}, {
		name: "a process that failed to start is told",
		steps: []step{
			{procs: []proc{}},
			{at: 10 * time.Millisecond, procs: []proc{{id: "p1", name: "api", status: process.StatusFailed, started: 10, ended: 10, code: -1, err: "exec: \"apii\": not found", version: 2}}},
		},
		want: []Note{{Kind: KindCrashed, Summary: "api crashed", Body: "exec: \"apii\": not found", ProcIDs: []string{"p1"}}},
	}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			set := c.settings
			if set == (Settings{}) {
				set = all()
			}
			r := &Rules{Settings: set}
			got := run(t, r, c.steps, time.Minute)
			assert.Equal(t, c.want, got)
			_, pending := r.Next()
			assert.False(t, pending, "nothing is left pending")
		})
	}
}

func TestRulesWaitForTheWindow(t *testing.T) {
	r := &Rules{Settings: all()}
	api := proc{id: "p1", name: "api", status: process.StatusRunning, started: 10, version: 1}
	r.Observe(t0, states(api), false)
	api.status, api.ended, api.code, api.version = process.StatusFailed, 20, 1, 2
	r.Observe(t0.Add(100*time.Millisecond), states(api), false)
	at, ok := r.Next()
	require.True(t, ok)
	assert.Equal(t, t0.Add(100*time.Millisecond+Coalesce), at)
	assert.Empty(t, r.Due(at.Add(-time.Millisecond)), "before the window ends")
	assert.Len(t, r.Due(at), 1, "when it ends")
	assert.Empty(t, r.Due(at.Add(time.Hour)), "only once")
}

func TestRulesCustomSuccess(t *testing.T) {
	r := &Rules{Settings: all(), Success: func(st process.State) bool { return st.ExitCode == 0 || st.ExitCode == 3 }}
	api := proc{id: "p1", name: "api", status: process.StatusRunning, started: 10, version: 1}
	r.Observe(t0, states(api), false)
	api.status, api.ended, api.code, api.version = process.StatusFailed, 20, 3, 2
	r.Observe(t0, states(api), false)
	assert.Empty(t, r.Due(t0.Add(time.Hour)), "exit code 3 is a success code")
}

func TestBuildLike(t *testing.T) {
	for name, want := range map[string]bool{
		"build": true, "build:prod": true, "npm run build": true, "test": true, "lint": true, "typecheck": true,
		"dev": false, "api": false, "serve": false, "rebuilder": false, "testimony": false,
	} {
		assert.Equal(t, want, BuildLike(name), "BuildLike(%q)", name)
	}
}

func TestRulesReady(t *testing.T) {
	start := t0.UnixMilli()
	api := proc{id: "p1", name: "api", status: process.StatusRunning, started: start, version: 1}
	ready := func(p proc, note string, urls ...string) proc {
		p.ready, p.urls, p.version = note, urls, p.version+1
		return p
	}
	user := func(process.State) bool { return true }
	cases := []struct {
		name     string
		settings Settings
		user     func(process.State) bool
		at       time.Duration // when it becomes ready, after it started
		ready    proc
		want     []Note
	}{{
		name:  "ready after a while, with its URL",
		at:    12 * time.Second,
		ready: ready(api, "inferred from http://localhost:3000", "http://localhost:3000"),
		want:  []Note{{Kind: KindReady, Summary: "api is ready", Body: "http://localhost:3000", ProcIDs: []string{"p1"}}},
	}, {
		name:  "ready after a while, by its probe",
		at:    8 * time.Second,
		ready: ready(api, "tcp localhost:5432"),
		want:  []Note{{Kind: KindReady, Summary: "api is ready", Body: "tcp localhost:5432", ProcIDs: []string{"p1"}}},
	}, {
		name:  "ready at once is not told",
		at:    ReadyAfter - time.Second,
		ready: ready(api, "inferred from http://localhost:3000", "http://localhost:3000"),
	}, {
		name:  "ready only for having started is not told",
		at:    time.Minute,
		ready: ready(api, "started"),
	}, {
		name:  "a process the user did not start is not told",
		user:  func(process.State) bool { return false },
		at:    time.Minute,
		ready: ready(api, "tcp localhost:5432"),
	}, {
		name:     "off in the settings",
		settings: Settings{Crashed: true},
		at:       time.Minute,
		ready:    ready(api, "tcp localhost:5432"),
	}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			set := c.settings
			if set == (Settings{}) {
				set = Settings{Ready: true}
			}
			if c.user == nil {
				c.user = user
			}
			r := &Rules{Settings: set, UserStarted: c.user}
			got := run(t, r, []step{{procs: []proc{api}}, {at: c.at, procs: []proc{c.ready}}}, c.at+time.Minute)
			assert.Equal(t, c.want, got)
		})
	}

	t.Run("once per run, and again for the next", func(t *testing.T) {
		r := &Rules{Settings: Settings{Ready: true}, UserStarted: user}
		r.Observe(t0, states(api), false)
		up := ready(api, "tcp :1")
		r.Observe(t0.Add(10*time.Second), states(up), false)
		up.version++ // a CPU sample
		r.Observe(t0.Add(11*time.Second), states(up), false)
		assert.Len(t, r.Due(t0.Add(time.Minute)), 1)
		again := proc{id: "p1", name: "api", status: process.StatusRunning, started: start + 60_000, version: up.version + 1}
		r.Observe(t0.Add(time.Minute), states(again), false)
		r.Observe(t0.Add(2*time.Minute), states(ready(again, "tcp :1")), false)
		assert.Len(t, r.Due(t0.Add(3*time.Minute)), 1)
	})
}

func TestStarts(t *testing.T) {
	var s Starts
	st := func(id string, started int64, ready bool) process.State {
		return process.State{Identity: &process.Identity{ID: id}, Lifecycle: &process.Lifecycle{StartedAt: started, Ready: ready}}
	}
	assert.False(t, s.Claim(st("p1", 10, true)), "never started by the user")
	s.Mark(st("p1", 10, false))
	assert.False(t, s.Claim(st("p1", 5, true)), "an older run")
	assert.True(t, s.Claim(st("p1", 10, true)))
	assert.False(t, s.Claim(st("p1", 10, true)), "one readiness per start")
	s.Mark(st("p2", 0, false)) // waiting for what it depends on
	assert.True(t, s.Claim(st("p2", 99, true)))
	s.Mark(st("p3", 10, true)) // running and ready already: no readiness is coming
	assert.False(t, s.Claim(st("p3", 20, true)))
}

func TestRulesTerminal(t *testing.T) {
	r := &Rules{Settings: Settings{Terminal: true}}
	r.Printed(t0, "p1", "api", true, "", "")
	for i := range 100 { // a bell loop
		r.Printed(t0.Add(time.Duration(i)*time.Millisecond), "p1", "api", true, "", "")
	}
	r.Printed(t0.Add(200*time.Millisecond), "p2", "web", false, "", "Build done")
	assert.Equal(t, []Note{{Kind: KindTerminal, Summary: "2 processes ask for attention",
		Body: "api rang the bell; web: Build done", ProcIDs: []string{"p1", "p2"}}}, r.Due(t0.Add(time.Minute)))

	r = &Rules{Settings: Settings{Terminal: true}}
	r.Printed(t0, "p1", "api", false, "Tests", "All passed")
	r.Printed(t0.Add(TerminalEvery-time.Millisecond), "p1", "api", false, "", "dropped")
	assert.Equal(t, []Note{{Kind: KindTerminal, Summary: "api: Tests", Body: "All passed", ProcIDs: []string{"p1"}}}, r.Due(t0.Add(TerminalEvery-time.Millisecond)))
	r.Printed(t0.Add(TerminalEvery), "p1", "api", false, "", "Build done")
	assert.Equal(t, []Note{{Kind: KindTerminal, Summary: "api: Build done", ProcIDs: []string{"p1"}}}, r.Due(t0.Add(time.Hour)), "one per process per TerminalEvery")

	r = &Rules{Settings: Settings{Crashed: true}}
	r.Printed(t0, "p1", "api", true, "", "")
	assert.Empty(t, r.Due(t0.Add(time.Hour)), "off in the settings")
}

func TestRulesNameTheCrashError(t *testing.T) {
	api := proc{id: "p1", name: "api", status: process.StatusRunning, started: 10, version: 1}
	web := proc{id: "p2", name: "web", status: process.StatusRunning, started: 10, version: 1}
	var asked []string
	r := &Rules{Settings: all(), ErrorOf: func(id string, since int64) (DetectedError, bool) {
		asked = append(asked, fmt.Sprintf("%s since %d", id, since))
		if id == "p1" {
			return DetectedError{ID: 7, Title: "TypeError: x is not a function"}, true
		}
		return DetectedError{}, false
	}}
	crash := func(p proc) proc {
		p.status, p.ended, p.code, p.version = process.StatusFailed, 20, 1, 2
		return p
	}
	got := run(t, r, []step{{procs: []proc{api, web}}, {at: time.Millisecond, procs: []proc{crash(api), web}}}, time.Minute)
	want := Note{Kind: KindCrashed, Summary: "api crashed: TypeError: x is not a function", Body: "exit code 1", ProcIDs: []string{"p1"}, ErrorID: 7}
	assert.Equal(t, []Note{want}, got)
	assert.Equal(t, Target{ProcID: "p1", ErrorID: 7}, got[0].Target())
	assert.Equal(t, []string{"p1 since 10"}, asked, "the error is looked up when the notification goes out, in the crashed run")

	got = run(t, r, []step{{at: 2 * time.Minute, procs: []proc{crash(api), crash(web)}}}, 3*time.Minute)
	assert.Equal(t, []Note{{Kind: KindCrashed, Summary: "web crashed", Body: "exit code 1", ProcIDs: []string{"p2"}}}, got, "no error detected: as before")
}
