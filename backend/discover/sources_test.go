package discover

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// onWindows is what a script's line is under cmd.exe, where ruby runs a
// bin/ script and a wrapper is found without "./".
func onWindows(unix, windows string) string {
	if isWindows {
		return windows
	}
	return unix
}

func TestScanRailsApp(t *testing.T) {
	p := scan(t, "testdata/rails-app")
	rake := onWindows("bin/rake", "ruby bin/rake")
	want := []row{
		{"procfile:Procfile.dev:web", ".", "bin/rails server -p 3000", "bin/rails server -p 3000", ""},
		{"procfile:Procfile.dev:css", ".", "bin/rails tailwindcss:watch", "bin/rails tailwindcss:watch", ""},
		{"ruby:bin/dev:dev", ".", onWindows("bin/dev", "ruby bin/dev"), onWindows("bin/dev", "ruby bin/dev"), ""},
		{"ruby:bin/rails:rails server", ".", onWindows("bin/rails server", "ruby bin/rails server"), onWindows("bin/rails server", "ruby bin/rails server"), "Rails' web server"},
		{"ruby:bin/setup:setup", ".", onWindows("bin/setup", "ruby bin/setup"), onWindows("bin/setup", "ruby bin/setup"), "set the app up: gems, database"},
		// The Rakefile only loads lib/tasks; their namespaces name the
		// tasks, and blocks inside a task do not close its namespace.
		{"ruby:lib/tasks/data.rake:data:seed_demo", ".", rake + " data:seed_demo", rake + " data:seed_demo", "Load the demo data"},
		{"ruby:lib/tasks/data.rake:data:export:orders", ".", rake + " data:export:orders", rake + " data:export:orders", "Export orders as CSV"},
		{"ruby:lib/tasks/data.rake:data:cleanup", ".", rake + " data:cleanup", rake + " data:cleanup", ""},
		{"ruby:lib/tasks/data.rake:default", ".", rake + " default", rake + " default", "Run every check"},
	}
	assert.Equal(t, want, rows(p.Scripts), "got %v, want %v", rows(p.Scripts), want)
	assert.Empty(t, p.Problems)
}

func TestScanRakefileWithBundler(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"Gemfile":  "source 'https://rubygems.org'\n",
		"Rakefile": "require 'rake/testtask'\n\nRake::TestTask.new do |t|\n  t.pattern = 'test/*_test.rb'\nend\n\ntask :build do\n  sh 'gem build'\nend\n\ntask 'release' => :build\n",
	})
	p := scan(t, dir)
	assert.Equal(t, []string{". ruby:build", ". ruby:release"}, dirsOf(p.Scripts))
	assert.Equal(t, "bundle exec rake build", p.Scripts[0].Run)
}

func TestScanBinScriptsMustBeExecutable(t *testing.T) {
	if isWindows {
		t.Skip("Windows has no executable bit")
	}
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"bin/dev": "#!/bin/sh\n"})
	assert.Empty(t, scan(t, dir).Scripts)
	require.NoError(t, os.Chmod(filepath.Join(dir, "bin/dev"), 0o755))
	assert.Equal(t, []string{". ruby:dev"}, dirsOf(scan(t, dir).Scripts))
}

func TestScanComposeServices(t *testing.T) {
	p := scan(t, "testdata/compose-app")
	// compose.yaml is the file docker compose reads; docker-compose.yml
	// beside it is not listed.
	want := []row{
		{"compose:compose.yaml:up", ".", "docker compose up", "docker compose up", "every service"},
		{"compose:compose.yaml:db", ".", "docker compose up db", "docker compose up db", ""},
		{"compose:compose.yaml:redis", ".", "docker compose up redis", "docker compose up redis", ""},
		{"compose:compose.yaml:web", ".", "docker compose up web", "docker compose up web", ""},
	}
	assert.Equal(t, want, rows(p.Scripts), "got %v, want %v", rows(p.Scripts), want)
	assert.Empty(t, p.Problems)
}

func TestScanComposeMistakes(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"docker-compose.yml": "services:\n  up:\n    image: x\n",
		"a/compose.yml":      "services: [web]\n",
		"b/compose.yaml":     "services:\n  web: {\n",
	})
	p := scan(t, dir)
	assert.Equal(t, []string{". compose:up", ". compose:up up"}, dirsOf(p.Scripts))
	assert.Equal(t, "docker compose up up", p.Scripts[1].Run)
	require.Len(t, p.Problems, 2, "got %v", p.Problems)
	assert.Equal(t, Problem{File: "a/compose.yml", Line: 1, Message: "services should be a mapping of service names"}, p.Problems[0])
	assert.Equal(t, "b/compose.yaml", p.Problems[1].File)
	assert.Contains(t, p.Problems[1].Message, "invalid YAML")
}

func TestScanGradleAndMavenWrappers(t *testing.T) {
	p := scan(t, "testdata/spring-gradle")
	g := onWindows("./gradlew", "gradlew")
	assert.Equal(t, []row{
		{"gradle:gradlew:bootRun", ".", g + " bootRun", g + " bootRun", "Spring Boot's server"},
		{"gradle:gradlew:test", ".", g + " test", g + " test", ""},
	}, rows(p.Scripts))
	p = scan(t, "testdata/spring-maven")
	m := onWindows("./mvnw", "mvnw")
	assert.Equal(t, []row{
		{"maven:mvnw:spring-boot:run", ".", m + " spring-boot:run", m + " spring-boot:run", "Spring Boot's server"},
		{"maven:mvnw:test", ".", m + " test", m + " test", ""},
	}, rows(p.Scripts))

	// No wrapper, nothing listed; an application-plugin build runs `run`.
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"lib/build.gradle": "plugins { id 'org.springframework.boot' }\n",
		"app/gradlew":      "#!/bin/sh\n",
		"app/build.gradle": "plugins {\n  id 'application'\n}\n",
		"plain/mvnw":       "#!/bin/sh\n",
		"plain/pom.xml":    "<project/>\n",
	})
	assert.Equal(t, []string{"app gradle:run", "app gradle:test", "plain maven:test"}, dirsOf(scan(t, dir).Scripts))
}
