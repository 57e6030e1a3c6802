package stack

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"hum/backend/discover"
)

// pcFixture loads one of testdata/processcompose's projects.
func pcFixture(t *testing.T, dir string) File {
	t.Helper()
	f := LoadProcessCompose(filepath.Join("testdata", "processcompose", dir))
	require.True(t, f.Found, "got Found false for %s, want true", dir)
	return f
}

func pcProcess(t *testing.T, f File, name string) Process {
	t.Helper()
	for _, pr := range f.Processes {
		if pr.Name == name {
			return pr
		}
	}
	require.Failf(t, "no process", "got processes %v, want one named %q", pcNames(f), name)
	return Process{}
}

func pcNames(f File) []string {
	out := []string{}
	for _, pr := range f.Processes {
		out = append(out, pr.Name)
	}
	return out
}

// pcMessages are the problems as "file:line: message", to compare in full.
func pcMessages(f File) []string {
	out := []string{}
	for _, p := range f.Problems {
		out = append(out, fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Message))
	}
	return out
}

// hasProblem checks that a problem at file:line contains want.
func hasProblem(t *testing.T, f File, file string, line int, want string) {
	t.Helper()
	for _, p := range f.Problems {
		if p.File == file && p.Line == line && strings.Contains(p.Message, want) {
			return
		}
	}
	assert.Failf(t, "missing problem", "got problems %v, want one at %s:%d containing %q", pcMessages(f), file, line, want)
}

func withoutPC(env map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range env {
		if !strings.HasPrefix(k, "PC_") {
			out[k] = v
		}
	}
	return out
}

func TestLoadProcessCompose(t *testing.T) {
	const pc = "process-compose.yaml"
	for _, tc := range []struct {
		dir   string
		check func(t *testing.T, f File)
	}{
		{"stack", func(t *testing.T, f File) {
			require.Empty(t, f.Problems, "got problems %v, want none", pcMessages(f))
			assert.Equal(t, pc, f.Name)
			assert.Equal(t, []string{"db", "migrate", "cache", "api", "web"}, pcNames(f))
			db := pcProcess(t, f, "db")
			assert.Equal(t, "postgres -D ./data -p 5432", db.Command)
			assert.Equal(t, &Probe{Kind: ProbeExec, Command: "pg_isready -h localhost -p 5432", InitialDelay: time.Second,
				Period: 2 * time.Second, Timeout: time.Second, FailureThreshold: 30, Pos: Pos{8, 7}}, db.Policy.Readiness)
			assert.Equal(t, []Dependency{{Ref: "db", Condition: ConditionReady, Pos: Pos{17, 7}}}, pcProcess(t, f, "migrate").Policy.DependsOn)
			// ready_log_line is a substring in process-compose: quoted into a pattern.
			assert.Equal(t, &Probe{Kind: ProbeLog, Pattern: "Ready to accept connections", Pos: Pos{20, 3}}, pcProcess(t, f, "cache").Policy.Readiness)
			api := pcProcess(t, f, "api")
			assert.Equal(t, []Dependency{
				{Ref: "db", Condition: ConditionReady, Pos: Pos{27, 7}},
				{Ref: "migrate", Condition: ConditionCompletedSuccessfully, Pos: Pos{29, 7}},
				{Ref: "cache", Condition: ConditionLogReady, Pattern: "Ready to accept connections", Pos: Pos{31, 7}},
			}, api.Policy.DependsOn)
			assert.Equal(t, "http://localhost:8080/healthz", api.Policy.Readiness.URL)
			// A dependency without a condition waits for the end, as
			// process-compose's zero condition does.
			assert.Equal(t, []Dependency{
				{Ref: "api", Condition: ConditionStarted, Pos: Pos{42, 7}},
				{Ref: "migrate", Condition: ConditionCompleted, Pos: Pos{44, 7}},
			}, pcProcess(t, f, "web").Policy.DependsOn)
			assert.Equal(t, map[string]string{"PC_PROC_NAME": "web", "PC_REPLICA_NUM": "0"}, pcProcess(t, f, "web").Env)
		}},
		{"probes", func(t *testing.T, f File) {
			assert.Equal(t, &Probe{Kind: ProbeHTTP, URL: "https://127.0.0.1:8443/ready", Statuses: []int{204},
				InitialDelay: 3 * time.Second, Period: 5 * time.Second, Timeout: 2 * time.Second, FailureThreshold: 10, Pos: Pos{5, 7}},
				pcProcess(t, f, "full").Policy.Readiness)
			// process-compose's defaults: 127.0.0.1, /, status 200, every 10 s, 1 s, 3 failures.
			assert.Equal(t, &Probe{Kind: ProbeHTTP, URL: "http://127.0.0.1:9000/", Statuses: []int{200},
				Period: 10 * time.Second, Timeout: time.Second, FailureThreshold: 3, Pos: Pos{20, 7}},
				pcProcess(t, f, "defaults").Policy.Readiness)
			check := pcProcess(t, f, "check").Policy.Readiness
			assert.Equal(t, ProbeExec, check.Kind)
			assert.Equal(t, "test -f /tmp/worker.ready", check.Command)
			assert.Equal(t, "http://example.test/", pcProcess(t, f, "badport").Policy.Readiness.URL)
			hasProblem(t, f, pc, 34, `port "99999" is not a port`)
			assert.Len(t, f.Problems, 1, "got problems %v, want the port's only", pcMessages(f))
		}},
		{"availability", func(t *testing.T, f File) {
			// backoff_seconds is a constant wait: Backoff = MaxBackoff.
			assert.Equal(t, Restart{Policy: RestartOnFailure, Backoff: 2 * time.Second, MaxBackoff: 2 * time.Second, MaxRestarts: 5},
				pcProcess(t, f, "flaky").Policy.Restart)
			assert.Equal(t, Restart{Policy: RestartAlways, Backoff: time.Second, MaxBackoff: time.Second},
				pcProcess(t, f, "forever").Policy.Restart)
			assert.Equal(t, Policy{Restart: Restart{Policy: RestartNo}}, pcProcess(t, f, "once").Policy)
			assert.Equal(t, Policy{Restart: Restart{Policy: RestartNo}, ExitOnFailure: true}, pcProcess(t, f, "critical").Policy)
			assert.Equal(t, Policy{Restart: Restart{SuccessCodes: []int{0, 3}}, ExitOnEnd: true}, pcProcess(t, f, "tests").Policy)
			assert.Equal(t, Policy{}, pcProcess(t, f, "wrong").Policy)
			hasProblem(t, f, pc, 33, `"sometimes" is not one of no, on_failure, always, exit_on_failure`)
		}},
		{"extends-file", func(t *testing.T, f File) {
			require.Empty(t, f.Problems, "got problems %v, want none", pcMessages(f))
			assert.Equal(t, []string{"api", "tool", "extra"}, pcNames(f))
			api := pcProcess(t, f, "api")
			assert.Equal(t, "./api", api.Command)
			// The extended file's processes run in its folder.
			assert.Equal(t, "common", api.Dir)
			assert.Equal(t, map[string]string{"LOG_LEVEL": "debug", "PORT": "8080"}, withoutPC(api.Env))
			assert.Equal(t, "common/bin", pcProcess(t, f, "tool").Dir)
			assert.Equal(t, ".", pcProcess(t, f, "extra").Dir)
		}},
		{"extends-process", func(t *testing.T, f File) {
			assert.Equal(t, []string{"base", "worker", "deep"}, pcNames(f))
			worker := pcProcess(t, f, "worker")
			assert.Equal(t, "echo base", worker.Command)
			assert.Equal(t, "app", worker.Dir)
			assert.Equal(t, map[string]string{"FOO": "override", "SHARED": "1", "EXTRA": "2"}, withoutPC(worker.Env))
			assert.Equal(t, RestartAlways, worker.Policy.Restart.Policy)
			assert.True(t, pcProcess(t, f, "base").Policy.Disabled, "got base enabled, want disabled")
			assert.False(t, worker.Policy.Disabled, "got worker disabled, want is_disabled \"false\" to win")
			deep := pcProcess(t, f, "deep")
			assert.Equal(t, "echo deep", deep.Command)
			assert.Equal(t, "deep", deep.Env["PC_PROC_NAME"])
			assert.Equal(t, "override", deep.Env["FOO"])
			hasProblem(t, f, pc, 24, `no process "nobody"`)
			hasProblem(t, f, pc, 27, "loop-a extends a process that extends it back")
			hasProblem(t, f, pc, 30, `"loop-a" is left out, so this process is too`)
		}},
		{"override", func(t *testing.T, f File) {
			assert.Equal(t, []string{"api", "db", "cache"}, pcNames(f))
			api := pcProcess(t, f, "api")
			assert.Equal(t, "./api --port 9090 --debug", api.Command)
			assert.Equal(t, map[string]string{"A": "4", "B": "5", "C": "8"}, withoutPC(api.Env))
			// depends_on merges by name: the base's db and the override's
			// cache (line 8 of the override); db stays disabled, so api does
			// not wait for it.
			assert.Equal(t, []Dependency{{Ref: "cache", Condition: ConditionReady, Pos: Pos{8, 7}, File: "process-compose.override.yaml"}}, api.Policy.DependsOn)
			assert.Equal(t, []string{"process-compose.yaml:8: processes.api.depends_on.db: db is disabled, so process-compose starts api without waiting for it, and so does Hum"},
				pcMessages(f))
			assert.Equal(t, Restart{Policy: RestartOnFailure, Backoff: 3 * time.Second, MaxBackoff: 3 * time.Second, MaxRestarts: 2}, api.Policy.Restart)
			// As in process-compose, disabled: false does not undo a
			// disabled: true (is_disabled: "false" does).
			assert.True(t, pcProcess(t, f, "db").Policy.Disabled, "got db enabled, want disabled: false not to override")
			assert.Equal(t, "redis-cli ping", pcProcess(t, f, "cache").Policy.Readiness.Command)
		}},
		{"replicas", func(t *testing.T, f File) {
			require.Empty(t, f.Problems, "got problems %v, want none", pcMessages(f))
			names := pcNames(f)
			require.Len(t, names, 3+12+1)
			assert.Equal(t, []string{"web-0", "web-1", "web-2"}, names[:3])
			assert.Equal(t, "worker-00", names[3])
			assert.Equal(t, "worker-11", names[14])
			web1 := pcProcess(t, f, "web-1")
			assert.Equal(t, "python3 -m http.server 801", web1.Command)
			assert.Equal(t, "1", web1.Env["PC_REPLICA_NUM"])
			assert.Equal(t, "web", web1.Env["PC_PROC_NAME"])
			// A dependency on a replicated process waits for every replica.
			var refs []string
			for _, d := range pcProcess(t, f, "lb").Policy.DependsOn {
				refs = append(refs, d.Ref)
			}
			assert.Equal(t, []string{"web-0", "web-1", "web-2"}, refs)
		}},
		{"namespaces", func(t *testing.T, f File) {
			require.Empty(t, f.Problems, "got problems %v, want none", pcMessages(f))
			groups := map[string][]string{}
			var order []string
			for _, g := range f.Groups {
				order = append(order, g.Name)
				for _, m := range g.Members {
					groups[g.Name] = append(groups[g.Name], m.Ref)
				}
			}
			assert.Equal(t, []string{"infra", "cache", "backend", "default"}, order)
			assert.Equal(t, map[string][]string{"infra": {"db", "cache"}, "cache": {"cache"}, "backend": {"api"}, "default": {"docs"}}, groups)
		}},
		{"disabled", func(t *testing.T, f File) {
			require.Empty(t, f.Problems, "got problems %v, want none", pcMessages(f))
			assert.False(t, pcProcess(t, f, "on").Policy.Disabled)
			assert.True(t, pcProcess(t, f, "off").Policy.Disabled)
			assert.True(t, pcProcess(t, f, "off-by-string").Policy.Disabled)
			assert.Len(t, f.Processes, 3, "got %v, want disabled processes listed too", pcNames(f))
		}},
		{"env", func(t *testing.T, f File) {
			api := pcProcess(t, f, "api")
			// ${VAR} comes from the project's .env; ${VAR:-default} falls
			// back; $$ is a $ left for the shell.
			assert.Equal(t, "./api --port 7000 --host 0.0.0.0 $HOME", api.Command)
			assert.Equal(t, "config", api.Dir)
			assert.Equal(t, map[string]string{"GLOBAL": "1", "SHARED": "api", "URL": "postgres://app@localhost/app?sslmode=disable"}, withoutPC(api.Env))
			// env_file is relative to working_dir; Hum reads .env itself.
			assert.Equal(t, []string{"config/api.env"}, api.EnvFiles)
			bare := pcProcess(t, f, "bare")
			assert.Equal(t, []string{".env.bare"}, bare.EnvFiles)
			assert.Equal(t, "global", bare.Env["SHARED"])
			assert.Equal(t, []string{"process-compose.yaml:14: processes.bare: is_dotenv_disabled is ignored: Hum gives every process the project's .env and .env.local"},
				pcMessages(f))
		}},
		{"malformed", func(t *testing.T, f File) {
			// Each mistake is said where it is; the processes beside them stay.
			assert.Equal(t, []string{"good", "deps", "after"}, pcNames(f))
			hasProblem(t, f, pc, 4, "processes.nocommand has no command")
			hasProblem(t, f, pc, 8, "environment must be a list of KEY=VALUE, not a mapping")
			hasProblem(t, f, pc, 11, `"../elsewhere" leads out of the project`)
			hasProblem(t, f, pc, 14, `working_dir "/etc"`)
			hasProblem(t, f, pc, 15, `process name "has space"`)
			hasProblem(t, f, pc, 21, `"process_ready" is not one of`)
			hasProblem(t, f, pc, 22, "depends_on.also must be a mapping, not a list")
			hasProblem(t, f, pc, 25, `unknown key "bogus"`)
			assert.Equal(t, ConditionStarted, pcProcess(t, f, "deps").Policy.DependsOn[0].Condition)
		}},
		{"syntax", func(t *testing.T, f File) {
			assert.Equal(t, []string{"process-compose.yaml:5: not valid YAML: found unexpected end of stream"}, pcMessages(f))
			assert.Empty(t, f.Processes)
		}},
		{"unsupported", func(t *testing.T, f File) {
			proc := pcProcess(t, f, "proc")
			assert.Equal(t, "./test_loop.bash", proc.Command)
			assert.Equal(t, "http://localhost:80/", proc.Policy.Readiness.URL)
			assert.Equal(t, RestartAlways, proc.Policy.Restart.Policy)
			for line, key := range map[int]string{
				2: "log_level", 3: "log_length", 4: "log_location", 5: "is_strict", 6: "shell", 9: "vars",
				17: "log_location", 19: "is_elevated", 20: "is_daemon", 21: "is_interactive",
				22: "is_foreground", 23: "disable_ansi_colors", 24: "launch_timeout_seconds", 25: "truncate_log",
				26: "monitor_for", 27: "vars", 29: "liveness_probe", 37: "headers", 39: "success_threshold",
				42: "exit_on_skipped", 44: "shutdown.command", 45: "shutdown.signal", 47: "shutdown.parent_only",
				48: "schedule", 50: "watch",
			} {
				hasProblem(t, f, pc, line, key+" is ignored")
			}
			// One grace period per project: the longest timeout_seconds.
			assert.Equal(t, 10*time.Second, f.Defaults.GracePeriod)
			hasProblem(t, f, pc, 46, "uses the longest, 10s")
			for _, p := range f.Problems {
				assert.NotContains(t, p.Message, "x-", "got %q, want x- extensions ignored silently", p.Message)
			}
			assert.False(t, proc.Pipes, "got pipes, want is_tty: true to run it on a terminal")
			assert.Len(t, f.Problems, 26, "got problems %v", pcMessages(f))
		}},
		{"docker-compose", func(t *testing.T, f File) {
			// compose.yaml comes first in process-compose's names, but this
			// one is docker compose's.
			assert.Equal(t, "process-compose.yml", f.Name)
			assert.Equal(t, []string{"app"}, pcNames(f))
		}},
	} {
		t.Run(tc.dir, func(t *testing.T) { tc.check(t, pcFixture(t, tc.dir)) })
	}
}

func TestLoadProcessComposeNone(t *testing.T) {
	f := LoadProcessCompose(t.TempDir())
	assert.Equal(t, File{}, f)
}

// writeProject writes files into a new project folder.
func writeProject(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for name, text := range files {
		full := filepath.Join(root, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(full), 0o755))
		require.NoError(t, os.WriteFile(full, []byte(text), 0o644))
	}
	return root
}

func TestLoadProcessComposeFiles(t *testing.T) {
	t.Run("preference", func(t *testing.T) {
		// process-compose.yml before .yaml, and one override only.
		root := writeProject(t, map[string]string{
			"process-compose.yml":           "processes:\n  a: {command: yml}\n",
			"process-compose.yaml":          "processes:\n  a: {command: yaml}\n",
			"compose.override.yml":          "processes:\n  b: {command: first}\n",
			"process-compose.override.yaml": "processes:\n  c: {command: second}\n",
		})
		f := LoadProcessCompose(root)
		assert.Equal(t, "process-compose.yml", f.Name)
		assert.Equal(t, []string{"a", "b"}, pcNames(f))
		assert.Equal(t, "yml", f.Processes[0].Command)
	})
	t.Run("problems name their file", func(t *testing.T) {
		root := writeProject(t, map[string]string{
			"process-compose.yaml":          "extends: base.yaml\nprocesses:\n  a: {command: a}\n",
			"base.yaml":                     "processes:\n  b: {command: b, is_elevated: true}\n",
			"process-compose.override.yaml": "processes:\n  a: {command: a2, schedule: {}}\n  c:\n    command: c\n    liveness_probe: {exec: {command: x}}\n",
		})
		f := LoadProcessCompose(root)
		assert.Equal(t, []string{"b", "a", "c"}, pcNames(f))
		assert.Equal(t, "a2", pcProcess(t, f, "a").Command)
		hasProblem(t, f, "base.yaml", 2, "is_elevated is ignored")
		hasProblem(t, f, "process-compose.override.yaml", 5, "liveness_probe is ignored")
	})
	t.Run("extends refused", func(t *testing.T) {
		root := writeProject(t, map[string]string{
			"process-compose.yaml": "extends: ../outside.yaml\nprocesses:\n  a: {command: a}\n",
		})
		f := LoadProcessCompose(root)
		assert.Equal(t, []string{"a"}, pcNames(f))
		hasProblem(t, f, "process-compose.yaml", 1, "leads out of the project")

		root = writeProject(t, map[string]string{
			"process-compose.yaml": "extends: b.yaml\nprocesses:\n  a: {command: a}\n",
			"b.yaml":               "extends: process-compose.yaml\nprocesses:\n  b: {command: b}\n",
		})
		f = LoadProcessCompose(root)
		assert.Equal(t, []string{"b", "a"}, pcNames(f))
		hasProblem(t, f, "b.yaml", 1, "read already")

		root = writeProject(t, map[string]string{"process-compose.yaml": "extends: missing.yaml\nprocesses:\n  a: {command: a}\n"})
		hasProblem(t, LoadProcessCompose(root), "process-compose.yaml", 1, "not there")
	})
	t.Run("absolute working_dir inside", func(t *testing.T) {
		root := writeProject(t, map[string]string{"sub/x": ""})
		abs, err := filepath.Abs(filepath.Join(root, "sub"))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(root, "process-compose.yaml"),
			fmt.Appendf(nil, "processes:\n  a:\n    command: a\n    working_dir: %q\n", filepath.ToSlash(abs)), 0o644))
		f := LoadProcessCompose(root)
		require.Empty(t, f.Problems, "got problems %v, want none", pcMessages(f))
		assert.Equal(t, "sub", pcProcess(t, f, "a").Dir)
	})
	t.Run("symlink out", func(t *testing.T) {
		outside := t.TempDir()
		root := writeProject(t, map[string]string{"process-compose.yaml": "processes:\n  a: {command: a, working_dir: link}\n  b: {command: b}\n"})
		if err := os.Symlink(outside, filepath.Join(root, "link")); err != nil {
			t.Skipf("no symlinks here: %v", err)
		}
		f := LoadProcessCompose(root)
		assert.Equal(t, []string{"b"}, pcNames(f))
		hasProblem(t, f, "process-compose.yaml", 2, "leads out of the project through a symlink")
	})
	t.Run("huge", func(t *testing.T) {
		big := "processes:\n  a: {command: a}\n# " + strings.Repeat("x", discover.MaxFileSize) + "\n"
		root := writeProject(t, map[string]string{"process-compose.yaml": big})
		f := LoadProcessCompose(root)
		assert.True(t, f.Found)
		assert.Empty(t, f.Processes)
		require.Len(t, f.Problems, 1)
		assert.Contains(t, f.Problems[0].Message, "larger than the 4194304 byte limit")
		assert.Equal(t, "process-compose.yaml", f.Problems[0].File)
	})
}

func TestParseProcessComposeCaps(t *testing.T) {
	t.Run("processes", func(t *testing.T) {
		var b strings.Builder
		b.WriteString("processes:\n")
		for i := range MaxProcesses + 10 {
			fmt.Fprintf(&b, "  p%d: {command: echo}\n", i)
		}
		f := ParseProcessCompose([]byte(b.String()), "process-compose.yaml")
		assert.Len(t, f.Processes, MaxProcesses)
		hasProblem(t, f, "process-compose.yaml", MaxProcesses+2, fmt.Sprintf("more than %d processes", MaxProcesses))
	})
	t.Run("replicas", func(t *testing.T) {
		f := ParseProcessCompose([]byte("processes:\n  a:\n    command: echo\n    replicas: 1000000\n"), "pc.yaml")
		assert.Equal(t, []string{"a"}, pcNames(f), "got %v, want the process once", pcNames(f))
		hasProblem(t, f, "pc.yaml", 4, "it must be from 0 to")
		f = ParseProcessCompose([]byte("processes:\n  a:\n    command: echo\n    replicas: 2000\n  b: {command: echo}\n"), "pc.yaml")
		assert.Len(t, f.Processes, MaxProcesses)
		hasProblem(t, f, "pc.yaml", 5, "more than")
	})
	t.Run("problems", func(t *testing.T) {
		var b strings.Builder
		b.WriteString("processes:\n")
		for i := range 300 {
			fmt.Fprintf(&b, "  p%d: {command: echo, is_elevated: true}\n", i)
		}
		f := ParseProcessCompose([]byte(b.String()), "process-compose.yaml")
		assert.Len(t, f.Processes, 300)
		assert.Len(t, f.Problems, discover.MaxProblemsPerFile+1)
		assert.Equal(t, "300 problems; showing the first 100", f.Problems[discover.MaxProblemsPerFile].Message)
	})
	t.Run("size", func(t *testing.T) {
		f := ParseProcessCompose(make([]byte, discover.MaxFileSize+1), "process-compose.yaml")
		require.Len(t, f.Problems, 1)
		assert.Contains(t, f.Problems[0].Message, "larger than")
	})
	t.Run("extends alone", func(t *testing.T) {
		f := ParseProcessCompose([]byte("extends: base.yaml\nprocesses:\n  a: {command: a}\n"), "process-compose.yaml")
		assert.Equal(t, []string{"a"}, pcNames(f))
		hasProblem(t, f, "process-compose.yaml", 1, "read only with the project")
	})
}

func TestPCInterpolate(t *testing.T) {
	env := map[string]string{"A": "1", "EMPTY": ""}
	lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	for _, tc := range []struct{ in, want string }{
		{"$A ${A} x$A", "1 1 x1"},
		{"${B:-def} ${EMPTY:-def} ${EMPTY-def} ${B-def}", "def def  def"},
		{"$$A $$ $", "$A $ $"},
		{"${B} $B.", " ."},
		{"${A:?err}", "${A:?err}"},
		{"${unclosed", "${unclosed"},
	} {
		got, _ := pcInterpolate(tc.in, lookup)
		assert.Equal(t, tc.want, got, "pcInterpolate(%q): got %q, want %q", tc.in, got, tc.want)
	}
	_, bad := pcInterpolate("a\n  ${A:?err}", lookup)
	assert.Equal(t, []pcBadVar{{text: "${A:?err}", at: Pos{2, 3}}}, bad)
}

func TestPCReplicaName(t *testing.T) {
	for _, tc := range []struct {
		i, n int
		want string
	}{{0, 1, "web"}, {0, 3, "web-0"}, {9, 10, "web-09"}, {10, 11, "web-10"}, {5, 100, "web-005"}} {
		assert.Equal(t, tc.want, pcReplicaName("web", tc.i, tc.n), "pcReplicaName(web, %d, %d)", tc.i, tc.n)
	}
}

// FuzzParseProcessCompose checks that no input makes ParseProcessCompose
// panic or hang, that every problem names a file, and that what it keeps
// obeys the rules: usable names, a command or argv, paths inside the
// project, the caps.
func FuzzParseProcessCompose(f *testing.F) {
	for _, dir := range []string{"stack", "probes", "availability", "extends-process", "replicas", "namespaces", "env", "malformed", "unsupported"} {
		data, err := os.ReadFile(filepath.Join("testdata", "processcompose", dir, "process-compose.yaml"))
		require.NoError(f, err)
		f.Add(string(data))
	}
	for _, seed := range []string{
		"", "processes: [a]\n", "a: &a [*a]\n", "processes:\n  a:\n    <<: *b\n", "---\n---\n", "{{{{",
		"processes:\n  a: {command: x, replicas: 3, depends_on: {a: {condition: process_log_ready}}}\n",
		"processes:\n  a: {extends: b}\n  b: {extends: a}\n", "processes:\n  a: {command: \"${X:-y} $$ ${\", env_file: ../x}\n",
		"processes:\n  a: &p {command: x, environment: [A=1]}\n  b: *p\n", "disable_env_expansion: true\nprocesses: {a: {command: $X}}\n",
		"processes:\n  a: {command: x, is_tty: yes}\n  b: {command: x, is_tty: false, replicas: 2}\n",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, src string) {
		file := ParseProcessCompose([]byte(src), "process-compose.yaml")
		for _, p := range file.Problems {
			if p.File != "process-compose.yaml" || p.Message == "" {
				t.Fatalf("got problem %+v, want one about process-compose.yaml with a message", p)
			}
		}
		if len(file.Problems) > discover.MaxProblemsPerFile+1 {
			t.Fatalf("got %d problems, want at most %d", len(file.Problems), discover.MaxProblemsPerFile+1)
		}
		if len(file.Processes) > MaxProcesses || len(file.Groups) > MaxGroups {
			t.Fatalf("over the caps: %d processes, %d groups", len(file.Processes), len(file.Groups))
		}
		for _, pr := range file.Processes {
			if !pcValidName.MatchString(pr.Name) || (pr.Command == "") == (len(pr.Argv) == 0) {
				t.Fatalf("kept a bad process %+v", pr)
			}
			for _, d := range append([]string{pr.Dir}, pr.EnvFiles...) {
				if _, err := LocalPath(d); err != nil {
					t.Fatalf("kept a path out of the project: %q", d)
				}
			}
		}
		for _, g := range file.Groups {
			if len(g.Members) > MaxMembers {
				t.Fatalf("group %s has %d members", g.Name, len(g.Members))
			}
		}
	})
}

func TestParseProcessComposeDependencyCap(t *testing.T) {
	src := "processes:\n  web: {command: x, replicas: 1500}\n  lb:\n    command: x\n    depends_on:\n      web: {condition: process_started}\n"
	f := ParseProcessCompose([]byte(src), "process-compose.yaml")
	lb := pcProcess(t, f, "lb")
	assert.Len(t, lb.Policy.DependsOn, MaxMembers)
	hasProblem(t, f, "process-compose.yaml", 6, fmt.Sprintf("more than %d dependencies", MaxMembers))
}

func TestParseProcessComposeDisabledDependency(t *testing.T) {
	src := `processes:
  db: {command: x, disabled: true, replicas: 2, ready_log_line: up}
  api:
    command: x
    depends_on:
      db: {condition: process_healthy}
  web:
    command: x
    depends_on:
      db-1: {condition: process_log_ready}
      api: {condition: process_started}
`
	f := ParseProcessCompose([]byte(src), "process-compose.yaml")
	assert.Empty(t, pcProcess(t, f, "api").Policy.DependsOn, "got a wait on a disabled process, want none")
	hasProblem(t, f, "process-compose.yaml", 6, "db is disabled, so process-compose starts api without waiting for it")
	hasProblem(t, f, "process-compose.yaml", 10, "db-1 is disabled")
	assert.Equal(t, []Dependency{{Ref: "api", Condition: ConditionStarted, Pos: Pos{11, 7}}}, pcProcess(t, f, "web").Policy.DependsOn)

	src = strings.Replace(src, "disabled: true, ", "", 1)
	f = ParseProcessCompose([]byte(src), "process-compose.yaml")
	require.Empty(t, f.Problems, "got problems %v, want none", pcMessages(f))
	assert.Equal(t, []Dependency{
		{Ref: "db-1", Condition: ConditionLogReady, Pattern: "up", Pos: Pos{10, 7}},
		{Ref: "api", Condition: ConditionStarted, Pos: Pos{11, 7}},
	}, pcProcess(t, f, "web").Policy.DependsOn)
}

func TestLoadProcessComposeMissingEnvFile(t *testing.T) {
	root := writeProject(t, map[string]string{
		"process-compose.yaml": "processes:\n  a:\n    command: a\n    env_file: missing.env\n  b:\n    command: b\n    working_dir: sub\n    env_file: b.env\n",
		"sub/b.env":            "B=1\n",
	})
	f := LoadProcessCompose(root)
	assert.Empty(t, pcProcess(t, f, "a").EnvFiles)
	assert.Equal(t, []string{"sub/b.env"}, pcProcess(t, f, "b").EnvFiles)
	assert.Equal(t, []string{`process-compose.yaml:4: processes.a.env_file "missing.env" is not there; process-compose runs the process without it, and so does Hum`}, pcMessages(f))
}

// TestProcessComposeRunsOnPipesUnlessIsTTY: process-compose runs a process
// on a terminal only with is_tty: true, and so does Hum for its file.
func TestProcessComposeRunsOnPipesUnlessIsTTY(t *testing.T) {
	f := ParseProcessCompose([]byte("processes:\n  plain: {command: x}\n  term: {command: x, is_tty: true}\n  off: {command: x, is_tty: false}\n  bad: {command: x, is_tty: 3}\n"), "process-compose.yaml")
	assert.True(t, pcProcess(t, f, "plain").Pipes, "plain: got a terminal, want pipes")
	assert.False(t, pcProcess(t, f, "term").Pipes, "term: got pipes, want a terminal")
	assert.True(t, pcProcess(t, f, "off").Pipes, "off: got a terminal, want pipes")
	assert.True(t, pcProcess(t, f, "bad").Pipes, "bad: got a terminal, want pipes")
	hasProblem(t, f, "process-compose.yaml", 5, "is_tty")
}
