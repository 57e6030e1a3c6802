package logs

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"hum/backend/process"
	"hum/backend/termnotify"
)

// typicalLines is a mix of what dev servers print: access logs, coloured
// status lines, a URL banner, a progress bar, a warning and, now and then,
// a stack trace.
var typicalLines = func() [][]byte {
	lines := []string{
		`127.0.0.1 - - [01/May/2024 10:00:00] "GET /api/users?page=2 HTTP/1.1" 200 -`,
		"\x1b[32m✓\x1b[39m Compiled \x1b[1m/dashboard\x1b[22m in 412ms (1523 modules)",
		"  \x1b[32m➜\x1b[39m  \x1b[1mLocal\x1b[22m:   \x1b[36mhttp://localhost:\x1b[1m5173\x1b[22m/\x1b[39m",
		"[webpack] 42% building 1021/2048 modules 3 active\r[webpack] 100% done",
		"GET /static/app.js 304 1.2ms",
		"time=2024-05-01T10:00:00Z level=info msg=\"request done\" status=200 dur=3.1ms",
		"warn: the 'foo' option is deprecated, use 'bar'",
		"POST /api/login 401 12ms",
	}
	trace := []string{
		"TypeError: Cannot read properties of undefined (reading 'id')",
		"    at handler (/app/src/routes/user.js:12:20)",
		"    at Layer.handle (/app/node_modules/express/lib/router/layer.js:95:5)",
		"after the trace",
	}
	var out [][]byte
	for i := 0; i < 24; i++ {
		out = append(out, []byte(lines[i%len(lines)]))
	}
	for _, l := range trace {
		out = append(out, []byte(l))
	}
	return out
}()

func reportLinesPerSec(b *testing.B, lines int) {
	b.ReportMetric(float64(lines)/b.Elapsed().Seconds(), "lines/s")
}

func fill(s *Store, proc string, n int) {
	for i := 0; i < n; i++ {
		s.Line(proc, process.Stdout, typicalLines[i%len(typicalLines)])
	}
}

// after1M is shared by the benchmark's repeated runs: building it costs a
// million appends, and more history only strengthens the comparison.
var after1M = sync.OnceValue(func() *Store {
	s := NewStore(Options{})
	fill(s, "p", 1_000_000)
	return s
})

// BenchmarkStoreAppend measures Line (sanitising, URL and error detection
// included) on a fresh store, on one whose ring just filled (10,000 lines
// through) and on one with 1,000,000 lines through: the per-line cost must
// not grow with history. parallel appends to 8 processes from all CPUs.
func BenchmarkStoreAppend(b *testing.B) {
	run := func(b *testing.B, s *Store) {
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			s.Line("p", process.Stdout, typicalLines[i%len(typicalLines)])
		}
		reportLinesPerSec(b, b.N)
	}
	b.Run("fresh", func(b *testing.B) {
		s := NewStore(Options{})
		defer s.Close()
		run(b, s)
	})
	b.Run("history=10k", func(b *testing.B) {
		s := NewStore(Options{})
		defer s.Close()
		fill(s, "p", 10_000)
		run(b, s)
	})
	b.Run("history=1M", func(b *testing.B) {
		run(b, after1M())
	})
	b.Run("signals", func(b *testing.B) {
		// As a session's store: every line is scanned for bells and OSC 9/777.
		s := NewStore(Options{OnSignal: func(string, termnotify.Signal) {}})
		defer s.Close()
		run(b, s)
	})
	b.Run("subscriber", func(b *testing.B) {
		s := NewStore(Options{})
		defer s.Close()
		sub := s.Subscribe(1 << 12)
		go func() {
			for open := true; open; {
				<-sub.Ready()
				_, open = sub.Take()
			}
		}()
		run(b, s)
	})
	b.Run("pty", func(b *testing.B) {
		// What tools print to a terminal (testdata/pty-*.txt): redraws,
		// cursor moves, clears and a full-screen program's lines.
		lines := recordingLines(b, "testdata/pty-*.txt")
		s := NewStore(Options{})
		defer s.Close()
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			s.Line("p", process.Stdout, lines[i%len(lines)])
		}
		reportLinesPerSec(b, b.N)
	})
	b.Run("parallel", func(b *testing.B) {
		s := NewStore(Options{})
		defer s.Close()
		var next atomic.Int64
		b.ReportAllocs()
		b.ResetTimer()
		b.RunParallel(func(pb *testing.PB) {
			proc := fmt.Sprintf("p%d", next.Add(1)%8)
			i := 0
			for pb.Next() {
				s.Line(proc, process.Stdout, typicalLines[i%len(typicalLines)])
				i++
			}
		})
		reportLinesPerSec(b, b.N)
	})
}

// frameworkLines is what the tools whose errors Hum knows print when all is
// well: lines that get partway into a family's parser (a clock before
// "[vite]", a Go log's date, "Word (...)", "--- PASS", "▲ [WARNING]").
var frameworkLines = func() [][]byte {
	var out [][]byte
	for _, l := range []string{
		"1:40:05 PM [vite] hmr update /src/App.vue, /src/style.css",
		"2026/12/02 13:36:53 listening on :18087",
		`Started GET "/users/ada" for 127.0.0.1 at 2026-12-02 13:47:03 +0000`,
		"Processing by UsersController#show as HTML",
		"Completed 200 OK in 5ms (Views: 1.2ms | ActiveRecord: 0.4ms | Allocations: 843)",
		"=== RUN   TestAddTable/case",
		"    calc_test.go:29: Add(0, 0) = 0, as expected",
		"--- PASS: TestOK (0.00s)",
		"ok  \texample.com/calc\t0.007s",
		`▲ [WARNING] Duplicate key "port" in object literal [duplicate-object-key]`,
		"asset main.js 4.34 KiB [emitted] (name: main)",
		"webpack 5.113.0 compiled successfully in 209 ms",
		"PHP Warning:  Undefined variable $undefinedVar in /app/app.php on line 10",
		"[Wed Dec  2 13:47:03 2026] 127.0.0.1:50312 [200]: GET /users/ada",
		"src/com/example/Use.java:7: warning: [rawtypes] found raw type: ArrayList",
		"INFO:     127.0.0.1:50312 - \"GET /api/users HTTP/1.1\" 200 OK",
	} {
		out = append(out, []byte(l))
	}
	return out
}()

// BenchmarkDetect measures detection alone (sanitise, URLs, errors) on the
// typical mix, on real tool output full of errors and on the ordinary
// output of the frameworks whose errors Hum knows.
func BenchmarkDetect(b *testing.B) {
	errorLines := recordingLines(b, "testdata/*.txt")
	ptyLines := recordingLines(b, "testdata/pty-*.txt")
	for _, set := range []struct {
		name  string
		lines [][]byte
	}{{"typical", typicalLines}, {"errors", errorLines}, {"frameworks", frameworkLines}, {"pty", ptyLines}} {
		b.Run(set.name, func(b *testing.B) {
			var d detector
			var out []finished
			now := time.Now()
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				f := prepare(set.lines[i%len(set.lines)], false)
				if strings.Contains(f.text, "://") {
					_ = DetectURLs(f.text)
				}
				out = d.feed(f.text, now, out[:0])
			}
			reportLinesPerSec(b, b.N)
		})
	}
}

// recordingLines returns the lines of the recordings that match pattern,
// as the process core delivers them (a line end's '\r' dropped).
func recordingLines(b *testing.B, pattern string) [][]byte {
	var lines [][]byte
	files, _ := filepath.Glob(pattern)
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		for _, l := range strings.Split(string(data), "\n") {
			lines = append(lines, []byte(strings.TrimSuffix(l, "\r")))
		}
	}
	if len(lines) == 0 {
		b.Fatalf("no recordings match %s", pattern)
	}
	return lines
}

// BenchmarkRender measures playing one redrawn line on a row (render):
// a progress line redrawn after a '\r', and a coloured one erased and
// drawn again.
func BenchmarkRender(b *testing.B) {
	for _, c := range []struct{ name, line string }{
		{"progress", "[webpack] 42% building 1021/2048 modules 3 active\r[webpack] 100% done"},
		{"coloured", "\x1b[2K\x1b[1G\x1b[33m⠙\x1b[39m transforming (3) src/main.js\x1b[2K\x1b[1G\x1b[32m✓\x1b[39m 4 modules transformed."},
	} {
		b.Run(c.name, func(b *testing.B) {
			line := []byte(c.line)
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				render(line)
			}
			reportLinesPerSec(b, b.N)
		})
	}
}
