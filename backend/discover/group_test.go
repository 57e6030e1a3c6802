package discover

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestSourceOfFile(t *testing.T) {
	cases := map[string]string{
		"package.json":        SourcePackageJSON,
		"web/package.json":    SourcePackageJSON,
		"Makefile":            SourceMakefile,
		"GNUmakefile":         SourceMakefile,
		"build/rules.mk":      SourceMakefile,
		"Procfile":            SourceProcfile,
		"Procfile.dev":        SourceProcfile,
		"Taskfile.yml":        SourceTaskfile,
		"justfile":            SourceJustfile,
		".vscode/tasks.json":  SourceVSCode,
		"backend/go.mod":      SourceGo,
		"deno.jsonc":          SourceDeno,
		"composer.json":       SourceComposer,
		"crates/a/Cargo.toml": SourceCargo,
		"pyproject.toml":      SourcePython,
		"manage.py":           SourcePython,
		"Rakefile":            SourceRuby,
		"lib/tasks/x.rake":    SourceRuby,
		"compose.yaml":        SourceCompose,
		"docker-compose.yml":  SourceCompose,
		"gradlew":             SourceGradle,
		"mvnw":                SourceMaven,
		"README.md":           "",
		".":                   "",
	}
	for file, want := range cases {
		got := SourceOfFile(file)
		assert.Equal(t, want, got, "%s: got %q, want %q", file, got, want)
	}
}

func TestGroups(t *testing.T) {
	p := Project{
		Root: "/p",
		Scripts: []Script{
			{ID: "packagejson:package.json:dev", Source: SourcePackageJSON, Name: "dev"},
			{ID: "packagejson:web/package.json:dev", Source: SourcePackageJSON, Name: "dev", Dir: "web"},
			{ID: "procfile:Procfile:web", Source: SourceProcfile, Name: "web"},
		},
		Problems: []Problem{
			{File: "Makefile", Line: 3, Message: "bad"},
			{File: "web/package.json", Message: "unreadable"},
			{File: "README.md", Message: "loose"},
		},
	}
	groups, loose := Groups(p)
	var got []string
	for _, g := range groups {
		got = append(got, g.Source+"/"+g.Label)
	}
	// Sources' order, not the order problems or scripts came in; a source
	// with only a problem still gets its group.
	assert.Equal(t, []string{"package.json/package.json", "makefile/Makefile", "procfile/Procfile"}, got)
	assert.Equal(t, p.Scripts[:2], groups[0].Scripts)
	assert.Equal(t, []Problem{p.Problems[1]}, groups[0].Problems)
	assert.Equal(t, []Script{}, groups[1].Scripts, "a group without scripts has an empty list, not null")
	assert.Equal(t, []Problem{p.Problems[0]}, groups[1].Problems)
	assert.Equal(t, []Problem{}, groups[2].Problems)
	assert.Equal(t, []Problem{p.Problems[2]}, loose)

	groups, loose = Groups(Project{Root: "/empty"})
	assert.Equal(t, []Group{}, groups)
	assert.Equal(t, []Problem{}, loose)
}
