package stack

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"hum/backend/discover"
	"hum/backend/shellquote"
)

// ID returns the script ID of hum.yaml's process name, in discovery's
// "source:file:name" form.
func ID(name string) string { return Source + ":" + FileName + ":" + name }

// Compose lays f over what discovery found in p: f's processes become
// scripts (listed first), its settings apply to the scripts they name, and
// its groups and its processes' and settings' dependencies are resolved to
// script IDs (Stack.Policies). A reference that names no script, or more
// than one, is a Problem at the reference; the rest still applies. Each
// dependency cycle is in Stack.Cycles and is a Problem too. p is not
// modified.
func Compose(p discover.Project, f File) Stack {
	c := composer{f: f}
	own := make([]discover.Script, 0, len(f.Processes))
	for _, pr := range f.Processes {
		if sc, ok := c.script(pr); ok {
			own = append(own, sc)
		}
	}

	discovered := slices.Clone(p.Scripts)
	c.settings(discovered)

	all := append(own, discovered...)
	groups := c.groups(all, own)
	policies := c.policies(all, own)
	cycles := c.cycles(all, policies)

	out := p
	out.Scripts = all
	out.Problems = append(slices.Clone(p.Problems), f.Problems...)
	out.Problems = append(out.Problems, c.problems...)
	if cut := c.nProblem - len(c.problems); cut > 0 {
		out.Problems = append(out.Problems, discover.Problem{File: FileName, Message: fmt.Sprintf(
			"%d more problems with what hum.yaml names; fix the ones shown first", cut)})
	}
	if out.Problems == nil {
		out.Problems = []discover.Problem{}
	}
	return Stack{Project: out, Groups: groups, Policies: policies, Cycles: cycles, Defaults: f.Defaults, HasFile: f.Found}
}

// composer gathers one Compose's problems.
type composer struct {
	f        File
	problems []discover.Problem
	nProblem int             // every problem, kept or not
	dropped  map[string]bool // processes script refused, besides f.broken
	// applied are the settings that apply to each discovered script, by
	// its ID: their policy is that script's.
	applied map[string]Settings
}

// problem records a problem, keeping hum.yaml's own to MaxProblemsPerFile
// in all: a file of 500 groups of 1,000 unknown members must not make
// half a million of them.
func (c *composer) problem(at Pos, format string, args ...any) {
	c.nProblem++
	if len(c.f.Problems)+len(c.problems) < discover.MaxProblemsPerFile {
		c.problems = append(c.problems, discover.Problem{File: FileName, Line: at.Line, Column: at.Column, Message: fmt.Sprintf(format, args...)})
	}
}

// script turns one of hum.yaml's processes into a script. A command line
// the platform's shell would run differently (a line break under cmd.exe)
// is refused, as discovery refuses one.
func (c *composer) script(pr Process) (discover.Script, bool) {
	sc := discover.Script{
		ID:          ID(pr.Name),
		Source:      Source,
		Name:        pr.Name,
		Dir:         pr.Dir,
		Env:         maps.Clone(pr.Env),
		EnvFiles:    slices.Clone(pr.EnvFiles),
		Description: pr.Description,
	}
	if len(pr.Argv) > 0 {
		sc.Argv = slices.Clone(pr.Argv)
		quoted := make([]string, len(pr.Argv))
		for i, a := range pr.Argv {
			quoted[i] = shellquote.Quote(a)
		}
		sc.Run = strings.Join(quoted, " ")
	} else {
		if err := shellquote.CheckLine(pr.Command); err != nil {
			c.problem(pr.Pos, "processes.%s is not listed: %v", pr.Name, err)
			if c.dropped == nil {
				c.dropped = map[string]bool{}
			}
			c.dropped[pr.Name] = true
			return discover.Script{}, false
		}
		sc.Run = pr.Command
	}
	sc.Command = sc.Run
	return sc, true
}

// settings applies hum.yaml's scripts section to the discovered scripts,
// in place: env is merged over what the source declares (hum.yaml wins),
// env files are added after the source's, and a description replaces the
// source's.
func (c *composer) settings(scripts []discover.Script) {
	applied := map[string]Pos{} // script ID to the settings that named it first
	at := make(map[string]int, len(scripts))
	for i, sc := range scripts {
		at[sc.ID] = i
	}
	x := discover.NewSelectorIndex(slices.Clone(scripts)) // resolves against the scripts as discovered
	for _, st := range c.f.Scripts {
		m := x.Resolve(st.Ref)
		switch {
		case len(m) == 0:
			c.problem(st.Pos, "scripts: no discovered script %q (`hum scripts` lists them)", st.Ref)
			continue
		case len(m) > 1:
			c.problem(st.Pos, "scripts: %q names %d scripts; use one of their IDs: %s", st.Ref, len(m), ids(m))
			continue
		}
		if at, dup := applied[m[0].ID]; dup {
			c.problem(st.Pos, "scripts: %q is %s, whose settings are given already at line %d", st.Ref, m[0].ID, at.Line)
			continue
		}
		applied[m[0].ID] = st.Pos
		if c.applied == nil {
			c.applied = map[string]Settings{}
		}
		c.applied[m[0].ID] = st
		sc := &scripts[at[m[0].ID]]
		if len(st.Env) > 0 {
			env := maps.Clone(sc.Env)
			if env == nil {
				env = map[string]string{}
			}
			maps.Copy(env, st.Env)
			sc.Env = env
		}
		if len(st.EnvFiles) > 0 {
			sc.EnvFiles = append(slices.Clone(sc.EnvFiles), st.EnvFiles...)
		}
		if st.Description != "" {
			sc.Description = st.Description
		}
	}
}

// groups resolves every group's members to script IDs. A member that is
// one of hum.yaml's process names is that process, even when a discovered
// script shares the name; any other is resolved as `hum run` resolves a
// NAME.
func (c *composer) groups(all, own []discover.Script) []Group {
	out := make([]Group, 0, len(c.f.Groups))
	x := discover.NewSelectorIndex(all)
	ownID := make(map[string]string, len(own)) // process name to its script ID
	for _, sc := range own {
		ownID[sc.Name] = sc.ID
	}
	for _, g := range c.f.Groups {
		rg := Group{Name: g.Name, Description: g.Description, Members: make([]string, 0, len(g.Members)), Refs: make([]string, 0, len(g.Members))}
		seen := make(map[string]bool, len(g.Members))
		for _, m := range g.Members {
			id, ok := c.member(x, ownID, g.Name, m)
			if !ok {
				continue
			}
			if seen[id] {
				c.problem(m.Pos, "groups.%s: %q is %s, which the group lists already", g.Name, m.Ref, id)
				continue
			}
			seen[id] = true
			rg.Members = append(rg.Members, id)
			rg.Refs = append(rg.Refs, m.Ref)
		}
		out = append(out, rg)
	}
	return out
}

func (c *composer) member(x *discover.SelectorIndex, ownID map[string]string, group string, m Member) (string, bool) {
	if id, ok := ownID[m.Ref]; ok {
		return id, true
	}
	if c.f.broken[m.Ref] || c.dropped[m.Ref] {
		return "", false // the process's own problem says why it is missing
	}
	found := x.Resolve(m.Ref)
	switch {
	case len(found) == 1:
		return found[0].ID, true
	case len(found) > 1:
		c.problem(m.Pos, "groups.%s: %q names %d scripts; use one of their IDs: %s", group, m.Ref, len(found), ids(found))
	default:
		c.problem(m.Pos, "groups.%s: no process or script %q", group, m.Ref)
	}
	return "", false
}

// Ref is how hum.yaml best names the script with ID id of the composed
// project p, as a group member: a process's own name, else the shortest
// selector that names only that script in p (discover.Selectors). That is
// never a process's name, which would win over it: a bare name a process
// shares is not unique, and every longer selector has a ':', which no
// process name has. False when p has no such script.
func Ref(p discover.Project, id string) (string, bool) {
	at := slices.IndexFunc(p.Scripts, func(sc discover.Script) bool { return sc.ID == id })
	if at < 0 {
		return "", false
	}
	sc := p.Scripts[at]
	if sc.Source == Source {
		return sc.Name, true
	}
	return discover.Selectors(p.Scripts)[at], true
}

func ids(scripts []discover.Script) string {
	out := make([]string, 0, len(scripts))
	for i, s := range scripts {
		if i == 5 {
			out = append(out, "…")
			break
		}
		out = append(out, s.ID)
	}
	return strings.Join(out, ", ")
}

// BySource is discover.Groups for a composed project: hum.yaml's processes
// and problems head the list as one more source, titled by its file, above
// the discovered sources (which discover.Groups knows nothing of). Every
// slice is non-nil.
func BySource(p discover.Project) (groups []discover.Group, loose []discover.Problem) {
	own := discover.Group{Source: Source, Label: FileName, Scripts: []discover.Script{}, Problems: []discover.Problem{}}
	rest := p
	rest.Scripts = make([]discover.Script, 0, len(p.Scripts))
	rest.Problems = make([]discover.Problem, 0, len(p.Problems))
	for _, sc := range p.Scripts {
		if sc.Source == Source {
			own.Scripts = append(own.Scripts, sc)
		} else {
			rest.Scripts = append(rest.Scripts, sc)
		}
	}
	for _, pr := range p.Problems {
		if pr.File == FileName {
			own.Problems = append(own.Problems, pr)
		} else {
			rest.Problems = append(rest.Problems, pr)
		}
	}
	groups, loose = discover.Groups(rest)
	if len(own.Scripts) > 0 || len(own.Problems) > 0 {
		groups = append([]discover.Group{own}, groups...)
	}
	return groups, loose
}
