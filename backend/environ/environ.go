// Package environ builds the environment a script starts with, in layers,
// and remembers which layer set each variable, so the window can show where
// a value came from.
//
// The layers, lowest first:
//
//  1. the base environment: the user's login shell's for a window opened
//     from the desktop, otherwise what Hum was started with (see Base);
//  2. .env in the project root;
//  3. .env.local in the project root;
//  4. the script's own env files (hum.yaml's env_file), in order;
//  5. the script's own variables (hum.yaml's env).
//
// A higher layer overrides a lower one. Only the project root's .env and
// .env.local are read, not those of a script's own folder: that is what
// foreman, overmind, honcho and docker compose do, and the tools that read
// their own folder's .env (Vite, Next.js, dotenv) do so themselves with
// their own precedence between .env, .env.local and .env.<mode>. Hum
// exporting those files too would make .env's values override the tool's
// .env.development, because such tools let the process environment win.
//
// Files are parsed by github.com/joho/godotenv (quotes, export, comments,
// multi-line double-quoted values, KEY: value). References, $VAR and
// ${VAR}, expand in unquoted and double-quoted values and in the script's
// own variables, from the earlier lines of the same file and from every
// layer below, never from a layer above; single-quoted values are literal,
// \$ is a literal $. As in godotenv, only names of upper-case letters,
// digits and _ expand, and an unset name expands to nothing.
//
// Build is all or nothing: a file that cannot be read or parsed, is larger
// than discover.MaxFileSize or is not a regular file fails the whole build
// with an error naming the file (and its line when known), so a process
// never starts with half its environment. A missing .env or .env.local is
// not an error; a missing env file the script names is.
package environ

import (
	"cmp"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
)

// Names of the layers that are not files.
const (
	LayerLogin   = "login shell"       // the base, captured from the user's login shell
	LayerHum     = "Hum's environment" // the base, as Hum was started
	LayerProject = "hum.yaml"          // a script's own variables, when it has no Source
	LayerFolder  = "its folder"        // PWD: the folder the process runs in
)

// Variable is one variable of a built environment.
type Variable struct {
	Name  string `json:"name"`
	Value string `json:"value"`
	// Layer is the name of the layer that set the value: LayerLogin,
	// LayerHum, a file's path relative to the project root (".env",
	// ".env.local", "config/api.env") or the script's source ("hum.yaml").
	Layer string `json:"layer"`
}

// Layer is a named list of KEY=VALUE pairs; later pairs override earlier
// ones.
type Layer struct {
	Name string
	Vars []string
}

// Request says which environment to build.
type Request struct {
	Base Layer  // the lowest layer, already complete (no expansion)
	Root string // the project's absolute folder, where .env and .env.local are
	// Dir is the absolute folder the process runs in: PWD names it over the
	// base, as a shell's cd would (the base's PWD is where Hum or the login
	// shell was), so the files above can use ${PWD}. Ignored on Windows,
	// which has no PWD; "" leaves the base's.
	Dir string
	// Files are the script's env files, relative to Root (slash
	// separated) or absolute, in the order they apply.
	Files []string
	// Vars are the script's own variables; their values expand from the
	// layers below (not from each other: a map has no order).
	Vars map[string]string
	// VarsLayer names the layer of Vars; LayerProject when empty.
	VarsLayer string
	// VarsLiteral keeps Vars' values as they are, for a source with its own
	// substitution syntax that discovery already applied (VS Code's
	// ${env:NAME}), where a '$' is just a character.
	VarsLiteral bool
}

// Env is a built environment: every variable, sorted by name.
type Env []Variable

// List returns the environment as KEY=VALUE pairs, sorted by name, as
// exec.Cmd.Env takes them.
func (e Env) List() []string {
	out := make([]string, len(e))
	for i, v := range e {
		out[i] = v.Name + "=" + v.Value
	}
	return out
}

// Lookup returns the variable named name (case-insensitively on Windows).
func (e Env) Lookup(name string) (Variable, bool) {
	k := key(name)
	for _, v := range e {
		if key(v.Name) == k {
			return v, true
		}
	}
	return Variable{}, false
}

// Error is a layer that could not be used.
type Error struct {
	File string // the file's name as the layer shows it
	Line int    // 1-based; 0 when not known
	Err  error
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s, line %d: %v", e.File, e.Line, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.File, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// ErrBadLayer is what every *Error is (errors.Is): a layer of the
// environment cannot be used, so nothing was started.
var ErrBadLayer = errors.New("a layer of the environment cannot be used")

// Is makes every *Error match ErrBadLayer, beside its cause.
func (e *Error) Is(target error) bool { return target == ErrBadLayer }

// Build returns the layered environment of req, or the first error of any
// layer (see the package comment).
func Build(req Request) (Env, error) {
	b := newBuilder()
	for _, kv := range req.Base.Vars {
		name, val, ok := split(kv)
		if ok {
			b.set(name, val, req.Base.Name)
		}
	}
	if req.Dir != "" && runtime.GOOS != "windows" {
		b.set("PWD", req.Dir, LayerFolder)
	}
	for _, f := range []string{".env", ".env.local"} {
		if err := b.file(req.Root, f, true); err != nil {
			return nil, err
		}
	}
	for _, f := range req.Files {
		if err := b.file(req.Root, f, false); err != nil {
			return nil, err
		}
	}
	layer := cmp.Or(req.VarsLayer, LayerProject)
	// Expanded from the layers below only, so each value is computed
	// before any is set.
	names := make([]string, 0, len(req.Vars))
	for name := range req.Vars {
		if err := checkName(name); err != nil {
			return nil, &Error{File: layer, Err: err}
		}
		names = append(names, name)
	}
	slices.Sort(names)
	vals := make([]string, len(names))
	for i, name := range names {
		vals[i] = req.Vars[name]
		if !req.VarsLiteral {
			vals[i] = expand(vals[i], b.lookup)
		}
		if strings.IndexByte(vals[i], 0) >= 0 {
			return nil, &Error{File: layer, Err: fmt.Errorf("the value of %s holds a NUL byte", name)}
		}
	}
	for i, name := range names {
		b.set(name, vals[i], layer)
	}
	return b.env(), nil
}

// builder accumulates layers; a higher layer's set replaces a lower one's.
type builder struct {
	vars map[string]Variable // by key(name)
}

func newBuilder() *builder { return &builder{vars: map[string]Variable{}} }

func (b *builder) set(name, val, layer string) {
	b.vars[key(name)] = Variable{Name: name, Value: val, Layer: layer}
}

func (b *builder) lookup(name string) (string, bool) {
	v, ok := b.vars[key(name)]
	return v.Value, ok
}

func (b *builder) env() Env {
	out := make(Env, 0, len(b.vars))
	for _, v := range b.vars {
		out = append(out, v)
	}
	slices.SortFunc(out, func(a, b Variable) int { return cmp.Compare(a.Name, b.Name) })
	return out
}

// key is how names compare: exactly on Unix, case-insensitively on Windows,
// as the OS itself does.
func key(name string) string {
	if runtime.GOOS == "windows" {
		return strings.ToUpper(name)
	}
	return name
}

// split cuts KEY=VALUE. On Windows the process environment holds entries
// such as "=C:=C:\dir" (each drive's current folder) whose name starts with
// '=', so the separator is the first '=' after the first byte.
func split(kv string) (name, val string, ok bool) {
	if kv == "" {
		return "", "", false
	}
	i := strings.IndexByte(kv[1:], '=')
	if i < 0 {
		return "", "", false
	}
	return kv[:i+1], kv[i+2:], true
}

// errBadName is a variable name no process environment can hold.
var errBadName = errors.New("not a variable name")

// checkName accepts what an environment can carry: a non-empty name
// without '=' or NUL.
func checkName(name string) error {
	if name == "" || strings.ContainsAny(name, "=\x00") {
		return fmt.Errorf("%w: %q", errBadName, name)
	}
	return nil
}
