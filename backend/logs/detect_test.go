package logs

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// detectAll feeds lines through a fresh detector the way the store does
// (CR collapse, sanitising) and finishes what is left at the end.
func detectAll(d *detector, lines []string) []finished {
	var out []finished
	now := time.Unix(1700000000, 0)
	for _, l := range lines {
		_, text, _ := sanitize(collapseCR([]byte(l)), false)
		out = d.feed(text, now, out)
	}
	return d.finish(out)
}

func fixtureLines(t *testing.T, name string) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
}

type wantErr struct {
	kind, title string
	frames      int
	first       Frame
	lines       int // lines in Text
}

func TestDetectFixtures(t *testing.T) {
	cases := []struct {
		file string
		want []wantErr
	}{
		{"go-build.txt", []wantErr{
			{KindGo, "declared and not used: unused", 1, Frame{File: "./main.go", Line: 8, Column: 6}, 1},
			{KindGo, "undefined: undefinedThing", 1, Frame{File: "./main.go", Line: 9, Column: 14}, 1},
			{KindGo, "cannot use add(1, 2) (value of type int) as string value in variable declaration", 1, Frame{File: "./main.go", Line: 10, Column: 17}, 1},
		}},
		{"go-build-args.txt", []wantErr{
			{KindGo, "not enough arguments in call to two", 1, Frame{File: "./main.go", Line: 6, Column: 10}, 3},
		}},
		{"go-panic.txt", []wantErr{
			{KindGoPanic, "panic: runtime error: index out of range [5] with length 3", 3,
				Frame{File: "/tmp/logsfix/gopanic/main.go", Line: 7, Func: "main.(*server).route"}, 10},
		}},
		{"go-panic-nil-goroutine.txt", []wantErr{
			{KindGoPanic, "panic: runtime error: invalid memory address or nil pointer dereference", 3,
				Frame{File: "/tmp/logsfix/gonil/main.go", Line: 10, Func: "main.serve"}, 11},
		}},
		{"go-deadlock.txt", []wantErr{
			{KindGoPanic, "fatal error: all goroutines are asleep - deadlock!", 5,
				Frame{File: "/usr/local/go/src/runtime/sema.go", Line: 114, Func: "sync.runtime_SemacquireWaitGroup"}, 16},
		}},
		{"node-uncaught.txt", []wantErr{
			{KindNode, "SyntaxError: Expected ',' or '}' after property value in JSON at position 13", 9,
				Frame{File: "/tmp/logsfix/node/throw.js", Line: 4, Column: 20, Func: "loadConfig"}, 16},
		}},
		{"node-eaddrinuse.txt", []wantErr{
			{KindNode, "Error: listen EADDRINUSE: address already in use :::38123", 10,
				Frame{File: "node:net", Line: 1908, Column: 16, Func: "Server.setupListenHandle [as _listen2]"}, 24},
		}},
		{"node-console-error.txt", []wantErr{
			{KindNode, "TypeError: id must be set", 2, Frame{File: "/tmp/logsfix/node/logged.js", Line: 3, Column: 20, Func: "Repo.find"}, 3},
		}},
		{"node-unhandled-rejection.txt", []wantErr{
			{KindNode, "RangeError: port out of range: 99999", 5, Frame{File: filepath.FromSlash("/tmp/logsfix/node/reject.mjs"), Line: 2, Column: 9, Func: "main"}, 12},
		}},
		{"node-module-not-found.txt", []wantErr{
			{KindNode, "Error: Cannot find module './does-not-exist'", 10,
				Frame{File: "node:internal/modules/cjs/loader", Line: 1207, Column: 15, Func: "Module._resolveFilename"}, 22},
		}},
		{"tsc-plain.txt", []wantErr{
			{KindTypeScript, "TS2322: Type 'string' is not assignable to type 'number'.", 1, Frame{File: "src/server.ts", Line: 7, Column: 3}, 1},
			{KindTypeScript, "TS2339: Property 'hots' does not exist on type 'Config'.", 1, Frame{File: "src/server.ts", Line: 12, Column: 12}, 1},
			{KindTypeScript, "TS2554: Expected 1 arguments, but got 2.", 1, Frame{File: "src/server.ts", Line: 15, Column: 15}, 1},
		}},
		{"tsc-pretty.txt", []wantErr{
			{KindTypeScript, "TS2322: Type 'string' is not assignable to type 'number'.", 1, Frame{File: "src/server.ts", Line: 7, Column: 3}, 9},
			{KindTypeScript, "TS2339: Property 'hots' does not exist on type 'Config'.", 1, Frame{File: "src/server.ts", Line: 12, Column: 12}, 4},
			{KindTypeScript, "TS2554: Expected 1 arguments, but got 2.", 1, Frame{File: "src/server.ts", Line: 15, Column: 15}, 4},
		}},
		{"python-traceback.txt", []wantErr{
			{KindPython, "FileNotFoundError: [Errno 2] No such file or directory: 'missing-config.json'", 3,
				Frame{File: "/tmp/logsfix/py/app.py", Line: 14, Func: "<module>"}, 10},
		}},
		{"python-chained.txt", []wantErr{
			{KindPython, "RuntimeError: bad port setting", 3, Frame{File: "/tmp/logsfix/py/chained.py", Line: 3, Func: "parse"}, 14},
		}},
		{"python-syntax.txt", []wantErr{
			{KindPython, "SyntaxError: '(' was never closed", 1, Frame{File: "/tmp/logsfix/py/syn.py", Line: 2}, 4},
		}},
		{"python-attribute.txt", []wantErr{
			{KindPython, "AttributeError: 'Cfg' object has no attribute 'port'", 2, Frame{File: "/tmp/logsfix/py/attr.py", Line: 7, Func: "<module>"}, 8},
		}},
		{"rust-build.txt", []wantErr{
			{KindRust, "error[E0308]: mismatched types", 1, Frame{File: "src/main.rs", Line: 2, Column: 18}, 7},
			{KindRust, "error[E0425]: cannot find function `undefined_fn` in this scope", 1, Frame{File: "src/main.rs", Line: 9, Column: 5}, 5},
		}},
		{"rust-panic.txt", []wantErr{
			{KindRust, "index out of bounds: the len is 2 but the index is 4", 1, Frame{File: "src/main.rs", Line: 2, Column: 5}, 3},
		}},
		{"rust-panic-backtrace.txt", []wantErr{
			{KindRust, "index out of bounds: the len is 2 but the index is 4", 7, Frame{File: "src/main.rs", Line: 2, Column: 5}, 16},
		}},
		{"java-exception.txt", []wantErr{
			{KindJava, "java.lang.IllegalStateException: invalid server.port: 80x", 6,
				Frame{File: "App.java", Line: 8, Func: "com.example.App.parsePort"}, 9},
		}},
		{"vite-dev.txt", nil},
		{"python-http-server.txt", nil},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			var d detector
			got := detectAll(&d, fixtureLines(t, tc.file))
			assertErrors(t, got, tc.want)
		})
	}
}

func TestDetectDocumentedFormats(t *testing.T) {
	cases := []struct {
		name  string
		lines []string
		want  []wantErr
	}{
		{"kotlin", []string{
			"Exception in thread \"main\" java.lang.IllegalArgumentException: Port must be positive",
			"\tat MainKt.startServer(Main.kt:12)",
			"\tat MainKt.main(Main.kt:5)",
			"\tat MainKt.main(Main.kt)",
			"Server stopped",
		}, []wantErr{{KindJava, "java.lang.IllegalArgumentException: Port must be positive", 2, Frame{File: "Main.kt", Line: 12, Func: "MainKt.startServer"}, 4}}},
		{"java without thread prefix, suppressed and native", []string{
			"2024-05-01 ERROR request failed",
			"org.example.DbException: connection refused",
			"\tat org.example.Db.open(Db.java:40)",
			"\tat java.base/jdk.internal.reflect.NativeMethodAccessorImpl.invoke0(Native Method)",
			"\tSuppressed: java.io.IOException: close failed",
			"\t\tat org.example.Db.close(Db.java:55)",
			"\t... 12 common frames omitted",
		}, []wantErr{{KindJava, "org.example.DbException: connection refused", 2, Frame{File: "Db.java", Line: 40, Func: "org.example.Db.open"}, 6}}},
		{"rust panic before 1.73", []string{
			"thread 'main' panicked at 'called `Option::unwrap()` on a `None` value', src/config.rs:10:22",
			"note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace",
		}, []wantErr{{KindRust, "called `Option::unwrap()` on a `None` value", 1, Frame{File: "src/config.rs", Line: 10, Column: 22}, 2}}},
		{"rustc warning then error with notes", []string{
			"warning: unused variable: `x`",
			"error: expected one of `;` or `}`, found `let`",
			"  --> src/lib.rs:4:5",
			"   |",
			"4  |     let y = 1",
			"   = note: see issue #1",
			"",
			"next",
		}, []wantErr{{KindRust, "error: expected one of `;` or `}`, found `let`", 1, Frame{File: "src/lib.rs", Line: 4, Column: 5}, 5}}},
		{"go vet prefix and column-less position", []string{
			"# example.com/x",
			"vet: ./a.go:3: something odd",
		}, []wantErr{{KindGo, "something odd", 1, Frame{File: "./a.go", Line: 3}, 1}}},
		{"uncaught in the node REPL style", []string{
			"Uncaught TypeError: Cannot read properties of undefined (reading 'x')",
			"    at REPL1:1:3",
		}, []wantErr{{KindNode, "TypeError: Cannot read properties of undefined (reading 'x')", 1, Frame{File: "REPL1", Line: 1, Column: 3}, 2}}},
		{"node error code in brackets", []string{
			"Error [ERR_MODULE_NOT_FOUND]: Cannot find package 'x' imported from /app/a.mjs",
			"    at packageResolve (node:internal/modules/esm/resolve:854:9)",
		}, []wantErr{{KindNode, "Error [ERR_MODULE_NOT_FOUND]: Cannot find package 'x' imported from /app/a.mjs", 2,
			Frame{File: "/app/a.mjs"}, 2}}},
		{"python exception group and chained context", []string{
			"Traceback (most recent call last):",
			"  File \"/app/a.py\", line 2, in <module>",
			"KeyError: 'x'",
			"",
			"During handling of the above exception, another exception occurred:",
			"",
			"Traceback (most recent call last):",
			"  File \"/app/a.py\", line 4, in <module>",
			"ValueError: y",
			"INFO next request",
		}, []wantErr{{KindPython, "ValueError: y", 2, Frame{File: "/app/a.py", Line: 2, Func: "<module>"}, 9}}},
		{"a lone Error line is not a stack trace", []string{"Error: could not connect, retrying", "retrying in 1s"}, nil},
		{"a Java-looking line without frames", []string{"java.lang.RuntimeException: x", "something else"}, nil},
		{"a URL line is not a node header", []string{"http://localhost:3000", "panic: boom", "", "goroutine 1 [running]:", "main.main()", "\t/app/main.go:3 +0x1d"},
			[]wantErr{{KindGoPanic, "panic: boom", 1, Frame{File: "/app/main.go", Line: 3, Func: "main.main"}, 5}}},
		{"node header not followed by an error", []string{"/app/server.js:12", "a", "b", "c", "d", "e", "f", "g", "h"}, nil},
		{"compile errors separated by ordinary output", []string{
			"main.go:1:1: expected 'package', found 'EOF'", "ok", "src/a.ts(1,2): error TS1005: ';' expected.",
		}, []wantErr{
			{KindGo, "expected 'package', found 'EOF'", 1, Frame{File: "main.go", Line: 1, Column: 1}, 1},
			{KindTypeScript, "TS1005: ';' expected.", 1, Frame{File: "src/a.ts", Line: 1, Column: 2}, 1},
		}},
		{"log.Lshortfile and log.Llongfile lines are not compile errors", []string{
			"main.go:5: listening on http://0.0.0.0:8080/",
			"/srv/app/db.go:31: connected to db in 1ms",
			"panic: runtime error: invalid memory address or nil pointer dereference",
			"[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x6214fa]",
			"",
			"goroutine 20 [running]:",
			"main.main.func1()",
			"\t/srv/app/main.go:7 +0x1a",
			"exit status 2",
		}, []wantErr{{KindGoPanic, "panic: runtime error: invalid memory address or nil pointer dereference", 1,
			Frame{File: "/srv/app/main.go", Line: 7, Func: "main.main.func1"}, 7}}},
		{"ordinary log lines", []string{
			"GET /api/users 200 3.2ms", "  ➜  Local:   http://localhost:5173/", "[12:00:00] Starting compilation in watch mode...",
			"Compiled successfully.", "info: error count is 0", "warning: deprecated", "main.go is the entry point", "",
		}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var d detector
			got := detectAll(&d, tc.lines)
			assertErrors(t, got, tc.want)
		})
	}
}

// assertErrors checks detected errors against the expected ones, in order.
func assertErrors(t *testing.T, got []ErrorEntry, want []wantErr) {
	t.Helper()
	require.Len(t, got, len(want), "errors: got %d, want %d (%+v)", len(got), len(want), got)
	for i, w := range want {
		g := got[i]
		assert.Equal(t, w.kind, g.Kind, "kind: got %q, want %q", g.Kind, w.kind)
		assert.Equal(t, w.title, g.Title, "title: got %q, want %q", g.Title, w.title)
		assert.Len(t, g.Frames, w.frames, "frames: got %d, want %d: %+v", len(g.Frames), w.frames, g.Frames)
		if len(g.Frames) > 0 {
			assert.Equal(t, w.first, g.Frames[0], "first frame: got %+v, want %+v", g.Frames[0], w.first)
		}
		n := strings.Count(g.Text, "\n") + 1
		assert.Equal(t, w.lines, n, "text lines: got %d, want %d:\n%s", n, w.lines, g.Text)
	}
}

func TestDetectResolvesPathsAgainstDir(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "src"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "src", "server.ts"), []byte("x"), 0o644))
	d := detector{}
	d.setDir(dir)
	got := detectAll(&d, []string{
		"src/server.ts(7,3): error TS2322: Type 'string' is not assignable to type 'number'.",
		"src/missing.ts(1,1): error TS2304: Cannot find name 'x'.",
		"TypeError: x",
		"    at f (file:///srv/app/a.mjs:1:2)",
		"    at node:internal/main:1:1",
	})
	require.Len(t, got, 3, "errors: got %d, want 3", len(got))
	// A file:// URL becomes a path of this system (\srv\app\a.mjs on Windows).
	want := []string{filepath.Join(dir, "src", "server.ts"), "src/missing.ts", filepath.FromSlash("/srv/app/a.mjs")}
	for i, w := range want {
		assert.Equal(t, w, got[i].Frames[0].File, "got %q, want %q", got[i].Frames[0].File, w)
	}
	assert.Equal(t, "node:internal/main", got[2].Frames[1].File, "got %q, want node:internal/main", got[2].Frames[1].File)
}

func TestDetectIdleFinishes(t *testing.T) {
	var d detector
	t0 := time.Unix(1700000000, 0)
	out := d.feed("panic: boom", t0, nil)
	out = d.feed("", t0, out)
	require.Empty(t, out, "got %d errors before idle, want 0", len(out))
	out = d.idle(t0.Add(100*time.Millisecond), 200*time.Millisecond, out)
	require.Empty(t, out, "got %d errors before the idle period, want 0", len(out))
	out = d.idle(t0.Add(200*time.Millisecond), 200*time.Millisecond, out)
	require.Len(t, out, 1, "got %d errors after idle, want 1", len(out))
	assert.Equal(t, "panic: boom", out[0].Text, "got %q, want %q", out[0].Text, "panic: boom")
	assert.Equal(t, t0.UnixMilli(), out[0].Time, "got %v, want %v", out[0].Time, t0.UnixMilli())
}

func TestDetectBoundsOneError(t *testing.T) {
	lines := []string{"Traceback (most recent call last):"}
	for i := 0; i < 5000; i++ {
		lines = append(lines, "  File \"/app/deep.py\", line 1, in recurse", "    recurse()")
	}
	lines = append(lines, "RecursionError: maximum recursion depth exceeded")
	var d detector
	got := detectAll(&d, lines)
	require.Len(t, got, 1, "got %d errors, want 1", len(got))
	assert.Equal(t, "RecursionError: maximum recursion depth exceeded", got[0].Title, "got %q", got[0].Title)
	assert.Len(t, got[0].Frames, maxFrames, "got %d frames, want %d", len(got[0].Frames), maxFrames)
	assert.LessOrEqual(t, len(got[0].Text), maxErrorBytes+8, "text of %d bytes, want <= %d", len(got[0].Text), maxErrorBytes)
	assert.True(t, strings.HasSuffix(got[0].Text, "\n…"), "truncated text should end with an ellipsis line")
}

func TestDetectIgnoresLongLines(t *testing.T) {
	var d detector
	got := detectAll(&d, []string{"panic: " + strings.Repeat("x", maxDetectLine), "ok"})
	assert.Empty(t, got, "got %d errors from an over-long line, want 0", len(got))
	got = detectAll(&d, []string{"panic: boom", strings.Repeat("y", maxDetectLine+1)})
	require.Len(t, got, 1, "got %d errors, want 1", len(got))
	assert.Equal(t, "panic: boom", got[0].Text, "got %q", got[0].Text)
}

// TestDetectOrdinaryLinesDoNotAllocate: detection runs on every line a
// process prints, so a line that starts no error, even one that gets partway
// through a family's parser, must cost no allocation.
func TestDetectOrdinaryLinesDoNotAllocate(t *testing.T) {
	lines := []string{
		"GET /api/users 200 3.2ms", "  ➜  Local:   http://localhost:5173/", "main.go:5: listening on :8080",
		"warning: unused variable: `x`", "error: aborting due to 2 previous errors", "thread 'main' exited",
		"src/a.ts(1,x): error TS1005", "info: error count is 0", "Compiled successfully.", "",
		"--- PASS: TestOK (0.00s)", "ok  \texample.com/calc\t0.007s", "2024/05/01 10:00:00 GET /api 200",
		`▲ [WARNING] Duplicate key "port" in object literal`, "WARNING in configuration", "[vite] hmr update /src/App.vue",
		"10:00:00 AM [vite] page reload src/main.js", "PHP Warning:  Undefined variable $x in /app/a.php on line 10",
		"src/Use.java:7: warning: [rawtypes] found raw type", "/app/config.rb:3: warning: already initialized constant",
		"Completed 200 OK in 5ms (Views: 1.2ms)", "Fetched (cached) 12 packages", "log: retry (1 of 3): timeout",
	}
	var d detector
	now := time.Unix(1700000000, 0)
	allocs := testing.AllocsPerRun(100, func() {
		for _, l := range lines {
			if out := d.feed(l, now, nil); out != nil {
				t.Fatalf("%q: got %d errors, want 0", l, len(out))
			}
		}
	})
	assert.Zero(t, allocs, "got %v allocations per run of %d ordinary lines, want 0", allocs, len(lines))
	assert.False(t, d.cur.active, "an ordinary line started an error: %+v", d.cur)
}

// FuzzErrorParser feeds arbitrary multi-line input through the detector:
// no panic, and every error it reports is bounded.
func FuzzErrorParser(f *testing.F) {
	files, err := filepath.Glob("testdata/*.txt")
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
	f.Add("thread 'x' panicked at :\n\n")
	f.Add("    at (:1:2)\nError: \n    at x (y:z:1)")
	f.Add("a.go:99999999999999999999:1: x\n")
	f.Fuzz(func(t *testing.T, s string) {
		var d detector
		d.setDir(t.TempDir())
		got := detectAll(&d, strings.Split(s, "\n"))
		require.LessOrEqual(t, len(got), strings.Count(s, "\n")+1, "got %d errors from %d lines", len(got), strings.Count(s, "\n")+1)
		for _, e := range got {
			require.NotEmpty(t, e.Kind, "error without kind: %+v", e)
			require.LessOrEqual(t, len(e.Frames), maxFrames, "got %d frames, want <= %d", len(e.Frames), maxFrames)
			require.LessOrEqual(t, len(e.Title), maxTitleBytes+len("…"), "title of %d bytes", len(e.Title))
			require.LessOrEqual(t, len(e.Text), maxErrorBytes+len("\n…"), "text of %d bytes", len(e.Text))
			for _, fr := range e.Frames {
				require.GreaterOrEqual(t, fr.Line, 0, "negative line in %+v", fr)
				require.GreaterOrEqual(t, fr.Column, 0, "negative column in %+v", fr)
			}
		}
	})
}
