package supervisor

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"hum/backend/process"
	"hum/backend/stack"
)

func TestDurationsReadAsPeopleWriteThem(t *testing.T) {
	for d, want := range map[time.Duration]string{
		500 * time.Millisecond:  "500ms",
		time.Second:             "1s",
		1500 * time.Millisecond: "2s",
		60 * time.Second:        "60s",
		150 * time.Second:       "2m30s",
		5 * time.Minute:         "5m",
	} {
		assert.Equal(t, want, words(d), "got %v for %v, want %v", words(d), d, want)
	}
}

func TestClosureListsDependenciesFirst(t *testing.T) {
	pol := map[string]stack.Policy{
		"web": {DependsOn: []stack.Dependency{{ID: "api"}, {ID: "cdn"}}},
		"api": {DependsOn: []stack.Dependency{{ID: "db"}, {ID: "cache"}}},
		"a":   {DependsOn: []stack.Dependency{{ID: "b"}}},
		"b":   {DependsOn: []stack.Dependency{{ID: "a"}}},
	}
	got := Closure([]string{"web"}, pol)
	assert.Equal(t, []string{"db", "cache", "api", "cdn", "web"}, got)
	assert.Equal(t, []string{"b", "a"}, Closure([]string{"a"}, pol), "a cycle is cut where it closes")
	assert.Equal(t, []string{"api", "web"}, dependents("db", pol))
	assert.True(t, dependsOn("web", "db", pol))
	assert.False(t, dependsOn("db", "web", pol))
}

func TestSuccessIsASuccessCode(t *testing.T) {
	ended := func(status process.Status, code int, pid int) *process.State {
		return &process.State{Status: status, Identity: &process.Identity{}, Lifecycle: &process.Lifecycle{ExitCode: code, PID: pid}}
	}
	assert.True(t, Succeeded(ended(process.StatusSucceeded, 0, 10), nil))
	assert.False(t, Succeeded(ended(process.StatusFailed, 1, 10), nil))
	assert.True(t, Succeeded(ended(process.StatusFailed, 2, 10), []int{0, 2}))
	assert.False(t, Succeeded(ended(process.StatusSucceeded, 0, 10), []int{2}), "0 is a success code only when listed, or when none are")
	assert.False(t, Succeeded(ended(process.StatusFailed, -1, 0), []int{-1}), "a command that never started never succeeded")
}
