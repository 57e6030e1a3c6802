// Package scripts holds checks of the release tooling that need no build:
// scripts/test-package.sh runs them, and so does `go test ./...`.
package scripts

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"
)

// workflow is the part of a GitHub Actions workflow these checks read.
type workflow struct {
	On   map[string]any `yaml:"on"`
	Jobs map[string]job `yaml:"jobs"`
}

type job struct {
	RunsOn string   `yaml:"runs-on"`
	If     string   `yaml:"if"`
	Needs  []string `yaml:"needs"`
	Steps  []step   `yaml:"steps"`
}

type step struct {
	Name string            `yaml:"name"`
	Uses string            `yaml:"uses"`
	Run  string            `yaml:"run"`
	With map[string]string `yaml:"with"`
}

func loadReleaseWorkflow(t *testing.T) workflow {
	t.Helper()
	_, self, _, ok := runtime.Caller(0)
	require.True(t, ok, "got no caller path, want this file's path")
	path := filepath.Join(filepath.Dir(self), "..", ".github", "workflows", "release.yml")
	data, err := os.ReadFile(path)
	require.NoError(t, err)

	var w workflow
	require.NoError(t, yaml.Unmarshal(data, &w), "release.yml is not valid YAML")
	return w
}

func TestReleaseWorkflowRunsOnVersionTags(t *testing.T) {
	w := loadReleaseWorkflow(t)
	push, ok := w.On["push"].(map[string]any)
	require.True(t, ok, "got on.push %v, want a mapping", w.On["push"])
	tags, ok := push["tags"].([]any)
	require.True(t, ok, "got on.push.tags %v, want a list", push["tags"])
	assert.Contains(t, tags, "v*", "got tags %v, want v*", tags)
}

// Each OS job builds with scripts/package.sh, checks its files by name and
// uploads them with if-no-files-found: error, so a job that built nothing
// fails instead of publishing nothing.
func TestReleaseWorkflowNamesEachArtifact(t *testing.T) {
	w := loadReleaseWorkflow(t)
	cases := []struct {
		job       string
		runner    string // prefix of runs-on
		build     string // command in a run step
		artifacts []string
	}{
		{"linux", "ubuntu-", "scripts/package.sh linux", []string{"dist/hum_*_amd64.deb", "dist/hum-*.x86_64.rpm"}},
		{"windows", "ubuntu-", "scripts/package.sh windows", []string{"dist/hum-*-windows-amd64.exe", "dist/hum-*-windows-amd64-installer.exe"}},
		{"macos", "macos-", "scripts/package.sh darwin", []string{"dist/hum-*-macos-universal.dmg", "dist/hum-*-macos-universal.app.zip"}},
	}
	for _, tc := range cases {
		t.Run(tc.job, func(t *testing.T) {
			j, ok := w.Jobs[tc.job]
			require.True(t, ok, "got jobs %v, want a %q job", keys(w.Jobs), tc.job)
			assert.True(t, strings.HasPrefix(j.RunsOn, tc.runner), "got runs-on %q, want %s*", j.RunsOn, tc.runner)

			var runs strings.Builder
			var upload *step
			for i, s := range j.Steps {
				runs.WriteString(s.Run + "\n")
				if strings.HasPrefix(s.Uses, "actions/upload-artifact@") {
					upload = &j.Steps[i]
				}
			}
			assert.Contains(t, runs.String(), tc.build, "got no step running %q", tc.build)

			require.NotNil(t, upload, "got no actions/upload-artifact step in job %q", tc.job)
			assert.Equal(t, "error", upload.With["if-no-files-found"], "got if-no-files-found %q, want error", upload.With["if-no-files-found"])
			assert.Equal(t, "hum-"+tc.job, upload.With["name"], "got artifact name %q, want %q", upload.With["name"], "hum-"+tc.job)
			paths := strings.Fields(upload.With["path"])
			for _, a := range tc.artifacts {
				assert.Contains(t, paths, a, "got upload paths %v, want %s", paths, a)
				// The check step names the same file, so a missing one fails
				// the job with a message saying which.
				assert.Contains(t, runs.String(), "'"+a+"'", "got no check step naming %s", a)
			}
		})
	}
}

// The installer is built on Linux (its amd64 NSIS stubs); a job on Windows
// itself runs the Windows tests, what Wine cannot execute (CTRL_BREAK,
// symlinks) included, and then that installer and its uninstaller. The
// release needs it, so a failing test stops the release.
func TestReleaseWorkflowTestsOnWindows(t *testing.T) {
	w := loadReleaseWorkflow(t)
	j, ok := w.Jobs["windows-native"]
	require.True(t, ok, "got jobs %v, want a windows-native job", keys(w.Jobs))
	assert.True(t, strings.HasPrefix(j.RunsOn, "windows-"), "got runs-on %q, want windows-*", j.RunsOn)
	assert.Contains(t, j.Needs, "windows", "got needs %v, want the job that builds the installer", j.Needs)
	tests, download, install := -1, -1, -1
	for i, s := range j.Steps {
		switch {
		case strings.Contains(s.Run, "scripts/test-windows.sh") && tests < 0:
			tests = i
		case strings.HasPrefix(s.Uses, "actions/download-artifact@") && s.With["name"] == "hum-windows":
			download = i
		case strings.Contains(s.Run, "-windows-amd64-installer.exe /S") && strings.Contains(s.Run, "uninstall.exe\" /S"):
			install = i
		}
	}
	require.GreaterOrEqual(t, tests, 0, "got no step running scripts/test-windows.sh in the windows-native job")
	require.GreaterOrEqual(t, download, 0, "got no step downloading the hum-windows artifact")
	require.GreaterOrEqual(t, install, 0, "got no step running the installer and the uninstaller with /S")
	assert.Less(t, download, install, "got the download at step %d and the install at %d, want the download first", download, install)
}

func TestReleaseWorkflowPublishesOnlyTagsAfterEveryOS(t *testing.T) {
	w := loadReleaseWorkflow(t)
	r, ok := w.Jobs["release"]
	require.True(t, ok, "got jobs %v, want a release job", keys(w.Jobs))
	assert.ElementsMatch(t, []string{"linux", "windows", "windows-native", "macos"}, r.Needs, "got needs %v, want every OS job", r.Needs)
	assert.Equal(t, "github.ref_type == 'tag'", r.If, "got if %q, want publishing on tags only", r.If)
}

func keys(m map[string]job) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
