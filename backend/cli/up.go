package cli

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"hum/backend/discover"
	"hum/backend/stack"
)

// upCmd is `hum up [DIR] GROUP...`: it runs the members of hum.yaml's
// groups exactly as `hum run` runs scripts (runScripts: the same prefixed
// output, Ctrl-C and exit code), each member once and in the order the
// groups list them.
func upCmd(ctx stopContexts, args []string, stdout, stderr io.Writer, colour bool) int {
	pos, bad, help := splitArgs(args, map[string]*bool{})
	switch {
	case help:
		fmt.Fprint(stdout, usage)
		return 0
	case bad != "":
		return usageError(stderr, "up: unknown flag %s", bad)
	case len(pos) == 0:
		return usageError(stderr, "up: name at least one group (`hum scripts` lists them)")
	}
	// As for `hum run`: a first argument that is a folder is DIR when
	// groups follow it, or when the current folder has no group so named.
	dir := "."
	if info, err := os.Stat(pos[0]); err == nil && info.IsDir() {
		if len(pos) == 1 {
			st, err := stack.Scan(ctx.stop, ".", discover.ScanOptions{})
			if _, ok := st.Group(pos[0]); err != nil || !ok {
				return usageError(stderr, "up: name the groups to run in %s (`hum scripts %s` lists them)", pos[0], pos[0])
			}
		} else {
			dir, pos = pos[0], pos[1:]
		}
	}
	st, err := stack.Scan(ctx.stop, dir, discover.ScanOptions{})
	if err != nil {
		fmt.Fprintf(stderr, "hum: %v\n", err)
		return 1
	}
	scripts, code := pickGroups(st, pos, stderr)
	if code != 0 {
		return code
	}
	return runScripts(ctx, st, scripts, stdout, stderr, colour)
}

// pickGroups collects the members of the named groups, each once, in the
// order the groups list them, or explains why it cannot.
func pickGroups(st stack.Stack, names []string, stderr io.Writer) ([]discover.Script, int) {
	var ids []string
	for _, n := range names {
		g, ok := st.Group(n)
		if !ok {
			switch {
			case !st.HasFile:
				fmt.Fprintf(stderr, "hum: no group %q: %s has no hum.yaml (docs/hum-yaml.md describes it)\n", n, st.Project.Root)
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
		if pr.File == stack.FileName {
			fmt.Fprintf(stderr, "hum: note: %s\n", pr)
		}
	}
}
