package logs

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDetectFrameworkFixtures checks the errors of the tools people run
// most (go test, net/http, ES modules, bundlers, javac, exception groups,
// PHP, Ruby) on recordings of those tools (testdata/README.md says which),
// and that their warnings, notices and success lines are no errors.
func TestDetectFrameworkFixtures(t *testing.T) {
	cases := []struct {
		file string
		want []wantErr
	}{
		{"go-test.txt", []wantErr{
			{KindGoTest, "TestAddTestify: Not equal: expected: 5 actual: -1", 1, Frame{File: "add_testify_test.go", Line: 10}, 8},
			{KindGoTest, "TestAdd: Add(2, 3) = -1, want 5", 1, Frame{File: "calc_test.go", Line: 7}, 2},
			{KindGoTest, "TestAddTable/case: Add(1, 1) = 0, want 2", 1, Frame{File: "calc_test.go", Line: 15}, 3},
			{KindGoTest, "TestDiv: dividing by zero", 1, Frame{File: "calc_test.go", Line: 22}, 2},
			// The frames of testing's recover-and-repanic are dropped: the
			// trace starts where the division panicked.
			{KindGoPanic, "panic: runtime error: integer divide by zero [recovered, repanicked]", 4,
				Frame{File: "/tmp/errsfix/gotest/calc.go", Line: 7, Func: "example.com/calc.Div"}, 17},
		}},
		// With -v each test's messages come between its "=== RUN" and its
		// result, a subtest's apart from the "--- FAIL" that names it.
		{"go-test-v.txt", []wantErr{
			{KindGoTest, "TestAddTestify: Not equal: expected: 5 actual: -1", 1, Frame{File: "add_testify_test.go", Line: 10}, 9},
			{KindGoTest, "TestAdd: Add(2, 3) = -1, want 5", 1, Frame{File: "calc_test.go", Line: 7}, 3},
			{KindGoTest, "TestAddTable/case: Add(1, 1) = 0, want 2", 1, Frame{File: "calc_test.go", Line: 15}, 7},
			{KindGoTest, "TestDiv: dividing by zero", 1, Frame{File: "calc_test.go", Line: 22}, 3},
			{KindGoPanic, "panic: runtime error: integer divide by zero [recovered, repanicked]", 4,
				Frame{File: "/tmp/errsfix/gotest/calc.go", Line: 7, Func: "example.com/calc.Div"}, 17},
		}},
		{"go-test-pass.txt", nil},
		{"go-http-panic.txt", []wantErr{
			{KindGoPanic, "panic: runtime error: invalid memory address or nil pointer dereference", 6,
				Frame{File: "/tmp/errsfix/gohttp/main.go", Line: 17, Func: "main.handleUser"}, 18},
		}},
		{"go-panic-invalid-utf8.txt", []wantErr{
			{KindGoPanic, "panic: load caf\uFFFD-menu.txt: open caf\uFFFD-menu.txt: no such file or directory", 2,
				Frame{File: "/tmp/errsfix/goutf/main.go", Line: 11, Func: "main.load"}, 7},
		}},
		{"node-esm-named-export.txt", []wantErr{
			{KindNode, "SyntaxError: The requested module './lib.js' does not provide an export named 'sum'", 5,
				Frame{File: filepath.FromSlash("/tmp/errsfix/esm/named.js"), Line: 1}, 10}, // a file:// URL is a path of the system
		}},
		{"node-esm-not-found.txt", []wantErr{
			{KindNode, "Error [ERR_MODULE_NOT_FOUND]: Cannot find module '/tmp/errsfix/esm/utils/math.js' imported from /tmp/errsfix/esm/missing.js", 9,
				Frame{File: "/tmp/errsfix/esm/missing.js"}, 18},
		}},
		{"node-esm-package.txt", []wantErr{
			{KindNode, "Error [ERR_MODULE_NOT_FOUND]: Cannot find package 'express' imported from /tmp/errsfix/esm/pkg.js", 9,
				Frame{File: "/tmp/errsfix/esm/pkg.js"}, 17},
		}},
		{"node-color-frames.txt", []wantErr{
			{KindNode, "SyntaxError: Expected double-quoted property name in JSON at position 12", 9,
				Frame{File: "/tmp/errsfix/nodecolor/node_modules/fastconf/index.js", Line: 2, Column: 15, Func: "Object.load"}, 17},
		}},
		{"node-color-logged.txt", []wantErr{
			{KindNode, "SyntaxError: Expected double-quoted property name in JSON at position 12", 8,
				Frame{File: "/tmp/errsfix/nodecolor/node_modules/fastconf/index.js", Line: 2, Column: 15, Func: "Object.load"}, 10},
		}},
		// esbuild prints columns from 0: "src/app.js:5:0:" is column 1.
		{"esbuild-error.txt", []wantErr{
			{KindEsbuild, `Expected "]" but found "render"`, 1, Frame{File: "src/app.js", Line: 5, Column: 1}, 6},
		}},
		{"esbuild-error-color.txt", []wantErr{
			{KindEsbuild, `Expected "]" but found "render"`, 1, Frame{File: "src/app.js", Line: 5, Column: 1}, 6},
		}},
		{"esbuild-resolve.txt", []wantErr{
			{KindEsbuild, `Could not resolve "./missing-util.js"`, 1, Frame{File: "src/app2.js", Line: 2, Column: 24}, 5},
		}},
		{"esbuild-ok.txt", nil},
		{"vite-build-parse.txt", []wantErr{
			{KindVite, "[PARSE_ERROR] Expected `)` but found `EOF`", 1, Frame{File: "src/main.js", Line: 3, Column: 60}, 19},
		}},
		{"vite-build-missing-export.txt", []wantErr{
			{KindVite, `[MISSING_EXPORT] "shout" is not exported by "src/greet.js".`, 1, Frame{File: "src/main.js", Line: 1, Column: 17}, 19},
		}},
		{"vite-build-warning.txt", nil},
		// The dev server: the dependency scan's Rolldown error, then the
		// import analysis' (column 0 printed, 1 for an editor) twice.
		{"vite-dev-parse.txt", []wantErr{
			{KindVite, "[PARSE_ERROR] Expected `)` but found `EOF`", 1, Frame{File: "src/main.js", Line: 3, Column: 60}, 16},
			{KindVite, "Failed to parse source for import analysis because the content contains invalid JS syntax. If you are using JSX, make sure to name the file with the .jsx or .tsx extension.", 1,
				Frame{File: "/tmp/errsfix/viteapp/src/main.js", Line: 1, Column: 1}, 12},
			{KindVite, "Failed to parse source for import analysis because the content contains invalid JS syntax. If you are using JSX, make sure to name the file with the .jsx or .tsx extension.", 1,
				Frame{File: "/tmp/errsfix/viteapp/src/main.js", Line: 1, Column: 1}, 7},
		}},
		{"webpack-module-not-found.txt", []wantErr{
			{KindWebpack, "Module not found: Error: Can't resolve 'chart-lib' in '/tmp/errsfix/wp/src'", 1, Frame{File: "./src/index.js", Line: 2, Column: 1}, 28},
		}},
		{"webpack-warning.txt", nil},
		// javac prints no column (the caret shows it): none is made up.
		{"javac-syntax.txt", []wantErr{
			{KindJavac, "';' expected", 1, Frame{File: "src/com/example/App.java", Line: 7}, 3},
		}},
		{"javac-errors.txt", []wantErr{
			{KindJavac, "incompatible types: int cannot be converted to String", 1, Frame{File: "src/com/example/App.java", Line: 12}, 3},
			{KindJavac, "cannot find symbol", 1, Frame{File: "src/com/example/App.java", Line: 13}, 5},
		}},
		{"python-exception-group.txt", []wantErr{
			{KindPython, "ExceptionGroup: unhandled errors in a TaskGroup (2 sub-exceptions): ConnectionError: cannot reach db; TimeoutError: cache timed out", 8,
				Frame{File: "/tmp/errsfix/pyg/app.py", Line: 16, Func: "<module>"}, 28},
		}},
		{"python-exception-group-plain.txt", []wantErr{
			{KindPython, "ExceptionGroup: invalid config (2 sub-exceptions): KeyError: 'host'; KeyError: 'port'", 2,
				Frame{File: "/tmp/errsfix/pyg/plain.py", Line: 10, Func: "<module>"}, 11},
		}},
		{"php-uncaught.txt", []wantErr{
			{KindPHP, "InvalidArgumentException: id must be positive, got 0", 3, Frame{File: "/tmp/errsfix/php/src/Repo.php", Line: 5, Func: "Repo->find"}, 6},
		}},
		{"php-fatal.txt", []wantErr{
			{KindPHP, "Error: Call to undefined function undefined_helper()", 2, Frame{File: "/tmp/errsfix/php/fatal.php", Line: 3, Func: "boot"}, 5},
		}},
		{"php-parse.txt", []wantErr{
			{KindPHP, `Parse error: syntax error, unexpected token "echo", expecting "]"`, 1, Frame{File: "/tmp/errsfix/php/parse.php", Line: 3}, 1},
		}},
		// Laravel logs the exception the framework threw; the app's line
		// (the controller's call) is first, the throw in Macroable second.
		{"laravel-exception.txt", []wantErr{
			{KindPHP, `BadMethodCallException: Method Illuminate\Support\Str::nope does not exist.`, 18,
				Frame{File: "/tmp/lara/app/Http/Controllers/UserController.php", Line: 14, Func: `App\Http\Controllers\UserController->show`}, 21},
		}},
		// A chained exception: one error, the frames of the one thrown.
		{"laravel-previous.txt", []wantErr{
			{KindPHP, "RuntimeException: Could not read the order", 17,
				Frame{File: "/tmp/lara/app/Http/Controllers/OrderController.php", Line: 12, Func: `App\Http\Controllers\OrderController->store`}, 41},
		}},
		{"laravel-info.txt", nil},
		{"ruby-exception.txt", []wantErr{
			{KindRuby, `JSON::ParserError: 859: unexpected token at '{"port": 80,}'`, 5, Frame{File: "/usr/lib/ruby/3.1.0/json/common.rb", Line: 216, Func: "parse"}, 5},
		}},
		// Rails logs the app's frames only: the first is the controller.
		{"rails-exception.txt", []wantErr{
			{KindRuby, "NoMethodError: undefined method `name' for nil:NilClass", 2, Frame{File: "app/controllers/users_controller.rb", Line: 4, Func: "show"}, 7},
		}},
		{"ruby-nomethod.txt", []wantErr{
			{KindRuby, "NoMethodError: undefined method `name' for nil:NilClass", 2, Frame{File: "nomethod.rb", Line: 2, Func: "greet"}, 5},
		}},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			var d detector
			got := detectAll(&d, fixtureLines(t, tc.file))
			assertErrors(t, got, tc.want)
		})
	}
}

// TestDetectFrameworkFrames checks every frame of a few recordings: the
// user's files with the line and column an editor needs, and the
// functions they are in.
func TestDetectFrameworkFrames(t *testing.T) {
	cases := []struct {
		file  string
		index int // which error of the recording
		want  []Frame
	}{
		{"php-uncaught.txt", 0, []Frame{
			{File: "/tmp/errsfix/php/src/Repo.php", Line: 5, Func: "Repo->find"},
			{File: "/tmp/errsfix/php/app.php", Line: 5, Func: "handle"},
			{File: "/tmp/errsfix/php/app.php", Line: 13, Func: "{main}"},
		}},
		{"ruby-exception.txt", 0, []Frame{
			{File: "/usr/lib/ruby/3.1.0/json/common.rb", Line: 216, Func: "parse"},
			{File: "/usr/lib/ruby/3.1.0/json/common.rb", Line: 216, Func: "parse"},
			{File: "/tmp/errsfix/ruby/lib/config_loader.rb", Line: 5, Func: "load"},
			{File: "app.rb", Line: 8, Func: "start"},
			{File: "app.rb", Line: 13, Func: "<main>"},
		}},
		{"python-exception-group.txt", 0, []Frame{
			{File: "/tmp/errsfix/pyg/app.py", Line: 16, Func: "<module>"},
			{File: "/root/.pyenv/versions/3.11.7/lib/python3.11/asyncio/runners.py", Line: 190, Func: "run"},
			{File: "/root/.pyenv/versions/3.11.7/lib/python3.11/asyncio/runners.py", Line: 118, Func: "run"},
			{File: "/root/.pyenv/versions/3.11.7/lib/python3.11/asyncio/base_events.py", Line: 653, Func: "run_until_complete"},
			{File: "/tmp/errsfix/pyg/app.py", Line: 11, Func: "main"},
			{File: "/root/.pyenv/versions/3.11.7/lib/python3.11/asyncio/taskgroups.py", Line: 145, Func: "__aexit__"},
			{File: "/tmp/errsfix/pyg/app.py", Line: 6, Func: "fetch"},
			{File: "/tmp/errsfix/pyg/app.py", Line: 7, Func: "fetch"},
		}},
		{"go-http-panic.txt", 0, []Frame{
			{File: "/tmp/errsfix/gohttp/main.go", Line: 17, Func: "main.handleUser"},
			{File: "/usr/local/go/src/net/http/server.go", Line: 2286, Func: "net/http.HandlerFunc.ServeHTTP"},
			{File: "/usr/local/go/src/net/http/server.go", Line: 2828, Func: "net/http.(*ServeMux).ServeHTTP"},
			{File: "/usr/local/go/src/net/http/server.go", Line: 3311, Func: "net/http.serverHandler.ServeHTTP"},
			{File: "/usr/local/go/src/net/http/server.go", Line: 2067, Func: "net/http.(*conn).serve"},
			{File: "/usr/local/go/src/net/http/server.go", Line: 3464, Func: "net/http.(*Server).Serve"},
		}},
		// The path Node colours in three pieces ("/app/" grey,
		// "node_modules/", "fastconf" underlined) is one path.
		{"node-color-frames.txt", 0, []Frame{
			{File: "/tmp/errsfix/nodecolor/node_modules/fastconf/index.js", Line: 2, Column: 15, Func: "Object.load"},
			{File: "/tmp/errsfix/nodecolor/server.js", Line: 4, Column: 24, Func: "start"},
			{File: "/tmp/errsfix/nodecolor/server.js", Line: 8, Column: 1, Func: "Object.<anonymous>"},
			{File: "node:internal/modules/cjs/loader", Line: 1521, Column: 14, Func: "Module._compile"},
			{File: "node:internal/modules/cjs/loader", Line: 1623, Column: 10, Func: "Module._extensions..js"},
			{File: "node:internal/modules/cjs/loader", Line: 1266, Column: 32, Func: "Module.load"},
			{File: "node:internal/modules/cjs/loader", Line: 1091, Column: 12, Func: "Module._load"},
			{File: "node:internal/modules/run_main", Line: 164, Column: 12, Func: "Function.executeUserEntryPoint [as runMain]"},
			{File: "node:internal/main/run_main_module", Line: 28, Column: 49},
		}},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			var d detector
			got := detectAll(&d, fixtureLines(t, tc.file))
			require.Greater(t, len(got), tc.index, "got %d errors, want more than %d", len(got), tc.index)
			assert.Equal(t, tc.want, got[tc.index].Frames, "frames: got %+v, want %+v", got[tc.index].Frames, tc.want)
		})
	}
}

// TestDetectFrameworkLookalikes: lines that read partly like one of the new
// families' errors but are warnings, notices, progress or success.
func TestDetectFrameworkLookalikes(t *testing.T) {
	cases := []struct {
		name  string
		lines []string
		want  []wantErr
	}{
		{"go test success and logs", []string{
			"=== RUN   TestOK", "    calc_test.go:29: Add(0, 0) = 0, as expected", "--- PASS: TestOK (0.00s)",
			"=== RUN   TestP", "=== PAUSE TestP", "=== CONT  TestP", "    p_test.go:3: fine", "--- PASS: TestP (0.01s)",
			"    --- SKIP: TestX/y (0.00s)", "PASS", "ok  \texample.com/calc\t0.007s", "FAIL\texample.com/calc\t0.012s",
		}, nil},
		{"go test -v with parallel subtests", []string{
			"=== RUN   TestPar", "=== RUN   TestPar/a", "=== PAUSE TestPar/a", "=== RUN   TestPar/b", "=== PAUSE TestPar/b",
			"=== CONT  TestPar/a", "=== CONT  TestPar/b", "    par_test.go:9: b is fine", "=== NAME  TestPar/a", "    par_test.go:12: a broke",
			"--- FAIL: TestPar (0.00s)", "    --- PASS: TestPar/b (0.00s)", "    --- FAIL: TestPar/a (0.00s)", "FAIL",
		}, []wantErr{{KindGoTest, "TestPar/a: a broke", 1, Frame{File: "par_test.go", Line: 12}, 13}}},
		{"an indented log line with a Go position is no test failure", []string{
			"    main.go:12: retrying", "panic: boom", "", "goroutine 1 [running]:", "main.main()", "\t/app/main.go:3 +0x1d",
		}, []wantErr{{KindGoPanic, "panic: boom", 1, Frame{File: "/app/main.go", Line: 3, Func: "main.main"}, 5}}},
		{"log lines mentioning http panics and vite", []string{
			"2024/05/01 10:00:00 http: panic serving is logged by net/http", "[vite] hmr update /src/App.vue",
			"10:00:00 AM [vite] page reload src/main.js", "[vite] connected.",
		}, nil},
		{"warnings of the bundlers", []string{
			`▲ [WARNING] Duplicate key "port" in object literal [duplicate-object-key]`, "", "    src/app2.js:4:23:", "",
			"WARNING in configuration", "The 'mode' option has not been set", "",
			"[EVAL] Use of direct `eval` function is strongly discouraged", "   ╭─[ src/main.js:3:1 ]", "───╯",
			"ERROR in app: request failed", "webpack 5.113.0 compiled successfully in 200 ms", "✓ built in 122ms",
		}, nil},
		{"javac warnings and summaries", []string{
			"src/com/example/Use.java:7: warning: [rawtypes] found raw type: ArrayList",
			"        ArrayList raw = new ArrayList();", "2 errors", "3 warnings", "Note: Some input files use unchecked or unsafe operations.",
		}, nil},
		{"PHP warnings, notices and deprecations", []string{
			"PHP Warning:  Undefined variable $x in /app/a.php on line 10",
			"PHP Deprecated:  strlen(): Passing null to parameter #1 ($string) of type string is deprecated in /app/a.php on line 12",
			"Notice: Only variables should be passed by reference in /app/a.php on line 3", "Fatal error: ",
			"#0 not a stack frame",
		}, nil},
		{"a Rails-looking line without frames", []string{
			"Listening (tcp)", "Puma starting in single mode...", "Completed 500 Internal Server Error in 1ms (Allocations: 843)",
			"Redirected (302)", "ArgumentError (wrong number of arguments)", "panic: boom", "", "goroutine 1 [running]:", "main.main()", "\t/app/main.go:3 +0x1d",
		}, []wantErr{{KindGoPanic, "panic: boom", 1, Frame{File: "/app/main.go", Line: 3, Func: "main.main"}, 5}}},
		{"Laravel's other levels and lookalikes", []string{
			"[2026-12-02 14:39:10] local.DEBUG: Health check {\"db\":\"skipped\"} ",
			"[2026-12-02 14:39:10] local.INFO: Showing user {\"id\":\"7\"} ",
			"[2026-12-02 14:39:10] local.NOTICE: User 7 logged in  ",
			"[2026-12-02 14:39:10] local.WARNING: Disk usage above 80% {\"disk\":\"/\"} ",
			"[2026-12-02 14:39:10] local.WARNING: ERROR: not this one  ",
			"[vite] ERROR: x", "[12:00:00] ERROR: no channel", "[2026-12-02 14:39:10] local.ERRORS: x",
			"[stacktrace]", "#0 /app/x.php(3): f()", `"} `,
		}, nil},
		{"a Laravel error logged without an exception", []string{
			"[2026-12-02 14:39:10] production.ERROR: Payment failed {\"order\":7} []",
			"[2026-12-02 14:39:11] production.INFO: Retrying  ",
			"[2026-12-02 14:39:12] production.CRITICAL: Queue is down  ",
		}, []wantErr{
			{KindPHP, "Payment failed", 0, Frame{}, 1},
			{KindPHP, "Queue is down", 0, Frame{}, 1},
		}},
		{"Ruby warnings and log lines", []string{
			"warning: config.yml is deprecated, use config.json",
			"/app/config.rb:3: warning: already initialized constant PORT",
			"app.rb:8:in `start': finished (in 3ms)", "Completed 200 OK in 5ms (Views: 1.2ms)",
		}, nil},
		{"a Python exception group tree", []string{
			"  + Exception Group Traceback (most recent call last):",
			"  |   File \"/app/a.py\", line 3, in <module>",
			"  | ExceptionGroup: many (1 sub-exception)",
			"  +-+---------------- 1 ----------------",
			"    | ValueError: bad",
			"    +------------------------------------",
			"INFO next",
		}, []wantErr{{KindPython, "ExceptionGroup: many (1 sub-exception): ValueError: bad", 1, Frame{File: "/app/a.py", Line: 3, Func: "<module>"}, 6}}},
		{"Ruby 3.4 quotes", []string{
			"app.rb:2:in 'Greeter#greet': undefined method 'name' for nil (NoMethodError)",
			"\tfrom app.rb:5:in '<main>'",
		}, []wantErr{{KindRuby, "NoMethodError: undefined method 'name' for nil", 2, Frame{File: "app.rb", Line: 2, Func: "Greeter#greet"}, 2}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var d detector
			got := detectAll(&d, tc.lines)
			assertErrors(t, got, tc.want)
		})
	}
}

// FuzzFrameworkParsers runs the new families' line parsers on arbitrary
// text: no panic, no negative position, and what each returns lies within
// its input. FuzzErrorParser covers them inside the detector too (its seeds
// include every recording).
func FuzzFrameworkParsers(f *testing.F) {
	for _, s := range []string{
		"--- FAIL: TestAdd (0.00s)", "    calc_test.go:7: Add(2, 3) = -1, want 5", "=== RUN   TestAdd/x", "=== PAUSE ", "        \tError:      \tNot equal: ",
		"        \t            \texpected: 5", "2026/12/02 13:36:53 http: panic serving 127.0.0.1:55026: boom",
		"    src/app.js:5:0:", "ERROR in ./src/index.js 2:0-29", "   ╭─[ src/main.js:3:60 ]", "[PARSE_ERROR] x",
		"1:40:05 PM [vite] (client) Pre-transform error: x", "  File: /app/src/main.js:1:0",
		"src/App.java:7: error: ';' expected", "PHP Fatal error:  Uncaught Error: x in /a.php:3", "#0 /a.php(5): f()",
		"Parse error: x in /a.php on line 3", "app.rb:2:in `greet': x (NoMethodError)", "\tfrom app.rb:5:in `<main>'",
		"[2026-12-02 14:39:10] local.ERROR: m {\"exception\":\"[object] (A\\\\B(code: 0): m at /a\\\\b.php:87)",
		"[previous exception] [object] (X(code: 4): y at /a.php:10)", "[1] x.ERROR: ", "[1] .ERROR: (code:  at :",
		"  | ExceptionGroup: x (1 sub-exception)", ":in `", "#9 (", "ERROR in ./ 9999999999:", "╭─[ :1:2 ]",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) == 0 || len(s) > maxDetectLine {
			return
		}
		check := func(name string, fr Frame) {
			require.GreaterOrEqual(t, fr.Line, 0, "%s: negative line in %+v", name, fr)
			require.GreaterOrEqual(t, fr.Column, 0, "%s: negative column in %+v", name, fr)
			require.LessOrEqual(t, len(fr.File), len(s), "%s: file longer than the line: %+v", name, fr)
		}
		var si startInfo
		for _, fam := range []family{&goTestErrors{}, &goErrors{}, &javacErrors{}, &phpErrors{}, &laravelErrors{}, &rubyErrors{}, &esbuildErrors{}, &viteErrors{}, &webpackErrors{}, &nodeErrors{}, &pythonErrors{}} {
			si = startInfo{}
			if fam.start(s, &si) == claim {
				require.NotEmpty(t, si.kind, "%T claimed %q without a kind", fam, s)
				check("start", si.frame)
			}
		}
		if fr, _, ok := goTestMessage(s); ok {
			check("goTestMessage", fr)
		}
		if fr, ok := esbuildLoc(s); ok {
			check("esbuildLoc", fr)
			require.Positive(t, fr.Column, "esbuildLoc: column %d, want >= 1", fr.Column)
		}
		if fr, ok := webpackLoc(s); ok {
			check("webpackLoc", fr)
		}
		if fr, ok := rolldownLoc(s); ok {
			check("rolldownLoc", fr)
		}
		if fn, rest, ok := rubyFunc(s); ok {
			require.LessOrEqual(t, len(fn)+len(rest), len(s), "rubyFunc(%q) = %q, %q", s, fn, rest)
		}
		if name, ok := goTestRun(s); ok {
			require.NotEmpty(t, name, "goTestRun(%q) gave no name", s)
		}
		if u := jsonUnescape(s); len(u) > len(s) {
			t.Fatalf("jsonUnescape(%q) = %q, longer than its input", s, u)
		}
		_ = isUserPHPFile(s)
		_, _ = goHTTPPanic(s)
		_, _ = viteDevError(s)
		_, _ = testifyValue(s)
	})
}

// TestDetectLaravelFrames: the exception is thrown in the framework
// (Macroable's __callStatic), the app's call is the frame an editor opens;
// the others follow in printed order, with the functions unescaped.
func TestDetectLaravelFrames(t *testing.T) {
	var d detector
	got := detectAll(&d, fixtureLines(t, "laravel-exception.txt"))
	require.Len(t, got, 1)
	fr := got[0].Frames
	require.Len(t, fr, 18)
	assert.Equal(t, []Frame{
		{File: "/tmp/lara/app/Http/Controllers/UserController.php", Line: 14, Func: `App\Http\Controllers\UserController->show`},
		{File: "/usr/share/php/Illuminate/Macroable/Traits/Macroable.php", Line: 87, Func: `Illuminate\Support\Str::__callStatic`},
		{File: "/usr/share/php/Illuminate/Routing/ControllerDispatcher.php", Line: 48, Func: `Illuminate\Routing\ControllerDispatcher->dispatch`},
	}, fr[:3], "first frames: got %+v", fr[:3])
	assert.Equal(t, Frame{File: "/tmp/lara/public/index.php", Line: 19, Func: "{main}"}, fr[17], "last frame")
	assert.True(t, strings.HasSuffix(got[0].Text, "#17 {main}\n\"} "), "the context's end is in the text: %q", got[0].Text)
}
