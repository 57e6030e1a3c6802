package tray

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"hum/backend/process"
)

func withDetail(d string) func(*process.State) { return func(s *process.State) { s.Detail = d } }

// TestBuildViewSupervisedStatuses checks the menu's words and the summary
// for the statuses the supervisor publishes: a crash loop and a blocked
// process are failures (red icon), waiting and restarting are neither
// running nor failed.
func TestBuildViewSupervisedStatuses(t *testing.T) {
	long := "waiting for db (ready): tcp localhost:5432 refused, 4 tries, and then some more words"
	procs := []process.State{
		st("p1", "web", process.StatusRunning, func(s *process.State) { s.Ready, s.ReadyNote = true, "inferred from http://localhost:5173" }),
		st("p2", "api", process.StatusWaiting, withDetail("waiting for db (ready)")),
		st("p3", "jobs", process.StatusBlocked, withDetail("db failed (exit 1)")),
		st("p4", "worker", process.StatusRestarting, func(s *process.State) { s.EndedAt, s.ExitCode, s.NextStart = 1, 2, 5 }),
		st("p5", "mail", process.StatusCrashLoop, withDetail("failed 5 times in 60s; paused. Start it again when it is fixed")),
		st("p6", "cron", process.StatusWaiting, withDetail(long)),
		st("p7", "db", process.StatusRunning),
	}
	v := buildView(procs, nil, nil)
	var titles []string
	for _, p := range v.Procs {
		titles = append(titles, p.Title)
	}
	want := []string{
		"web — ready",
		"api — waiting for db (ready)",
		"jobs — blocked: db failed (exit 1)",
		"worker — restarting (exit 2)",
		"mail — crash loop (paused)",
		"cron — " + string([]rune(long)[:maxDetail-1]) + "…",
		"db — running",
	}
	assert.Equal(t, want, titles, "titles: got %v, want %v", titles, want)
	assert.Equal(t, "2 running, 3 waiting, 2 failed", v.Tooltip)
	assert.True(t, v.Failed, "a crash loop and a blocked process turn the icon red")
	assert.Equal(t, 6, v.Running, "Stop all stops what waits, is blocked or restarts: got %d, want 6", v.Running)
	for _, p := range v.Procs {
		if strings.HasPrefix(p.Title, "mail") {
			assert.False(t, p.CanStop, "a paused crash loop has nothing to stop")
		} else {
			assert.True(t, p.CanStop, "%s: got no Stop, want one", p.Title)
		}
	}

	waitingOnly := buildView([]process.State{st("p1", "api", process.StatusWaiting), st("p2", "w", process.StatusRestarting)}, nil, nil)
	assert.Equal(t, "0 running, 2 waiting, 0 failed", waitingOnly.Tooltip)
	assert.False(t, waitingOnly.Failed, "waiting is not a failure")

	blocked := buildView([]process.State{st("p1", "api", process.StatusBlocked)}, nil, nil)
	assert.Equal(t, "0 running, 1 failed", blocked.Tooltip)
	assert.Equal(t, []string{"api — blocked"}, []string{blocked.Procs[0].Title}, "without a Detail the status alone")
}
