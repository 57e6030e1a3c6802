package stack

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// policyFile is a hum.yaml whose process a has body after its command
// (body's lines begin at line 4, indented under a), followed by a good
// process ok.
func policyFile(body string) string {
	var b strings.Builder
	b.WriteString("processes:\n  a:\n    command: run a\n")
	for line := range strings.SplitSeq(strings.TrimSuffix(body, "\n"), "\n") {
		b.WriteString("    " + line + "\n")
	}
	b.WriteString("  ok:\n    command: echo ok\n")
	return b.String()
}

func TestParsePolicyKeys(t *testing.T) {
	cases := []struct {
		name, body string
		want       Policy
	}{
		{"depends_on short form", "depends_on: [db, \"npm:dev\"]", Policy{DependsOn: []Dependency{
			{Ref: "db", Condition: ConditionStarted, Pos: Pos{4, 18}},
			{Ref: "npm:dev", Condition: ConditionStarted, Pos: Pos{4, 22}},
		}}},
		{"depends_on conditions", "depends_on:\n  db: ready\n  migrate: completed_successfully\n  job: completed\n  s: started\n  cache:\n    log_ready: \"Ready to accept\"\n  q: {condition: log_ready, log_ready: '^up$'}\n  r: {condition: ready}",
			Policy{DependsOn: []Dependency{
				{Ref: "db", Condition: ConditionReady, Pos: Pos{5, 7}},
				{Ref: "migrate", Condition: ConditionCompletedSuccessfully, Pos: Pos{6, 7}},
				{Ref: "job", Condition: ConditionCompleted, Pos: Pos{7, 7}},
				{Ref: "s", Condition: ConditionStarted, Pos: Pos{8, 7}},
				{Ref: "cache", Condition: ConditionLogReady, Pattern: "Ready to accept", Pos: Pos{9, 7}},
				{Ref: "q", Condition: ConditionLogReady, Pattern: "^up$", Pos: Pos{11, 7}},
				{Ref: "r", Condition: ConditionReady, Pos: Pos{12, 7}},
			}}},
		{"readiness tcp with timing", "readiness:\n  tcp: localhost:5432\n  initial_delay: 500ms\n  period: 2\n  timeout: 1.5\n  failure_threshold: 10000",
			Policy{Readiness: &Probe{Kind: ProbeTCP, Address: "localhost:5432", InitialDelay: 500 * time.Millisecond, Period: 2 * time.Second, Timeout: 1500 * time.Millisecond, FailureThreshold: 10000, Pos: Pos{5, 7}}}},
		{"readiness tcp without host", "readiness: {tcp: \":8080\"}", Policy{Readiness: &Probe{Kind: ProbeTCP, Address: ":8080", Pos: Pos{4, 16}}}},
		{"readiness http", "readiness:\n  http: https://localhost:8443/health\n  statuses: [200, 204, 200]",
			Policy{Readiness: &Probe{Kind: ProbeHTTP, URL: "https://localhost:8443/health", Statuses: []int{200, 204}, Pos: Pos{5, 7}}}},
		{"readiness exec line", "readiness: {exec: pg_isready -q, initial_delay: 0}", Policy{Readiness: &Probe{Kind: ProbeExec, Command: "pg_isready -q", Pos: Pos{4, 16}}}},
		{"readiness exec argv", "readiness: {exec: [pg_isready, -q]}", Policy{Readiness: &Probe{Kind: ProbeExec, Argv: []string{"pg_isready", "-q"}, Pos: Pos{4, 16}}}},
		{"readiness log", "readiness: {log: 'listening on :\\d+'}", Policy{Readiness: &Probe{Kind: ProbeLog, Pattern: `listening on :\d+`, Pos: Pos{4, 16}}}},
		{"restart short", "restart: on-failure", Policy{Restart: Restart{Policy: RestartOnFailure}}},
		{"restart no", "restart: no", Policy{Restart: Restart{Policy: RestartNo}}},
		{"restart quoted no", "restart: \"no\"", Policy{Restart: Restart{Policy: RestartNo}}},
		{"restart always", "restart: always", Policy{Restart: Restart{Policy: RestartAlways}}},
		{"restart mapping", "restart:\n  policy: on-failure\n  backoff: 1s\n  max_backoff: 1m30s\n  max_restarts: 10\n  success_exit_codes: [0, 2]\n  crash_loop: {failures: 5, window: 60s}",
			Policy{Restart: Restart{Policy: RestartOnFailure, Backoff: time.Second, MaxBackoff: 90 * time.Second, MaxRestarts: 10, SuccessCodes: []int{0, 2}, CrashLoopFailures: 5, CrashLoopWindow: time.Minute}}},
		{"restart long backoff alone is the wait every time", "restart: {policy: always, backoff: 45s}",
			Policy{Restart: Restart{Policy: RestartAlways, Backoff: 45 * time.Second, MaxBackoff: 45 * time.Second}}},
		{"watch short", "watch: [\"**/*.go\", src/*.ts, \"a[bc]/?.css\"]", Policy{Watch: &Watch{Paths: []string{"**/*.go", "src/*.ts", "a[bc]/?.css"}}}},
		{"watch mapping", "watch:\n  paths: [\"**/*.go\"]\n  ignore: [\"**/*_test.go\"]\n  debounce: 300ms\n  restart_dependents: true",
			Policy{Watch: &Watch{Paths: []string{"**/*.go"}, Ignore: []string{"**/*_test.go"}, Debounce: 300 * time.Millisecond, RestartDependents: true}}},
		{"disabled", "disabled: true", Policy{Disabled: true}},
		{"disabled false", "disabled: false", Policy{}},
	}
	schema := compileSchema(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			src := policyFile(tc.body)
			f := Parse([]byte(src))
			require.Empty(t, f.Problems, "in:\n%s", src)
			assert.NoError(t, schema.Validate(instance(t, []byte(src))), "the schema accepts it too")
			require.Len(t, f.Processes, 2)
			assert.Equal(t, tc.want, f.Processes[0].Policy, "got %+v, want %+v", f.Processes[0].Policy, tc.want)
			assert.Equal(t, Policy{}, f.Processes[1].Policy, "the next process has none")
		})
	}
}

// TestParsePolicyMistakes checks that each mistake in a policy is one
// problem, where it is, and that the good process beside it is kept.
func TestParsePolicyMistakes(t *testing.T) {
	cases := []struct{ name, body, want string }{
		{"unknown key in readiness", "readiness: {tcp: \"localhost:1\", perod: 1s}", `hum.yaml:4:37: processes.a.readiness: unknown key "perod" (accepted: http, tcp, exec, log, statuses, initial_delay, period, timeout, failure_threshold)`},
		{"process-compose's key", "readiness_probe: {}", `hum.yaml:4:5: processes.a: unknown key "readiness_probe"; hum.yaml calls it "readiness"`},
		{"depends_on wrong type", "depends_on: db", "hum.yaml:4:17: processes.a.depends_on must be a list of names or a mapping of name: condition, not a string"},
		{"depends_on item wrong type", "depends_on: [db, [x]]", "hum.yaml:4:22: processes.a.depends_on[1] must be a string, not a list"},
		{"depends_on duplicate in a list", "depends_on: [db, db]", `hum.yaml:4:22: processes.a.depends_on: "db" is listed twice (first at line 4)`},
		{"depends_on duplicate in a mapping", "depends_on:\n  db: ready\n  db: started", `hum.yaml:6:7: processes.a.depends_on: "db" is given twice (first at line 5)`},
		{"depends_on empty ref", "depends_on: [\"\"]", "hum.yaml:4:18: processes.a.depends_on[0] is empty"},
		{"unknown condition", "depends_on: {db: healthy_enough}", `hum.yaml:4:22: processes.a.depends_on.db: unknown condition "healthy_enough" (accepted: started, ready, completed, completed_successfully, log_ready)`},
		{"compose's condition", "depends_on: {db: service_healthy}", `hum.yaml:4:22: processes.a.depends_on.db: unknown condition "service_healthy"; hum.yaml calls it "ready"`},
		{"log_ready without a pattern", "depends_on: {db: log_ready}", "hum.yaml:4:22: processes.a.depends_on.db: log_ready needs the line to wait for: write {log_ready: REGEX}"},
		{"condition log_ready without a pattern", "depends_on: {db: {condition: log_ready}}", "hum.yaml:4:34: processes.a.depends_on.db: condition log_ready needs the line to wait for: add log_ready: REGEX"},
		{"log_ready with another condition", "depends_on: {db: {condition: ready, log_ready: x}}", "hum.yaml:4:34: processes.a.depends_on.db: log_ready waits for a line; its condition can only be log_ready, not ready"},
		{"log_ready bad regex", "depends_on:\n  cache:\n    log_ready: \"Ready (to\"", "hum.yaml:6:20: processes.a.depends_on.cache.log_ready \"Ready (to\" is not a regular expression: missing closing ): `Ready (to`"},
		{"dependency mapping without condition", "depends_on: {db: {}}", "hum.yaml:4:22: processes.a.depends_on.db needs a condition (started, ready, completed, completed_successfully, log_ready) or log_ready: REGEX"},
		{"dependency unknown key", "depends_on: {db: {when: ready}}", `hum.yaml:4:23: processes.a.depends_on.db: unknown key "when" (accepted: condition, log_ready)`},
		{"dependency null", "depends_on: {db: }", "hum.yaml:4:22: processes.a.depends_on.db must be a condition (started, ready, completed, completed_successfully, log_ready) or {log_ready: REGEX}, not nothing"},
		{"readiness none", "readiness: {period: 1s}", "hum.yaml:4:16: processes.a.readiness needs one of http, tcp, exec or log"},
		{"readiness two", "readiness:\n  tcp: localhost:5432\n  http: http://localhost/", "hum.yaml:6:7: processes.a.readiness has tcp and http; give one probe"},
		{"readiness not a mapping", "readiness: localhost:5432", "hum.yaml:4:16: processes.a.readiness must be a mapping with one of http, tcp, exec or log, not a string"},
		{"http not http", "readiness: {http: \"ftp://localhost/x\"}", `hum.yaml:4:23: processes.a.readiness.http "ftp://localhost/x" is not an http:// or https:// URL with a host, such as http://localhost:8080/health`},
		{"http without host", "readiness: {http: \"http:///health\"}", `hum.yaml:4:23: processes.a.readiness.http "http:///health" is not an http:// or https:// URL with a host, such as http://localhost:8080/health`},
		{"http bare path", "readiness: {http: /health}", `hum.yaml:4:23: processes.a.readiness.http "/health" is not an http:// or https:// URL with a host, such as http://localhost:8080/health`},
		{"tcp without port", "readiness: {tcp: localhost}", `hum.yaml:4:22: processes.a.readiness.tcp "localhost" is not host:port, such as localhost:5432`},
		{"tcp bad port", "readiness: {tcp: \"localhost:http\"}", `hum.yaml:4:22: processes.a.readiness.tcp "localhost:http": the port must be a number from 1 to 65535`},
		{"tcp port out of range", "readiness: {tcp: \"localhost:70000\"}", `hum.yaml:4:22: processes.a.readiness.tcp "localhost:70000": the port must be a number from 1 to 65535`},
		{"tcp a bare number", "readiness: {tcp: 5432}", "hum.yaml:4:22: processes.a.readiness.tcp 5432 needs a host: write localhost:5432"},
		{"exec empty", "readiness: {exec: \" \"}", "hum.yaml:4:23: processes.a.readiness.exec is empty"},
		{"exec empty argv", "readiness: {exec: []}", "hum.yaml:4:23: processes.a.readiness.exec needs at least the program to run"},
		{"log bad regex", "readiness: {log: \"a[\"}", "hum.yaml:4:22: processes.a.readiness.log \"a[\" is not a regular expression: missing closing ]: `[`"},
		{"log empty", "readiness: {log: \"\"}", "hum.yaml:4:22: processes.a.readiness.log is empty; it would match every line"},
		{"statuses on tcp", "readiness: {tcp: \"h:1\", statuses: [200]}", "hum.yaml:4:29: processes.a.readiness: statuses are for an http probe, not tcp"},
		{"status out of range", "readiness: {http: \"http://h/\", statuses: [200, 99]}", "hum.yaml:4:52: processes.a.readiness.statuses[1] 99 is out of range: from 100 to 599"},
		{"bad duration", "readiness: {tcp: \"h:1\", period: 5 seconds}", `hum.yaml:4:37: processes.a.readiness.period "5 seconds" is not a duration such as 500ms, 2s or 1m30s, or a number of seconds`},
		{"negative duration", "readiness: {tcp: \"h:1\", initial_delay: -1s}", "hum.yaml:4:44: processes.a.readiness.initial_delay must not be negative"},
		{"negative seconds", "readiness: {tcp: \"h:1\", timeout: -2}", "hum.yaml:4:38: processes.a.readiness.timeout must not be negative"},
		{"zero period", "readiness: {tcp: \"h:1\", period: 0s}", "hum.yaml:4:37: processes.a.readiness.period must be more than 0; leave it out for the default"},
		{"absurd period", "readiness: {tcp: \"h:1\", period: 2h}", "hum.yaml:4:37: processes.a.readiness.period 2h0m0s is longer than 1h0m0s"},
		{"absurd seconds", "readiness: {tcp: \"h:1\", period: 1e12}", "hum.yaml:4:37: processes.a.readiness.period 1e12 seconds is longer than 1h0m0s"},
		{"infinite seconds", "readiness: {tcp: \"h:1\", period: .inf}", "hum.yaml:4:37: processes.a.readiness.period .inf is not a number of seconds"},
		{"duration of a list", "readiness: {tcp: \"h:1\", period: [1]}", "hum.yaml:4:37: processes.a.readiness.period must be a duration such as 500ms, 2s or 1m30s, or a number of seconds, not a list"},
		{"failure_threshold too big", "readiness: {tcp: \"h:1\", failure_threshold: 10001}", "hum.yaml:4:48: processes.a.readiness.failure_threshold 10001 is out of range: from 1 to 10000"},
		{"failure_threshold zero", "readiness: {tcp: \"h:1\", failure_threshold: 0}", "hum.yaml:4:48: processes.a.readiness.failure_threshold 0 is out of range: from 1 to 10000"},
		{"failure_threshold a string", "readiness: {tcp: \"h:1\", failure_threshold: many}", `hum.yaml:4:48: processes.a.readiness.failure_threshold must be a whole number, not a string ("many")`},
		{"failure_threshold huge", "readiness: {tcp: \"h:1\", failure_threshold: 99999999999999999999999}", `hum.yaml:4:48: processes.a.readiness.failure_threshold must be a whole number, not a number ("99999999999999999999")`},
		{"restart unknown", "restart: sometimes", `hum.yaml:4:14: processes.a.restart: unknown policy "sometimes" (accepted: no, on-failure, always)`},
		{"restart process-compose's", "restart: on_failure", `hum.yaml:4:14: processes.a.restart: unknown policy "on_failure"; the nearest in hum.yaml is "on-failure"`},
		{"restart a boolean", "restart: false", `hum.yaml:4:14: processes.a.restart must be no, on-failure or always, not false (write "no" for never)`},
		{"restart mapping without policy", "restart: {backoff: 2s}", "hum.yaml:4:14: processes.a.restart needs a policy: no, on-failure or always"},
		{"restart unknown key", "restart: {policy: always, backof: 2s}", `hum.yaml:4:31: processes.a.restart: unknown key "backof" (accepted: policy, backoff, max_backoff, max_restarts, success_exit_codes, crash_loop)`},
		{"backoff too long", "restart: {policy: always, backoff: 61m}", "hum.yaml:4:40: processes.a.restart.backoff 1h1m0s is longer than 1h0m0s"},
		{"max_backoff below backoff", "restart: {policy: always, backoff: 10s, max_backoff: 5s}", "hum.yaml:4:58: processes.a.restart.max_backoff 5s is shorter than the backoff, 10s"},
		{"max_restarts negative", "restart: {policy: always, max_restarts: -1}", "hum.yaml:4:45: processes.a.restart.max_restarts -1 is out of range: from 0 to 100000"},
		{"max_restarts absurd", "restart: {policy: always, max_restarts: 100001}", "hum.yaml:4:45: processes.a.restart.max_restarts 100001 is out of range: from 0 to 100000"},
		{"exit code out of range", "restart: {policy: on-failure, success_exit_codes: [0, 256]}", "hum.yaml:4:59: processes.a.restart.success_exit_codes[1] 256 is out of range: from 0 to 255"},
		{"exit codes empty", "restart: {policy: on-failure, success_exit_codes: []}", "hum.yaml:4:55: processes.a.restart.success_exit_codes is empty; leave it out for the default"},
		{"crash_loop unknown key", "restart: {policy: always, crash_loop: {failures: 5, within: 1m}}", `hum.yaml:4:57: processes.a.restart.crash_loop: unknown key "within" (accepted: failures, window)`},
		{"crash_loop failures zero", "restart: {policy: always, crash_loop: {failures: 0}}", "hum.yaml:4:54: processes.a.restart.crash_loop.failures 0 is out of range: from 1 to 10000"},
		{"watch of a string", "watch: \"**/*.go\"", "hum.yaml:4:12: processes.a.watch must be a list of globs or a mapping with paths, not a string"},
		{"watch empty list", "watch: []", "hum.yaml:4:12: processes.a.watch lists no paths; leave it out to watch nothing"},
		{"watch without paths", "watch: {ignore: [\"*.tmp\"]}", "hum.yaml:4:12: processes.a.watch needs paths: the globs whose changes restart the process"},
		{"watch malformed glob", "watch: [\"src/[a-\"]", `hum.yaml:4:13: processes.a.watch: "src/[a-" is not a glob: "[a-" is malformed (an unclosed [ or a bad range)`},
		{"watch ** inside a name", "watch: [\"src/a**.go\"]", `hum.yaml:4:13: processes.a.watch: "src/a**.go" uses ** inside "a**.go"; ** matches folders only as a whole segment (src/**/*.go)`},
		{"watch absolute", "watch: [/etc/*]", `hum.yaml:4:13: processes.a.watch: "/etc/*" is absolute; write it relative to the process's folder`},
		{"watch backslash", "watch: ['src\\*.go']", `hum.yaml:4:13: processes.a.watch: "src\\*.go" uses '\'; write globs with '/', which works everywhere`},
		{"watch empty segment", "watch: [src/]", `hum.yaml:4:13: processes.a.watch: "src/" has an empty segment; write dir/** for everything under dir`},
		{"watch ignore malformed", "watch: {paths: [\"*\"], ignore: [\"[\"]}", `hum.yaml:4:36: processes.a.watch.ignore: "[" is not a glob: "[" is malformed (an unclosed [ or a bad range)`},
		{"debounce too long", "watch: {paths: [\"*\"], debounce: 2m}", "hum.yaml:4:37: processes.a.watch.debounce 2m0s is longer than 1m0s"},
		{"restart_dependents not a boolean", "watch: {paths: [\"*\"], restart_dependents: yes}", `hum.yaml:4:47: processes.a.watch.restart_dependents must be true or false, not a string ("yes")`},
		{"watch unknown key", "watch: {paths: [\"*\"], exclude: []}", `hum.yaml:4:27: processes.a.watch: unknown key "exclude" (accepted: paths, ignore, debounce, restart_dependents)`},
		{"disabled not a boolean", "disabled: 1", `hum.yaml:4:15: processes.a.disabled must be true or false, not a number ("1")`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			src := policyFile(tc.body)
			f := Parse([]byte(src))
			var got []string
			for _, p := range f.Problems {
				got = append(got, p.String())
				assert.True(t, p.Line > 0 && p.Column > 0, "got %v, want a line and a column", p)
			}
			assert.Equal(t, []string{tc.want}, got, "in:\n%s", src)
			require.Len(t, f.Processes, 1, "in:\n%s", src)
			assert.Equal(t, "ok", f.Processes[0].Name, "the good process is kept")
			assert.True(t, f.broken["a"], "a is left out, and known to be")
		})
	}
}

func TestParsePolicyCaps(t *testing.T) {
	var list, mapping, globs strings.Builder
	for i := range MaxDependencies + 1 {
		fmt.Fprintf(&list, "d%d, ", i)
		fmt.Fprintf(&mapping, "d%d: ready, ", i)
		fmt.Fprintf(&globs, "\"g%d/*\", ", i)
	}
	for body, want := range map[string]string{
		"depends_on: [" + list.String() + "]":    "hum.yaml:4:17: processes.a.depends_on has 101 entries, more than 100",
		"depends_on: {" + mapping.String() + "}": "hum.yaml:4:17: processes.a.depends_on has 101 entries, more than 100",
		"watch: [" + globs.String() + "]":        "hum.yaml:4:12: processes.a.watch has 101 entries, more than 100",
	} {
		f := Parse([]byte(policyFile(body)))
		require.Len(t, f.Problems, 1, "%.40s…", body)
		assert.Equal(t, want, f.Problems[0].String())
		assert.Len(t, f.Processes, 1)
	}
	f := Parse([]byte(policyFile("depends_on: [" + strings.TrimSuffix(list.String(), "d100, ") + "]")))
	require.Empty(t, f.Problems)
	assert.Len(t, f.Processes[0].Policy.DependsOn, MaxDependencies, "100 is allowed")
}

// TestParseSettingsPolicy checks that a discovered script's settings take
// the same keys, and the same mistakes are said with the settings' name.
func TestParseSettingsPolicy(t *testing.T) {
	f := Parse([]byte(`scripts:
  "npm:package.json:dev":
    depends_on: {api: ready}
    restart: always
    watch: [src/**]
    disabled: true
    readiness: {http: "http://localhost:5173"}
  web:build:
    restart: sometimes
`))
	require.Len(t, f.Problems, 1)
	assert.Equal(t, `hum.yaml:9:14: scripts.web:build.restart: unknown policy "sometimes" (accepted: no, on-failure, always)`, f.Problems[0].String())
	require.Len(t, f.Scripts, 1)
	assert.Equal(t, Policy{
		DependsOn: []Dependency{{Ref: "api", Condition: ConditionReady, Pos: Pos{3, 18}}},
		Readiness: &Probe{Kind: ProbeHTTP, URL: "http://localhost:5173", Pos: Pos{7, 16}},
		Restart:   Restart{Policy: RestartAlways},
		Watch:     &Watch{Paths: []string{"src/**"}},
		Disabled:  true,
	}, f.Scripts[0].Policy)
}

func TestCheckGlob(t *testing.T) {
	for _, g := range []string{"*", "**", "**/*.go", "src/**/x_?.ts", "[a-z]*/*.{js}", "../shared/**", "a/**/b/**"} {
		assert.NoError(t, CheckGlob(g), "%q", g)
	}
	for _, g := range []string{"", "a//b", "/abs", "C:/x", `a\b`, "***", "a/**b", "[z-a", "x/[", "a/b/"} {
		assert.Error(t, CheckGlob(g), "%q", g)
	}
}
