package cli

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"hum/backend/discover"
	"hum/backend/stack"
)

// upCmd is `hum up [DIR] [GROUP...]`: it runs the members of the
// project's groups (hum.yaml's, process-compose namespaces), or with no
// GROUP every process the project file declares, as `hum run` runs
// scripts (runScripts: dependencies first, the same prefixed output,
// Ctrl-C and exit code), each once. Disabled processes are left out.
func upCmd(ctx stopContexts, args []string, stdout, stderr io.Writer, colour bool) int {
	return runNamed(ctx, args, stdout, stderr, colour, named{
		verb: "up", noun: "groups",
		has:          func(st stack.Stack, name string) bool { _, ok := st.Group(name); return ok },
		pick:         pickGroups,
		all:          declared,
		skipDisabled: true,
	})
}

// declared lists the processes of the project's hum.yaml and
// process-compose file, or says there are none.
func declared(st stack.Stack, stderr io.Writer) ([]discover.Script, int) {
	var out []discover.Script
	for _, s := range st.Project.Scripts {
		if s.Source == stack.Source || s.Source == stack.ProcessComposeSource {
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		fmt.Fprintf(stderr, "hum: up: %s declares no processes (in hum.yaml or process-compose.yaml); name the scripts to run with `hum run` (`hum scripts` lists them)\n", st.Project.Root)
		notes(st, stderr)
		return nil, 2
	}
	return out, 0
}

// pickGroups collects the members of the named groups, each once, in the
// order the groups list them, or explains why it cannot.
func pickGroups(st stack.Stack, names []string, stderr io.Writer) ([]discover.Script, int) {
	var ids []string
	for _, n := range names {
		g, ok := st.Group(n)
		if !ok {
			switch {
			case !st.HasFile && st.ProcessComposeFile() == "":
				fmt.Fprintf(stderr, "hum: no group %q: %s has no hum.yaml (docs/hum-yaml.md describes it)\n", n, st.Project.Root)
			case len(st.Groups) == 0 && !st.HasFile:
				fmt.Fprintf(stderr, "hum: no group %q: the %s in %s has no namespaces, and there is no hum.yaml\n", n, st.ProcessComposeFile(), st.Project.Root)
			case len(st.Groups) == 0:
				fmt.Fprintf(stderr, "hum: no group %q: the hum.yaml in %s declares none\n", n, st.Project.Root)
			default:
				var have []string
				for _, g := range st.Groups {
					have = append(have, g.Name)
				}
				fmt.Fprintf(stderr, "hum: no group %q in %s; its groups: %s\n", n, st.Project.Root, strings.Join(have, ", "))
			}
			notes(st, stderr)
			return nil, 2
		}
		if len(g.Members) == 0 {
			fmt.Fprintf(stderr, "hum: group %q has no members to run\n", n)
			notes(st, stderr)
			return nil, 2
		}
		for _, id := range g.Members {
			if !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
	}
	scripts := make([]discover.Script, 0, len(ids))
	for _, id := range ids {
		i := slices.IndexFunc(st.Project.Scripts, func(s discover.Script) bool { return s.ID == id })
		scripts = append(scripts, st.Project.Scripts[i]) // Compose resolves members to listed scripts only
	}
	return scripts, 0
}

// notes prints hum.yaml's problems, which may say why a group is missing
// or empty.
func notes(st stack.Stack, stderr io.Writer) {
	for _, pr := range st.Project.Problems {
		if st.IsFileProblem(pr) {
			fmt.Fprintf(stderr, "hum: note: %s\n", pr)
		}
	}
}
