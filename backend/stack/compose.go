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

// ProcessComposeID returns the script ID of the process name in the
// process-compose file file (a File's Name): "process-compose:
// process-compose.yaml:api".
func ProcessComposeID(file, name string) string {
	return ProcessComposeSource + ":" + file + ":" + name
}

// Compose lays hum.yaml's File hum, and the process-compose Files pcs
// (LoadProcessCompose; at most one in a project, none when it has none),
// over what discovery found in p. Their processes become scripts, listed
// first: hum.yaml's, then each process-compose file's (ProcessComposeID).
// hum.yaml's settings apply to the scripts they name, process-compose's
// among them; its groups and dependencies may name any script. A
// process-compose file's dependencies and namespaces name its own
// processes only, as process-compose reads them: its db is never
// hum.yaml's db. Each namespace is a group after hum.yaml's, which wins a
// name both use. Every dependency is resolved to a script ID
// (Stack.Policies), and each cycle among them, across the files too, is
// in Stack.Cycles and a Problem. A reference that names no script, or more
// than one, is a Problem at the reference, in the file it is written in;
// the rest still applies. p is not modified.
func Compose(p discover.Project, hum File, pcs ...File) Stack {
	c := composer{f: hum, kept: map[string]int{FileName: len(hum.Problems)}, cut: map[string]int{}}
	own := make([]discover.Script, 0, len(hum.Processes))
	for _, pr := range hum.Processes {
		if sc, ok := c.script(FileName, FileName, ID(pr.Name), Source, pr); ok {
			own = append(own, sc)
		} else {
			c.drop(ID(pr.Name))
		}
	}
	pcs = slices.Clone(pcs)
	pcFiles := map[string]string{}
	pcName := ""
	var pcScripts []discover.Script
	for i, pf := range pcs {
		if pf.Name == "" {
			// Nothing was found: only its problems (none) to show.
			pf.Name = ProcessComposeFileNames[len(ProcessComposeFileNames)-1]
			pcs[i] = pf
		}
		c.kept[pf.Name] += len(pf.Problems)
		if pf.Found {
			pcFiles[pf.Name] = pf.Name
			if pcName == "" {
				pcName = pf.Name
			}
		}
		for _, pr := range pf.Problems {
			if pr.File != "" && pr.File != FileName {
				pcFiles[pr.File] = pf.Name
			}
		}
		for _, pr := range pf.Processes {
			file := pcFileOf(pf, pr)
			if file != FileName {
				pcFiles[file] = pf.Name
			}
			id := ProcessComposeID(pf.Name, pr.Name)
			if sc, ok := c.script(pf.Name, file, id, ProcessComposeSource, pr); ok {
				pcScripts = append(pcScripts, sc)
			} else {
				c.drop(id)
			}
		}
	}
	c.pcs = pcs

	discovered := slices.Clone(p.Scripts)
	// hum.yaml's settings apply to process-compose's processes as to
	// discovered scripts: in place, over what the file declares.
	listed := append(pcScripts, discovered...)
	c.settings(listed)

	all := append(own, listed...)
	groups := c.groups(all, own)
	groups = c.namespaces(groups)
	policies := c.policies(all, own)
	cycles := c.cycles(all, policies)

	out := p
	out.Scripts = all
	out.Problems = append(slices.Clone(p.Problems), hum.Problems...)
	for _, pf := range pcs {
		out.Problems = append(out.Problems, pf.Problems...)
	}
	out.Problems = append(out.Problems, c.problems...)
	owners := []string{FileName}
	for _, pf := range pcs {
		owners = append(owners, pf.Name)
	}
	for _, o := range owners {
		if n := c.cut[o]; n > 0 {
			out.Problems = append(out.Problems, discover.Problem{File: o, Message: fmt.Sprintf(
				"%d more problems with what %s names; fix the ones shown first", n, o)})
		}
	}
	if out.Problems == nil {
		out.Problems = []discover.Problem{}
	}
	defaults := hum.Defaults
	if defaults.GracePeriod == 0 {
		// hum.yaml's grace period wins; without one, the longest a
		// process-compose file asks for.
		for _, pf := range pcs {
			defaults.GracePeriod = max(defaults.GracePeriod, pf.Defaults.GracePeriod)
		}
	}
	return Stack{Project: out, Groups: groups, Policies: policies, Cycles: cycles, Defaults: defaults, Agents: hum.Agents, HasFile: hum.Found, pcFiles: pcFiles, pcName: pcName}
}

// pcFileOf is the file a process-compose process is declared in.
func pcFileOf(pf File, pr Process) string {
	if pr.File != "" {
		return pr.File
	}
	return pf.Name
}

// composer gathers one Compose's problems.
type composer struct {
	f        File   // hum.yaml's
	pcs      []File // the process-compose files', each with its Name set
	problems []discover.Problem
	kept     map[string]int  // problems kept, by the File (its Name) they count against, its own included
	cut      map[string]int  // problems cut, by the File they count against
	dropped  map[string]bool // script IDs of processes script refused
	// applied are the settings that apply to each discovered or
	// process-compose script, by its ID: their policy joins that
	// script's.
	applied map[string]Settings
	// depFile is the file each resolved dependency is written in, by the
	// dependent's and the dependency's IDs, when it is not hum.yaml: where
	// a cycle through it is reported.
	depFile map[[2]string]string
}

// problem records a problem in hum.yaml.
func (c *composer) problem(at Pos, format string, args ...any) {
	c.problemIn(FileName, FileName, at, format, args...)
}

// problemIn records a problem at a position in file, keeping each File's
// (owner, its Name) to MaxProblemsPerFile in all: a file of 500 groups of
// 1,000 unknown members must not make half a million of them.
func (c *composer) problemIn(owner, file string, at Pos, format string, args ...any) {
	if c.kept[owner] >= discover.MaxProblemsPerFile {
		c.cut[owner]++
		return
	}
	c.kept[owner]++
	c.problems = append(c.problems, discover.Problem{File: file, Line: at.Line, Column: at.Column, Message: fmt.Sprintf(format, args...)})
}

func (c *composer) drop(id string) {
	if c.dropped == nil {
		c.dropped = map[string]bool{}
	}
	c.dropped[id] = true
}

// script turns a file's process into a script: one of hum.yaml's, or of
// the process-compose file owner's, declared in file. A command line the
// platform's shell would run differently (a line break under cmd.exe) is
// refused, as discovery refuses one.
func (c *composer) script(owner, file, id, source string, pr Process) (discover.Script, bool) {
	sc := discover.Script{
		ID:          id,
		Source:      source,
		Name:        pr.Name,
		Dir:         pr.Dir,
		Env:         maps.Clone(pr.Env),
		EnvFiles:    slices.Clone(pr.EnvFiles),
		Description: pr.Description,
		Pipes:       pr.Pipes,
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
			c.problemIn(owner, file, pr.Pos, "processes.%s is not listed: %v", pr.Name, err)
			return discover.Script{}, false
		}
		sc.Run = pr.Command
	}
	sc.Command = sc.Run
	return sc, true
}

// settings applies hum.yaml's scripts section to the discovered and
// process-compose scripts, in place: env is merged over what the source declares (hum.yaml wins),
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
		if st.Pipes {
			sc.Pipes = true
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

// namespaces adds each process-compose file's namespaces, as groups of
// its own processes, after hum.yaml's groups. A namespace that shares its
// name with a group listed already is a Problem, and that group stays as
// it is.
func (c *composer) namespaces(groups []Group) []Group {
	for _, pf := range c.pcs {
		by := make(map[string]Process, len(pf.Processes))
		for _, pr := range pf.Processes {
			by[pr.Name] = pr
		}
		for _, g := range pf.Groups {
			file := pf.Name
			if len(g.Members) > 0 {
				if pr, ok := by[g.Members[0].Ref]; ok {
					file = pcFileOf(pf, pr) // where the namespace is written
				}
			}
			if slices.ContainsFunc(groups, func(o Group) bool { return o.Name == g.Name }) {
				c.problemIn(pf.Name, file, g.Pos, "namespace %s: hum.yaml has a group of that name, which is used instead", g.Name)
				continue
			}
			rg := Group{Name: g.Name, Description: g.Description, Members: make([]string, 0, len(g.Members)), Refs: make([]string, 0, len(g.Members))}
			seen := make(map[string]bool, len(g.Members))
			for _, m := range g.Members {
				id := ProcessComposeID(pf.Name, m.Ref)
				if _, ok := by[m.Ref]; !ok || c.dropped[id] || seen[id] {
					continue // the reader lists its own processes, each once; a refused one has its problem
				}
				seen[id] = true
				rg.Members = append(rg.Members, id)
				rg.Refs = append(rg.Refs, m.Ref)
			}
			groups = append(groups, rg)
		}
	}
	return groups
}

func (c *composer) member(x *discover.SelectorIndex, ownID map[string]string, group string, m Member) (string, bool) {
	if id, ok := ownID[m.Ref]; ok {
		return id, true
	}
	if c.f.broken[m.Ref] || c.dropped[ID(m.Ref)] {
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

// BySource is discover.Groups for a composed stack: hum.yaml's processes
// and problems head the list as one more source, titled by its file, then
// each process-compose file's (Source ProcessComposeSource, titled by the
// file), above the discovered sources (which discover.Groups knows nothing
// of). A process-compose file's problems are those in the files it reads
// (its override, the files it extends). Every slice is non-nil.
func BySource(st Stack) (groups []discover.Group, loose []discover.Problem) {
	p := st.Project
	own := discover.Group{Source: Source, Label: FileName, Scripts: []discover.Script{}, Problems: []discover.Problem{}}
	var pcs []discover.Group
	pcAt := map[string]int{} // a process-compose File's Name to its group in pcs
	pcGroup := func(name string) *discover.Group {
		at, ok := pcAt[name]
		if !ok {
			at = len(pcs)
			pcAt[name] = at
			pcs = append(pcs, discover.Group{Source: ProcessComposeSource, Label: name, Scripts: []discover.Script{}, Problems: []discover.Problem{}})
		}
		return &pcs[at]
	}
	rest := p
	rest.Scripts = make([]discover.Script, 0, len(p.Scripts))
	rest.Problems = make([]discover.Problem, 0, len(p.Problems))
	for _, sc := range p.Scripts {
		switch sc.Source {
		case Source:
			own.Scripts = append(own.Scripts, sc)
		case ProcessComposeSource:
			g := pcGroup(discover.FileOf(sc))
			g.Scripts = append(g.Scripts, sc)
		default:
			rest.Scripts = append(rest.Scripts, sc)
		}
	}
	for _, pr := range p.Problems {
		name, pc := st.pcFiles[pr.File]
		switch {
		case pr.File == FileName:
			own.Problems = append(own.Problems, pr)
		case pc:
			g := pcGroup(name)
			g.Problems = append(g.Problems, pr)
		default:
			rest.Problems = append(rest.Problems, pr)
		}
	}
	groups, loose = discover.Groups(rest)
	out := make([]discover.Group, 0, 1+len(pcs)+len(groups))
	if len(own.Scripts) > 0 || len(own.Problems) > 0 {
		out = append(out, own)
	}
	out = append(out, pcs...)
	return append(out, groups...), loose
}
