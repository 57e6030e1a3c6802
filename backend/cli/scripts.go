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
)

// Document is what `hum scripts --json` prints. Its shape is documented in
// README.md beside this file; it only ever gains fields.
type Document struct {
	Root     string             `json:"root"`
	Scripts  []DocumentScript   `json:"scripts"`
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
	Dir         string            `json:"dir"`
	Runner      string            `json:"runner"`
	Description string            `json:"description"`
}

// NewDocument converts a scanned project.
func NewDocument(p discover.Project) Document {
	doc := Document{Root: p.Root, Scripts: make([]DocumentScript, 0, len(p.Scripts)), Problems: p.Problems}
	if doc.Problems == nil {
		doc.Problems = []discover.Problem{}
	}
	sels := Selectors(p.Scripts)
	for i, s := range p.Scripts {
		ds := DocumentScript{
			ID: s.ID, Source: s.Source, Name: s.Name, Selector: sels[i],
			Command: s.Command, Run: s.Run, Argv: s.Argv, Env: s.Env,
			Dir: s.Dir, Runner: s.Runner, Description: s.Description,
		}
		if ds.Argv == nil {
			ds.Argv = []string{}
		}
		if ds.Env == nil {
			ds.Env = map[string]string{}
		}
		doc.Scripts = append(doc.Scripts, ds)
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
	p, err := discover.Scan(ctx, dir)
	if err != nil {
		fmt.Fprintf(stderr, "hum: %v\n", err)
		return 1
	}
	if asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(NewDocument(p)); err != nil {
			fmt.Fprintf(stderr, "hum: %v\n", err)
			return 1
		}
		return 0
	}
	printScripts(stdout, p)
	return 0
}

// printScripts writes the scripts grouped by source, each with the NAME to
// pass to `hum run`, what it runs and its description.
func printScripts(w io.Writer, p discover.Project) {
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
	groups, _ := discover.Groups(p) // the problems are listed together below
	for _, g := range groups {
		if len(g.Scripts) == 0 {
			continue
		}
		title := g.Label
		if runner := g.Scripts[0].Runner; runner != "" && g.Source == discover.SourcePackageJSON {
			title += " (" + runner + ")"
		}
		fmt.Fprintf(w, "\n%s\n", title)
		// Every row has the description cell, empty or not, so the
		// descriptions of a group line up; the padding that leaves at the
		// end of rows without one is trimmed.
		var table bytes.Buffer
		tw := tabwriter.NewWriter(&table, 0, 0, 3, ' ', 0)
		for _, s := range g.Scripts {
			desc := ""
			if s.Description != "" {
				desc = "# " + oneLine(s.Description)
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\n", sel[s.ID], oneLine(s.Command), desc)
		}
		tw.Flush()
		for _, line := range strings.SplitAfter(table.String(), "\n") {
			if line != "" {
				fmt.Fprintln(w, strings.TrimRight(line, " \n"))
			}
		}
	}
	if len(p.Problems) > 0 {
		fmt.Fprintf(w, "\nProblems\n")
		for _, pr := range p.Problems {
			fmt.Fprintf(w, "  %s\n", pr)
		}
	}
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
