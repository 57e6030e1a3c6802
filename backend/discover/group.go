package discover

import (
	"path"
	"slices"
	"strings"
)

// Group is one source's scripts with that source's problems beside them,
// as the window's sidebar and `hum scripts` list them.
type Group struct {
	Source   string    `json:"source"`
	Label    string    `json:"label"` // as a person names the file: "package.json", "Makefile", … (SourceTitle)
	Scripts  []Script  `json:"scripts"`
	Problems []Problem `json:"problems"`
}

// Groups splits a project by source: one Group per source that has scripts
// or problems, in the order of Sources, each script and problem in the
// order of p. Problems about no source's file (SourceOfFile is "") are
// returned apart, as loose. Every slice is non-nil, so the window gets []
// rather than null.
func Groups(p Project) (groups []Group, loose []Problem) {
	groups, loose = []Group{}, []Problem{}
	bySource := map[string]*Group{}
	group := func(src string) *Group {
		if g, ok := bySource[src]; ok {
			return g
		}
		bySource[src] = &Group{Source: src, Label: SourceTitle(src), Scripts: []Script{}, Problems: []Problem{}}
		return bySource[src]
	}
	for _, sc := range p.Scripts {
		g := group(sc.Source)
		g.Scripts = append(g.Scripts, sc)
	}
	for _, pr := range p.Problems {
		if src := SourceOfFile(pr.File); src != "" {
			g := group(src)
			g.Problems = append(g.Problems, pr)
		} else {
			loose = append(loose, pr)
		}
	}
	for _, src := range Sources {
		if g, ok := bySource[src]; ok {
			groups = append(groups, *g)
		}
	}
	return groups, loose
}

// SourceOfFile names the source a project file belongs to, so a problem
// can be shown beside that source's scripts; "" when none.
func SourceOfFile(file string) string {
	base := path.Base(file)
	lower := strings.ToLower(base)
	switch {
	case base == "package.json":
		return SourcePackageJSON
	case lower == "makefile" || lower == "gnumakefile" || strings.HasSuffix(lower, ".mk"):
		return SourceMakefile
	case strings.HasPrefix(lower, "procfile"):
		return SourceProcfile
	case strings.HasPrefix(lower, "taskfile"):
		return SourceTaskfile
	case lower == "justfile" || lower == ".justfile":
		return SourceJustfile
	case base == "go.mod":
		return SourceGo
	case base == "deno.json" || base == "deno.jsonc":
		return SourceDeno
	case base == "composer.json":
		return SourceComposer
	case base == "Cargo.toml":
		return SourceCargo
	case base == "pyproject.toml" || base == "manage.py" || base == ".flaskenv":
		return SourcePython
	case strings.HasPrefix(lower, "rakefile") || strings.HasSuffix(lower, ".rake"):
		return SourceRuby
	case slices.Contains(composeNames, base):
		return SourceCompose
	case base == "gradlew" || strings.HasPrefix(base, "build.gradle"):
		return SourceGradle
	case base == "mvnw" || base == "pom.xml":
		return SourceMaven
	case strings.HasSuffix(file, ".vscode/tasks.json") || file == "tasks.json":
		return SourceVSCode
	}
	return ""
}
