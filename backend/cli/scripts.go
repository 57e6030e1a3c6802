package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"hum/backend/discover"
	"hum/backend/stack"
)

// Document is what `hum scripts --json` prints. Its shape is documented in
// README.md beside this file; it only ever gains fields.
type Document struct {
	Root     string             `json:"root"`
	Scripts  []DocumentScript   `json:"scripts"`
	Groups   []DocumentGroup    `json:"groups"`
	Problems []discover.Problem `json:"problems"`
}

// DocumentScript is one script in a Document. Every field is always
// present, so consumers need no defaults.
type DocumentScript struct {
	ID          string            `json:"id"`
	Source      string            `json:"source"`
	Name        string            `json:"name"`
	Selector    string            `json:"selector"` // the shortest NAME `hum run` accepts for it
	Command     string            `json:"command"`
	Run         string            `json:"run"`
	Argv        []string          `json:"argv"`
	Env         map[string]string `json:"env"`
	EnvFiles    []string          `json:"envFiles"`
	Dir         string            `json:"dir"`
	Runner      string            `json:"runner"`
	Description string            `json:"description"`
}

// DocumentGroup is one of hum.yaml's groups in a Document.
type DocumentGroup struct {
	Name        string   `json:"name"`
	Description string   `json:"description"`
	Members     []string `json:"members"`   // script IDs, in the order `hum up` starts them
	Autostart   bool     `json:"autostart"` // hum.yaml's defaults.autostart names it
}

// NewDocument converts a scanned project.
func NewDocument(st stack.Stack) Document {
	p := st.Project
	doc := Document{Root: p.Root, Scripts: make([]DocumentScript, 0, len(p.Scripts)),
		Groups: make([]DocumentGroup, 0, len(st.Groups)), Problems: p.Problems}
	if doc.Problems == nil {
		doc.Problems = []discover.Problem{}
	}
	sels := Selectors(p.Scripts)
	for i, s := range p.Scripts {
		ds := DocumentScript{
			ID: s.ID, Source: s.Source, Name: s.Name, Selector: sels[i],
			Command: s.Command, Run: s.Run, Argv: s.Argv, Env: s.Env, EnvFiles: s.EnvFiles,
			Dir: s.Dir, Runner: s.Runner, Description: s.Description,
		}
		if ds.Argv == nil {
			ds.Argv = []string{}
		}
		if ds.Env == nil {
			ds.Env = map[string]string{}
		}
		if ds.EnvFiles == nil {
			ds.EnvFiles = []string{}
		}
		doc.Scripts = append(doc.Scripts, ds)
	}
	for _, g := range st.Groups {
		doc.Groups = append(doc.Groups, DocumentGroup{Name: g.Name, Description: g.Description,
			Members: append([]string{}, g.Members...), Autostart: g.Name == st.Defaults.Autostart})
	}
	return doc
}

func scriptsCmd(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var asJSON bool
	pos, bad, help := splitArgs(args, map[string]*bool{"json": &asJSON})
	switch {
	case help:
		fmt.Fprint(stdout, usage)
		return 0
	case bad != "":
		return usageError(stderr, "scripts: unknown flag %s", bad)
	case len(pos) > 1:
		return usageError(stderr, "scripts: takes at most one folder, got %d arguments", len(pos))
	}
	dir := "."
	if len(pos) == 1 {
		dir = pos[0]
	}
	st, err := stack.Scan(ctx, dir, discover.ScanOptions{})
	if err != nil {
		fmt.Fprintf(stderr, "hum: %v\n", err)
		return 1
	}
	if asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(NewDocument(st)); err != nil {
			fmt.Fprintf(stderr, "hum: %v\n", err)
			return 1
		}
		return 0
	}
	printScripts(stdout, st)
	return 0
}

// printScripts writes the scripts grouped by source, each with the NAME to
// pass to `hum run`, what it runs and its description, then hum.yaml's
// groups with their members' NAMEs.
func printScripts(w io.Writer, st stack.Stack) {
	p := st.Project
	if len(p.Scripts) == 0 {
		fmt.Fprintf(w, "No scripts found in %s\n", p.Root)
	} else {
		fmt.Fprintf(w, "Scripts in %s\n", p.Root)
	}
	sels := Selectors(p.Scripts)
	sel := make(map[string]string, len(sels)) // script ID to its selector
	for i, s := range p.Scripts {
		sel[s.ID] = sels[i]
	}
	groups, _ := stack.BySource(st) // the problems are listed together below
	for _, g := range groups {
		if len(g.Scripts) == 0 {
			continue
		}
		title := g.Label
		if runner := g.Scripts[0].Runner; runner != "" && g.Source == discover.SourcePackageJSON {
			title += " (" + runner + ")"
		}
		fmt.Fprintf(w, "\n%s\n", title)
		rows := make([][3]string, 0, len(g.Scripts))
		for _, s := range g.Scripts {
			rows = append(rows, [3]string{sel[s.ID], oneLine(s.Command), comment(s.Description)})
		}
		writeTable(w, rows)
	}
	if len(st.Groups) > 0 {
		fmt.Fprintf(w, "\nGroups (hum up)\n")
		rows := make([][3]string, 0, len(st.Groups))
		for _, g := range st.Groups {
			members := make([]string, 0, len(g.Members))
			for _, id := range g.Members {
				members = append(members, sel[id])
			}
			list := strings.Join(members, ", ")
			if list == "" {
				list = "(no members)"
			}
			desc := comment(g.Description)
			if g.Name == st.Defaults.Autostart {
				desc = strings.TrimSpace(desc + " (autostart)")
			}
			rows = append(rows, [3]string{g.Name, list, desc})
		}
		writeTable(w, rows)
	}
	if len(p.Problems) > 0 {
		fmt.Fprintf(w, "\nProblems\n")
		for _, pr := range p.Problems {
			fmt.Fprintf(w, "  %s\n", pr)
		}
	}
}

// writeTable writes rows of NAME, what it runs and a comment, indented and
// in columns. Every row has the comment cell, empty or not, so the comments
// line up; the padding that leaves at the end of rows without one is
// trimmed.
func writeTable(w io.Writer, rows [][3]string) {
	var table bytes.Buffer
	tw := tabwriter.NewWriter(&table, 0, 0, 3, ' ', 0)
	for _, r := range rows {
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", r[0], r[1], r[2])
	}
	tw.Flush()
	for _, line := range strings.SplitAfter(table.String(), "\n") {
		if line != "" {
			fmt.Fprintln(w, strings.TrimRight(line, " \n"))
		}
	}
}

// comment is a description as a table's trailing "# …" cell.
func comment(desc string) string {
	if desc == "" {
		return ""
	}
	return "# " + oneLine(desc)
}

// oneLine keeps a table row on one line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// Selectors returns, for each script, the shortest NAME that `hum run`
// resolves to exactly that script (discover.Selectors).
func Selectors(scripts []discover.Script) []string { return discover.Selectors(scripts) }

// Resolve returns the scripts a NAME names, in listing order
// (discover.Resolve).
func Resolve(scripts []discover.Script, sel string) []discover.Script {
	return discover.Resolve(scripts, sel)
}

// candidates lists scripts for an error message, each with its selector.
func candidates(all, list []discover.Script) string {
	sels := Selectors(all)
	var b strings.Builder
	for _, s := range list {
		i := slices.IndexFunc(all, func(a discover.Script) bool { return a.ID == s.ID })
		fmt.Fprintf(&b, "\n  %-20s %s in %s: %s", sels[i], s.Source, s.Dir, oneLine(s.Command))
	}
	return b.String()
}

// similar returns the scripts whose name contains sel or the other way
// round, for "did you mean".
func similar(scripts []discover.Script, sel string) []discover.Script {
	low := strings.ToLower(sel)
	var out []discover.Script
	for _, s := range scripts {
		n := strings.ToLower(s.Name)
		if strings.Contains(n, low) || strings.Contains(low, n) {
			out = append(out, s)
		}
	}
	if len(out) > 8 {
		out = out[:8]
	}
	return slices.Clip(out)
}
