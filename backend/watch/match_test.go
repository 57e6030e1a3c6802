package watch

import (
	"path"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"hum/backend/stack"
)

func TestMatch(t *testing.T) {
	cases := []struct {
		paths, ignore []string
		rel           string
		want          bool
	}{
		// "**" matches any number of folders, none included.
		{paths: []string{"**/*.go"}, rel: "main.go", want: true},
		{paths: []string{"**/*.go"}, rel: "cmd/api/main.go", want: true},
		{paths: []string{"**/*.go"}, rel: "main.go.orig", want: false},
		{paths: []string{"src/**/*.ts"}, rel: "src/a.ts", want: true},
		{paths: []string{"src/**/*.ts"}, rel: "src/x/y/a.ts", want: true},
		{paths: []string{"src/**/*.ts"}, rel: "lib/a.ts", want: false},
		{paths: []string{"src/**/*.ts"}, rel: "x/src/a.ts", want: false},
		{paths: []string{"a/**/b/**/c"}, rel: "a/b/c", want: true},
		{paths: []string{"a/**/b/**/c"}, rel: "a/x/b/y/z/c", want: true},
		{paths: []string{"a/**/b/**/c"}, rel: "a/x/y/c", want: false},
		// Without a slash: the base name at any depth.
		{paths: []string{"*.go"}, rel: "main.go", want: true},
		{paths: []string{"*.go"}, rel: "a/b/main.go", want: true},
		{paths: []string{"Makefile"}, rel: "sub/Makefile", want: true},
		// With a slash, or a leading one: anchored.
		{paths: []string{"cmd/*.go"}, rel: "cmd/main.go", want: true},
		{paths: []string{"cmd/*.go"}, rel: "x/cmd/main.go", want: false},
		{paths: []string{"cmd/*.go"}, rel: "cmd/sub/main.go", want: false},
		{paths: []string{"/Makefile"}, rel: "Makefile", want: true},
		{paths: []string{"/Makefile"}, rel: "sub/Makefile", want: false},
		{paths: []string{"./cmd/*.go"}, rel: "cmd/main.go", want: true},
		// A folder matched: everything in it.
		{paths: []string{"src"}, rel: "src/a/b.txt", want: true},
		{paths: []string{"src/"}, rel: "src/b.txt", want: true},
		{paths: []string{"src/"}, rel: "srcx/b.txt", want: false},
		// Within a segment, as path.Match.
		{paths: []string{"a?c.[ch]"}, rel: "abc.h", want: true},
		{paths: []string{"a?c.[ch]"}, rel: "abc.go", want: false},
		{paths: []string{"*"}, rel: "a/b", want: true},
		{paths: []string{`\*.go`}, rel: "*.go", want: true},
		{paths: []string{`\*.go`}, rel: "a.go", want: false},
		// Case sensitive.
		{paths: []string{"*.go"}, rel: "MAIN.GO", want: false},
		// Empty paths watch everything not ignored.
		{rel: "anything/at/all.txt", want: true},
		// Ignore wins, and the defaults and editors' temporary files are
		// ignored too.
		{paths: []string{"**/*.go"}, ignore: []string{"**/*_test.go"}, rel: "x/a_test.go", want: false},
		{paths: []string{"**/*.go"}, ignore: []string{"gen"}, rel: "a/gen/x.go", want: false},
		{paths: []string{"**/*.js"}, rel: "node_modules/x.js", want: false},
		{paths: []string{"**/*.js"}, rel: "web/node_modules/react/index.js", want: false},
		{paths: []string{"**"}, rel: ".git/HEAD", want: false},
		{paths: []string{"**"}, rel: "dist/app.js", want: false},
		{paths: []string{"src"}, rel: "src/.main.go.swp", want: false},
		{paths: []string{"src"}, rel: "src/main.go~", want: false},
		{paths: []string{"src"}, rel: "src/4913", want: false},
		{paths: []string{"src"}, rel: "src/.#main.go", want: false},
		{paths: []string{"src"}, rel: "src/main.go___jb_tmp___", want: false},
		{paths: []string{"src"}, rel: "src/x.tmp", want: false},
		{paths: []string{"src"}, rel: "src/distance.go", want: true},
		// Not a file.
		{paths: []string{"**"}, rel: "", want: false},
		// A malformed pattern matches nothing.
		{paths: []string{"[a-"}, rel: "[a-", want: false},
	}
	for _, c := range cases {
		w := stack.Watch{Paths: c.paths, Ignore: c.ignore}
		got := Match(w, c.rel)
		assert.Equal(t, c.want, got, "Match(paths %q, ignore %q, %q): got %v, want %v", c.paths, c.ignore, c.rel, got, c.want)
	}
}

func TestCompileRefusesMalformedPatterns(t *testing.T) {
	for _, p := range []string{"", "/", "./", "[a-", "src/[", `a\`} {
		_, err := compile(p)
		assert.Error(t, err, "compile(%q): got no error, want one", p)
	}
}

// TestFolderPrunesOnlyWhatCannotMatch checks the folders Watch leaves out:
// ignored ones, and ones no anchored pattern reaches.
func TestFolderPrunesOnlyWhatCannotMatch(t *testing.T) {
	m, err := newMatcher(stack.Watch{Paths: []string{"src/**/*.go", "cmd/*.go"}})
	assert.NoError(t, err)
	for dir, want := range map[string]bool{
		"src": true, "src/a/b": true, "cmd": true,
		"cmd/sub": false, // cmd/*.go reaches no deeper, src/** is not under cmd
		"docs":    false, "node_modules": false, "src/node_modules": false, "src/.git": false,
	} {
		got := m.folder(dir)
		assert.Equal(t, want, got, "folder(%q): got %v, want %v", dir, got, want)
	}
}

// FuzzMatch checks Match against path.Match (a reference model for
// anchored patterns without "**") and checks that a folder Watch leaves
// out never holds a match.
func FuzzMatch(f *testing.F) {
	for _, s := range [][2]string{
		{"**/*.go", "cmd/api/main.go"}, {"*.go", "a/b.go"}, {"src/**", "src/x/y"},
		{"a/*/c", "a/b/c"}, {"[a-c]?/x", "b1/x"}, {`\*`, "*"}, {"a/**/b", "a/b"},
		{"**/node_modules/**", "node_modules/x.js"}, {"/x", "x/y"}, {"[", "["},
		{"**/**/**/**/**/**/**/**/a", "b/b/b/b/b/b/b/b/b/b/b/b/b/b/b/b/b/b/b/b"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, pattern, rel string) {
		if strings.HasPrefix(rel, "/") || strings.Contains(rel, "//") || strings.HasSuffix(rel, "/") {
			return // not a relative slash path
		}
		w := stack.Watch{Paths: []string{pattern}}
		got := Match(w, rel)
		_, err := compile(pattern)
		if err != nil {
			if got {
				t.Fatalf("Match(%q, %q): got true for a malformed pattern", pattern, rel)
			}
			return
		}
		m, err := newMatcher(w)
		if err != nil {
			t.Fatalf("newMatcher(%q): %v", pattern, err)
		}
		if got {
			// Every folder on the way must be watched.
			segs := strings.Split(rel, "/")
			for i := 1; i < len(segs); i++ {
				if dir := strings.Join(segs[:i], "/"); !m.folder(dir) {
					t.Fatalf("Match(%q, %q) but folder(%q) is false: the file would never be seen", pattern, rel, dir)
				}
			}
		}
		if m.ignored(rel) || rel == "" {
			return
		}
		if p := strings.TrimPrefix(pattern, "/"); strings.Contains(p, "/") && !strings.Contains(p, "**") &&
			!strings.HasPrefix(p, "/") && !strings.HasPrefix(p, "./") && !strings.HasSuffix(p, "/") &&
			!strings.Contains(p, "//") && !hasDotSegment(p) {
			// The reference: path.Match on rel or one of its folders.
			want := false
			segs := strings.Split(rel, "/")
			for i := 1; i <= len(segs) && !want; i++ {
				want, _ = path.Match(p, strings.Join(segs[:i], "/"))
			}
			if got != want {
				t.Fatalf("Match(%q, %q): got %v, want %v (path.Match)", pattern, rel, got, want)
			}
		}
	})
}

func hasDotSegment(p string) bool {
	for s := range strings.SplitSeq(p, "/") {
		if s == "." {
			return true
		}
	}
	return false
}
