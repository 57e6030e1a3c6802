package stack

import "time"

// Policy is how the supervisor (backend/supervisor) runs one process: what
// it waits for before it starts, when it counts as ready, whether it comes
// back after it ends, and which file changes restart it. The zero Policy
// is a plain process: no dependencies, ready once it prints a URL that
// answers (or once started, when it prints none), never restarted, not
// watched.
//
// hum.yaml writes it on a process or a script's settings (depends_on,
// readiness, restart, watch); process-compose.yaml's fields map onto the
// same model. In a File, Dependency.Ref is as written; in a Stack (after
// Compose) Dependency.ID names the script.
type Policy struct {
	DependsOn []Dependency `json:"dependsOn,omitempty"`
	// Readiness is the probe that says the process is ready; nil means
	// inferred (see the package supervisor).
	Readiness *Probe  `json:"readiness,omitempty"`
	Restart   Restart `json:"restart"`
	Watch     *Watch  `json:"watch,omitempty"`
	// ExitOnEnd and ExitOnFailure end a headless run (`hum up`) when this
	// process ends, or ends failed: process-compose's
	// availability.exit_on_end and restart: exit_on_failure.
	ExitOnEnd     bool `json:"exitOnEnd,omitempty"`
	ExitOnFailure bool `json:"exitOnFailure,omitempty"`
	// Disabled processes are listed but left out when their group or the
	// whole stack starts (process-compose's disabled); the user can still
	// start one by hand.
	Disabled bool `json:"disabled,omitempty"`
}

// Condition is what a dependent waits for in its dependency.
type Condition string

// The conditions of depends_on. process-compose's process_started,
// process_healthy, process_completed, process_completed_successfully and
// process_log_ready map onto them in that order.
const (
	ConditionStarted               Condition = "started"                // its run has begun
	ConditionReady                 Condition = "ready"                  // its readiness condition is met
	ConditionCompleted             Condition = "completed"              // it ended, however
	ConditionCompletedSuccessfully Condition = "completed_successfully" // it ended with a success exit code
	ConditionLogReady              Condition = "log_ready"              // it printed a line matching Pattern
)

// Dependency is one entry of depends_on.
type Dependency struct {
	Ref       string    `json:"ref"`          // as written: a hum.yaml process name, a script ID or a selector
	ID        string    `json:"id,omitempty"` // the script ID Ref names; set by Compose, "" in a File
	Condition Condition `json:"condition"`
	// Pattern is the regular expression (Go's RE2 syntax) a line of the
	// dependency's output must match, for ConditionLogReady.
	Pattern string `json:"pattern,omitempty"`
	Pos     Pos    `json:"pos"`
	// File is the file Pos is in when it is not its process's (a
	// process-compose override adding a dependency); "" otherwise.
	File string `json:"file,omitempty"`
}

// ProbeKind is how a readiness probe checks.
type ProbeKind string

// The readiness probes.
const (
	ProbeHTTP ProbeKind = "http" // GET URL; ready on a status in Statuses, or below 400 when it is empty
	ProbeTCP  ProbeKind = "tcp"  // Address accepts a connection
	ProbeExec ProbeKind = "exec" // Command (or Argv) exits 0, run in the process's folder with its environment
	ProbeLog  ProbeKind = "log"  // a line of the process's output matches Pattern
)

// Defaults of a probe's timing, when hum.yaml sets none. A developer's
// services start in seconds; a probe that gave up after three tries, as a
// cluster's does, would block a stack whose database takes ten.
const (
	DefaultProbePeriod      = time.Second
	DefaultProbeTimeout     = time.Second
	DefaultFailureThreshold = 60 // tries before the dependents are blocked
)

// Probe is a readiness probe.
type Probe struct {
	Kind     ProbeKind `json:"kind"`
	URL      string    `json:"url,omitempty"`      // ProbeHTTP
	Statuses []int     `json:"statuses,omitempty"` // ProbeHTTP: the statuses that count as ready; empty means any below 400
	Address  string    `json:"address,omitempty"`  // ProbeTCP: host:port
	Command  string    `json:"command,omitempty"`  // ProbeExec: a shell line
	Argv     []string  `json:"argv,omitempty"`     // ProbeExec: a program and its arguments, instead of Command
	Pattern  string    `json:"pattern,omitempty"`  // ProbeLog: a regular expression

	InitialDelay     time.Duration `json:"initialDelay"`     // before the first try
	Period           time.Duration `json:"period"`           // between tries; DefaultProbePeriod when 0
	Timeout          time.Duration `json:"timeout"`          // of one try; DefaultProbeTimeout when 0
	FailureThreshold int           `json:"failureThreshold"` // failed tries before it gives up; DefaultFailureThreshold when 0
	Pos              Pos           `json:"pos"`

	// AnyStatus (ProbeHTTP) counts any HTTP answer as ready, whatever
	// Statuses says: the probe Hum infers from a URL a process printed
	// (probe.InferURL), since a dev server that answers 404 on / is up.
	// hum.yaml has no key for it.
	AnyStatus bool `json:"anyStatus,omitempty"`
}

// RestartPolicy says when a process that ended starts again.
type RestartPolicy string

// The restart policies. A stop the user asked for never restarts a
// process, whatever its policy.
const (
	RestartNo        RestartPolicy = "no"         // never (also the zero value, "")
	RestartOnFailure RestartPolicy = "on-failure" // when it ends with an exit code not in SuccessCodes
	RestartAlways    RestartPolicy = "always"     // whenever it ends
)

// Defaults of a restart policy, when hum.yaml sets none: the wait before a
// restart starts at DefaultBackoff and doubles up to DefaultMaxBackoff, and
// DefaultCrashLoopFailures failures within DefaultCrashLoopWindow pause the
// process in a crash loop.
const (
	DefaultBackoff           = time.Second
	DefaultMaxBackoff        = 30 * time.Second
	DefaultCrashLoopFailures = 5
	DefaultCrashLoopWindow   = 60 * time.Second
)

// Restart is a process's restart policy.
type Restart struct {
	Policy RestartPolicy `json:"policy"`
	// Backoff is the wait before the first restart; each one after waits
	// twice the one before, up to MaxBackoff. A MaxBackoff equal to
	// Backoff waits the same every time (process-compose's
	// backoff_seconds). Zero means the defaults.
	Backoff    time.Duration `json:"backoff"`
	MaxBackoff time.Duration `json:"maxBackoff"`
	// MaxRestarts caps the restarts of one start by the user; 0 means no
	// cap but the crash loop's.
	MaxRestarts int `json:"maxRestarts"`
	// SuccessCodes are the exit codes that count as success; empty means
	// 0 alone.
	SuccessCodes []int `json:"successCodes,omitempty"`
	// CrashLoopFailures failures within CrashLoopWindow pause the process;
	// zero means the defaults.
	CrashLoopFailures int           `json:"crashLoopFailures"`
	CrashLoopWindow   time.Duration `json:"crashLoopWindow"`
}

// DefaultWatchDebounce is how long file changes settle before a watched
// process restarts: an editor's save, a formatter's rewrite and a git
// checkout each come as a burst of events.
const DefaultWatchDebounce = 300 * time.Millisecond

// DefaultWatchIgnore are ignored by every watch, on top of its own Ignore:
// dependencies, version control and build outputs change by the thousand
// and never because the user edited code.
var DefaultWatchIgnore = []string{
	"**/node_modules/**", "**/.git/**", "**/vendor/**",
	"**/dist/**", "**/build/**", "**/target/**", "**/out/**", "**/.next/**",
	"**/.venv/**", "**/__pycache__/**", "**/.cache/**",
}

// Watch is which file changes restart a process.
type Watch struct {
	// Paths are globs, relative to the process's folder, slash separated;
	// "**" matches any number of folders.
	Paths  []string `json:"paths"`
	Ignore []string `json:"ignore,omitempty"` // globs as Paths, on top of DefaultWatchIgnore
	// Debounce is the quiet time after the last change before the
	// restart; DefaultWatchDebounce when 0.
	Debounce time.Duration `json:"debounce"`
	// RestartDependents restarts the processes that depend on this one
	// too, once it is restarted.
	RestartDependents bool `json:"restartDependents,omitempty"`
}
