// Package stack owns the project file, hum.yaml: a committed, shared file
// in the project root that names extra processes, settings for the scripts
// discovery finds, groups of both, and project defaults.
//
// Parse turns the file's bytes into a File without ever failing: every
// mistake is a discover.Problem with line and column, and whatever else the
// file declares is kept. A project's process-compose.yaml is read into a
// File of the same shape (LoadProcessCompose). Compose lays both over what
// discovery found: their processes become scripts (Source "hum.yaml" and
// ProcessComposeSource), hum.yaml's settings apply to the scripts they
// name, and groups and dependencies are resolved to script IDs. Edits
// (edit.go) change the file's text in place, so a person's comments, order
// and layout survive them.
//
// Discovery knows nothing of this package; it sits above discover and below
// the session and the CLI, which read a project through Scan.
package stack

import (
	"context"
	"slices"
	"time"

	"hum/backend/discover"
)

// FileName is the project file's name, in the project root.
const FileName = "hum.yaml"

// Source is the discover.Script Source of hum.yaml's processes, and the
// source heading their group in the sidebar and `hum scripts`.
const Source = "hum.yaml"

// Caps on what one hum.yaml may declare. A person writes tens; past these
// the file is generated or hostile, and what is cut is said in a Problem.
const (
	MaxProcesses   = discover.MaxScriptsPerFile
	MaxSettings    = discover.MaxScriptsPerFile
	MaxGroups      = 500
	MaxMembers     = 1000 // per group
	MaxEnv         = 1000 // variables per process or settings entry
	MaxEnvFiles    = 100  // env files per process or settings entry
	MaxNameLength  = 64
	MaxGracePeriod = time.Hour
)

// File is what one hum.yaml declares, as written: references to scripts
// are not resolved yet (Compose does that). Entries with a problem of their
// own are left out and their problem is in Problems; everything else is
// kept.
type File struct {
	Found bool `json:"found"` // the project has a hum.yaml (even an unreadable one)
	// Name is the file it was read from, relative to the root: FileName
	// for hum.yaml, or the process-compose file LoadProcessCompose found
	// ("process-compose.yaml"); "" when nothing was found. A Problem names
	// the file it is in, which for process-compose may be an override or
	// an extended file instead.
	Name      string             `json:"name,omitempty"`
	Processes []Process          `json:"processes"`
	Scripts   []Settings         `json:"scripts"`
	Groups    []FileGroup        `json:"groups"`
	Defaults  Defaults           `json:"defaults"`
	Agents    Agents             `json:"agents"`
	Problems  []discover.Problem `json:"problems"`

	// broken names processes that are declared but left out for a
	// problem, so a group that lists one is not also told the name is
	// unknown.
	broken map[string]bool
}

// Pos is where an entry starts in the file: 1-based line and column.
type Pos struct {
	Line   int `json:"line"`
	Column int `json:"column"`
}

// Process is one of hum.yaml's own processes.
type Process struct {
	Name string `json:"name"`
	// Command is a shell line; Argv a program and its arguments run
	// without a shell. Exactly one is set.
	Command     string            `json:"command,omitempty"`
	Argv        []string          `json:"argv,omitempty"`
	Dir         string            `json:"dir"` // relative to the root, slash separated, cleaned; "." for the root
	Env         map[string]string `json:"env,omitempty"`
	EnvFiles    []string          `json:"envFiles,omitempty"` // relative to the root, slash separated, in the order written
	Description string            `json:"description,omitempty"`
	// Pipes runs it on plain pipes, stdout and stderr apart, instead of a
	// pseudo-terminal: `tty: false`.
	Pipes  bool   `json:"pipes,omitempty"`
	Policy Policy `json:"policy"`
	Pos    Pos    `json:"pos"`
	// File is the file Pos (and the positions in Policy) is in, relative
	// to the root, when it is not the File's own Name: a process-compose
	// process an override or an extended file declares. "" means the
	// File's Name.
	File string `json:"file,omitempty"`
}

// Settings is what hum.yaml says about a discovered script, which Ref names
// by its ID or by a selector `hum run` accepts.
type Settings struct {
	Ref         string            `json:"ref"`
	Env         map[string]string `json:"env,omitempty"`
	EnvFiles    []string          `json:"envFiles,omitempty"`
	Description string            `json:"description,omitempty"`
	Pipes       bool              `json:"pipes,omitempty"` // `tty: false`: the script runs on pipes
	Policy      Policy            `json:"policy"`
	Pos         Pos               `json:"pos"`
}

// FileGroup is a group as written: its members are references.
type FileGroup struct {
	Name        string   `json:"name"`
	Description string   `json:"description,omitempty"`
	Members     []Member `json:"members"`
	Pos         Pos      `json:"pos"`
}

// Member is one reference in a group's members: a hum.yaml process name,
// a script ID or a selector.
type Member struct {
	Ref string `json:"ref"`
	Pos Pos    `json:"pos"`
}

// AgentTools are the acting MCP tools hum.yaml's agents.allow may name:
// they run only the commands the project declares. run_command, which runs
// any command, is not one (backend/mcp's ActingTools has it).
var AgentTools = []string{"start", "stop", "restart"}

// Agents is hum.yaml's agents section: what coding agents may do in the
// project without a window to ask in.
type Agents struct {
	// Allow lists the AgentTools a headless `hum mcp` allows without its
	// --allow flag; nil when none.
	Allow []string `json:"allow"`
}

// Defaults are the project's defaults.
type Defaults struct {
	GracePeriod time.Duration `json:"gracePeriod"` // 0 when not set
	Autostart   string        `json:"autostart"`   // a group's name, "" when none
}

// Group is a group resolved against the project: Members are script IDs,
// in the order listed, each once.
type Group struct {
	Name        string   `json:"name"`
	Description string   `json:"description"`
	Members     []string `json:"members"`
	// Refs are the members as hum.yaml writes them, one for each of
	// Members: what an edit that takes a member out names.
	Refs []string `json:"-"`
}

// Stack is a project read with its hum.yaml: the discovered scripts and
// hum.yaml's processes in one Project, the resolved groups, and the
// defaults.
type Stack struct {
	// Project lists hum.yaml's processes first, then the discovered
	// scripts with hum.yaml's settings applied; hum.yaml's problems follow
	// discovery's.
	Project discover.Project `json:"project"`
	Groups  []Group          `json:"groups"` // in the order the file lists them; never nil
	// Policies are how the supervisor runs each script, by script ID, with
	// every Dependency.ID resolved; a script with none has no entry.
	Policies map[string]Policy `json:"policies"`
	// Cycles are the dependency cycles among Policies, each as script IDs
	// in dependency order with the first repeated at the end (a → b → a).
	// Each is also a Problem naming it; the supervisor refuses to start a
	// process in one, and says so.
	Cycles   [][]string `json:"cycles"`
	Defaults Defaults   `json:"defaults"`
	Agents   Agents     `json:"agents"`  // hum.yaml's agents section
	HasFile  bool       `json:"hasFile"` // the project has a hum.yaml

	// pcFiles maps each file a process-compose File's problems name (the
	// file, its override, the files it extends) to that File's Name, so
	// BySource lists the problems under its heading. Written once by
	// Compose.
	pcFiles map[string]string
	pcName  string // the process-compose file Compose was given, "" when none; written once by Compose
}

// ProcessComposeFile is the name of the project's process-compose file,
// relative to the root; "" when it has none.
func (s Stack) ProcessComposeFile() string { return s.pcName }

// Group returns the group with the given name.
func (s Stack) Group(name string) (Group, bool) {
	for _, g := range s.Groups {
		if g.Name == name {
			return g, true
		}
	}
	return Group{}, false
}

// Scan runs discovery on dir and composes the project's hum.yaml and
// process-compose file over it (Read). Its error is discover's: dir itself
// cannot be used; every difficulty with either file is a Problem.
func Scan(ctx context.Context, dir string, opts discover.ScanOptions) (Stack, error) {
	p, err := discover.ScanWith(ctx, dir, opts)
	if err != nil {
		return Stack{}, err
	}
	return Read(p), nil
}

// Read loads the project's hum.yaml and its process-compose file (if it
// has one) from p.Root and composes both over what discovery found in p.
func Read(p discover.Project) Stack {
	return Compose(p, Load(p.Root), LoadProcessCompose(p.Root))
}

// Files are the files, relative to the root, whose change Read would see:
// hum.yaml, every name process-compose looks for (one may appear), and the
// files st's process-compose processes are declared in (an extended file
// elsewhere in the project). A watcher reloads on a change to any of them.
func (s Stack) Files() []string {
	out := []string{FileName}
	out = append(out, ProcessComposeFileNames...)
	out = append(out, ProcessComposeOverrideNames...)
	for f := range s.pcFiles {
		if !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	slices.Sort(out[1:])
	return out
}

// IsFileProblem reports whether pr is about hum.yaml or the project's
// process-compose file (the files Read composes), not a discovered file.
func (s Stack) IsFileProblem(pr discover.Problem) bool {
	_, pc := s.pcFiles[pr.File]
	return pr.File == FileName || pc
}
