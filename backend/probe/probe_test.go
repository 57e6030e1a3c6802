package probe

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"hum/backend/stack"
)

// reports records what Run reported, for the test's goroutine to read.
type reports struct {
	mu    sync.Mutex // protects tries and errs
	tries []int
	errs  []string
}

func (r *reports) report(tries int, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.tries = append(r.tries, tries)
	r.errs = append(r.errs, err.Error())
}

func (r *reports) snapshot() ([]int, []string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]int(nil), r.tries...), append([]string(nil), r.errs...)
}

// freeAddr returns a loopback address nothing listens on (it listened a
// moment ago, so the port is free and refused).
func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	require.NoError(t, l.Close())
	return addr
}

func TestRunWaitsForATCPListenerThatStartsLate(t *testing.T) {
	addr := freeAddr(t)
	listening := make(chan net.Listener, 1)
	started := time.Now()
	timer := time.AfterFunc(time.Second, func() {
		l, err := net.Listen("tcp", addr)
		if err != nil {
			listening <- nil
			return
		}
		go func() {
			for {
				c, err := l.Accept()
				if err != nil {
					return
				}
				c.Close()
			}
		}()
		listening <- l
	})
	defer timer.Stop()
	t.Cleanup(func() {
		select {
		case l := <-listening:
			if l != nil {
				l.Close()
			}
		default:
		}
	})

	var r reports
	// A long timeout, so every try ends refused: Windows takes a second or
	// two to give up on a port nothing listens on.
	p := stack.Probe{Kind: stack.ProbeTCP, Address: addr, Period: 100 * time.Millisecond, Timeout: 30 * time.Second, FailureThreshold: 600}
	res, err := Run(t.Context(), p, Target{}, r.report)
	require.NoError(t, err)
	assert.True(t, res.OK, "got %+v, want ready once the listener is up", res)
	assert.GreaterOrEqual(t, time.Since(started), 900*time.Millisecond, "got ready before the listener existed")
	tries, errs := r.snapshot()
	require.NotEmpty(t, tries, "got no failed try reported, want the ones before the listener")
	assert.Equal(t, res.Tries, len(tries)+1, "got %d tries and %d reports, want one report per failed try", res.Tries, len(tries))
	for i, n := range tries {
		assert.Equal(t, i+1, n, "got report %d saying %d tries, want %d", i, n, i+1)
	}
	want := "tcp " + addr + ": connection refused"
	assert.Equal(t, want, errs[0], "got %q, want %q", errs[0], want)
	assert.Empty(t, res.Err, "got Err %q on success, want none", res.Err)
}

func TestRunHTTPWaitsThrough503(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		if hits.Add(1) <= 2 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		w.WriteHeader(http.StatusOK)
	}))
	defer srv.Close()

	var r reports
	p := stack.Probe{Kind: stack.ProbeHTTP, URL: srv.URL + "/health", Period: 20 * time.Millisecond}
	res, err := Run(t.Context(), p, Target{}, r.report)
	require.NoError(t, err)
	assert.Equal(t, Result{OK: true, Tries: 3}, res, "got %+v, want ready on the third try", res)
	_, errs := r.snapshot()
	want := "http " + srv.URL + "/health: status 503"
	assert.Equal(t, []string{want, want}, errs, "got %q, want two reports of %q", errs, want)
}

// statusServer answers every request with code.
func statusServer(t *testing.T, code int) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(code) }))
	t.Cleanup(srv.Close)
	return srv
}

func TestHTTPStatuses(t *testing.T) {
	for _, tc := range []struct {
		code     int
		statuses []int
		any      bool
		want     string // "" for ready
	}{
		{code: 200},
		{code: 204},
		{code: 399},
		{code: 400, want: "status 400"},
		{code: 404, want: "status 404"},
		{code: 503, want: "status 503"},
		{code: 204, statuses: []int{200}, want: "status 204 (want 200)"},
		{code: 204, statuses: []int{200, 204}},
		{code: 201, statuses: []int{200, 204}, want: "status 201 (want 200 or 204)"},
		{code: 201, statuses: []int{200, 202, 204}, want: "status 201 (want 200, 202 or 204)"},
		{code: 401, statuses: []int{401}}, // an endpoint that is up and wants a login
		{code: 404, any: true},
		{code: 503, any: true},
		{code: 503, statuses: []int{200}, any: true},
	} {
		t.Run(fmt.Sprintf("%d %v %v", tc.code, tc.statuses, tc.any), func(t *testing.T) {
			srv := statusServer(t, tc.code)
			p := stack.Probe{Kind: stack.ProbeHTTP, URL: srv.URL, Statuses: tc.statuses, AnyStatus: tc.any}
			err := Try(t.Context(), p, Target{})
			if tc.want == "" {
				assert.NoError(t, err, "got %v, want ready", err)
				return
			}
			want := "http " + srv.URL + ": " + tc.want
			assert.EqualError(t, err, want, "got %v, want %q", err, want)
		})
	}
}

// TestHTTPRedirectIsAnAnswer: a redirect is not followed (it could lead
// off the machine) and counts by its own status.
func TestHTTPRedirectIsAnAnswer(t *testing.T) {
	var followed atomic.Int32
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		followed.Add(1)
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	defer target.Close()
	srv := httptest.NewServer(http.RedirectHandler(target.URL+"/login", http.StatusFound))
	defer srv.Close()

	err := Try(t.Context(), stack.Probe{Kind: stack.ProbeHTTP, URL: srv.URL}, Target{})
	assert.NoError(t, err, "got %v, want a 302 to count as ready", err)
	err = Try(t.Context(), stack.Probe{Kind: stack.ProbeHTTP, URL: srv.URL, Statuses: []int{200}}, Target{})
	want := "http " + srv.URL + ": status 302 (want 200)"
	assert.EqualError(t, err, want, "got %v, want %q", err, want)
	assert.Zero(t, followed.Load(), "got the redirect followed %d times, want never", followed.Load())
}

// TestHTTPReadsLittleOfTheBody: a page of 256 MB is not downloaded to learn
// its status.
func TestHTTPReadsLittleOfTheBody(t *testing.T) {
	const page = 256 << 20
	var written atomic.Int64
	served := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		defer close(served)
		w.Header().Set("Content-Length", strconv.Itoa(page))
		chunk := make([]byte, 64<<10)
		for written.Load() < page {
			n, err := w.Write(chunk)
			written.Add(int64(n))
			if err != nil {
				return
			}
		}
	}))
	defer srv.Close()

	require.NoError(t, Try(t.Context(), stack.Probe{Kind: stack.ProbeHTTP, URL: srv.URL, Timeout: time.Minute}, Target{}))
	select {
	case <-served:
	case <-time.After(60 * time.Second):
		t.Fatal("the server was still writing 60s after the probe returned")
	}
	assert.Less(t, written.Load(), int64(page), "got the whole %d-byte page sent, want the probe to hang up", page)
}

// TestHTTPUsesNoProxyFromTheEnvironment: a developer's HTTP_PROXY never
// sees a probe.
func TestHTTPUsesNoProxyFromTheEnvironment(t *testing.T) {
	var proxied atomic.Int32
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		proxied.Add(1)
		w.WriteHeader(http.StatusOK)
	}))
	defer proxy.Close()
	for _, key := range []string{"HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy"} {
		t.Setenv(key, proxy.URL)
	}
	t.Setenv("NO_PROXY", "")
	t.Setenv("no_proxy", "")

	// A host that does not exist: through the proxy it would be "ready".
	err := Try(t.Context(), stack.Probe{Kind: stack.ProbeHTTP, URL: "http://hum-probe-test.invalid/"}, Target{})
	assert.Error(t, err, "got ready for a host that does not exist")
	assert.Zero(t, proxied.Load(), "got %d requests through HTTP_PROXY, want none", proxied.Load())
}

// TestHTTPSOnLoopbackAcceptsASelfSignedCertificate: a dev server's HTTPS
// certificate is its own; whether it answers is the question.
func TestHTTPSOnLoopbackAcceptsASelfSignedCertificate(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {}))
	defer srv.Close()
	err := Try(t.Context(), stack.Probe{Kind: stack.ProbeHTTP, URL: srv.URL}, Target{})
	assert.NoError(t, err, "got %v, want a local HTTPS server with its own certificate ready", err)
}

func TestHTTPTimeoutInWords(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)

	err := Try(t.Context(), stack.Probe{Kind: stack.ProbeHTTP, URL: srv.URL, Timeout: 200 * time.Millisecond}, Target{})
	want := "http " + srv.URL + ": timed out after 200ms"
	assert.EqualError(t, err, want, "got %v, want %q", err, want)
	assert.ErrorIs(t, err, context.DeadlineExceeded, "got %v, want it to wrap the deadline", err)
}

func TestRunGivesUpAfterTheFailureThreshold(t *testing.T) {
	addr := freeAddr(t)
	var r reports
	p := stack.Probe{Kind: stack.ProbeTCP, Address: addr, Period: 10 * time.Millisecond, Timeout: 30 * time.Second, FailureThreshold: 3}
	res, err := Run(t.Context(), p, Target{}, r.report)
	require.NoError(t, err)
	want := Result{OK: false, Tries: 3, Err: "tcp " + addr + ": connection refused"}
	assert.Equal(t, want, res, "got %+v, want %+v", res, want)
	tries, _ := r.snapshot()
	assert.Equal(t, []int{1, 2, 3}, tries, "got reports %v, want one per failed try", tries)
}

// TestRunWaitsThePeriod: a period of 0 is the default of a second, not a
// spin; the bounds are generous, the count exact.
func TestRunWaitsThePeriod(t *testing.T) {
	p := stack.Probe{Kind: stack.ProbeTCP, Address: freeAddr(t), FailureThreshold: 3}
	began := time.Now()
	res, err := Run(t.Context(), p, Target{}, nil)
	require.NoError(t, err)
	took := time.Since(began)
	assert.Equal(t, 3, res.Tries, "got %d tries, want 3", res.Tries)
	assert.GreaterOrEqual(t, took, 1500*time.Millisecond, "got 3 tries in %v, want two default periods (1s) between them", took)
	assert.Less(t, took, 30*time.Second, "got 3 tries in %v", took)

	p.Period = time.Nanosecond
	began = time.Now()
	res, err = Run(t.Context(), p, Target{}, nil)
	require.NoError(t, err)
	took = time.Since(began)
	assert.Equal(t, 3, res.Tries, "got %d tries, want 3", res.Tries)
	assert.GreaterOrEqual(t, took, 2*MinPeriod*3/4, "got 3 tries in %v, want at least MinPeriod between them", took)
}

func TestRunHonoursTheInitialDelay(t *testing.T) {
	srv := statusServer(t, http.StatusOK)
	began := time.Now()
	res, err := Run(t.Context(), stack.Probe{Kind: stack.ProbeHTTP, URL: srv.URL, InitialDelay: 500 * time.Millisecond}, Target{}, nil)
	require.NoError(t, err)
	assert.True(t, res.OK, "got %+v, want ready", res)
	assert.GreaterOrEqual(t, time.Since(began), 400*time.Millisecond, "got the first try before the initial delay")
}

// TestRunEndsWhenCtxEnds: a stopped process's probe ends at once, whether
// it waits for its initial delay, between tries, or in a try.
func TestRunEndsWhenCtxEnds(t *testing.T) {
	asked := make(chan struct{}, 1)
	hung := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		asked <- struct{}{}
		<-r.Context().Done()
	}))
	defer hung.Close()
	for _, tc := range []struct {
		name string
		p    stack.Probe
		// reached is closed once Run is where the case stops it; nil
		// when there is nothing to see (the initial delay).
		reached func(failed <-chan struct{}) <-chan struct{}
	}{
		{"initial delay", stack.Probe{Kind: stack.ProbeTCP, Address: freeAddr(t), InitialDelay: time.Hour}, nil},
		{"between tries", stack.Probe{Kind: stack.ProbeTCP, Address: freeAddr(t), Period: time.Hour},
			func(failed <-chan struct{}) <-chan struct{} { return failed }},
		{"in a try", stack.Probe{Kind: stack.ProbeHTTP, URL: hung.URL, Timeout: time.Hour},
			func(<-chan struct{}) <-chan struct{} {
				in := make(chan struct{})
				go func() { <-asked; close(in) }()
				return in
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			type ran struct {
				res Result
				err error
			}
			done := make(chan ran, 1)
			failed := make(chan struct{})
			var once sync.Once
			report := func(int, error) { once.Do(func() { close(failed) }) }
			var reached <-chan struct{}
			if tc.reached != nil {
				reached = tc.reached(failed)
			}
			go func() {
				res, err := Run(ctx, tc.p, Target{}, report)
				done <- ran{res, err}
			}()
			if reached != nil {
				select {
				case <-reached:
				case <-time.After(60 * time.Second):
					t.Fatal("Run never reached the point to stop it at")
				}
			}
			cancelled := time.Now()
			cancel()
			select {
			case got := <-done:
				assert.ErrorIs(t, got.err, context.Canceled, "got %v, want the context's error", got.err)
				assert.False(t, got.res.OK, "got %+v, want not ready", got.res)
				if tc.p.Kind == stack.ProbeHTTP {
					assert.Zero(t, got.res.Tries, "got %d tries, want the try cut short not counted", got.res.Tries)
				}
			case <-time.After(20 * time.Second):
				t.Fatal("Run did not end within 20s of its context")
			}
			assert.Less(t, time.Since(cancelled), 10*time.Second, "Run took long to end")
		})
	}
}

func TestDescribe(t *testing.T) {
	long := strings.Repeat("x", 100)
	for _, tc := range []struct {
		p    stack.Probe
		want string
	}{
		{stack.Probe{Kind: stack.ProbeTCP, Address: "localhost:5432"}, "tcp localhost:5432"},
		{stack.Probe{Kind: stack.ProbeHTTP, URL: "http://localhost:8080/health"}, "http http://localhost:8080/health"},
		{stack.Probe{Kind: stack.ProbeHTTP, URL: "http://hum:s3cret@localhost:8080/"}, "http http://hum:xxxxx@localhost:8080/"},
		{stack.Probe{Kind: stack.ProbeHTTP, URL: "http://token@localhost:8080/"}, "http http://token@localhost:8080/"},
		{stack.Probe{Kind: stack.ProbeExec, Command: "pg_isready"}, "exec pg_isready"},
		{stack.Probe{Kind: stack.ProbeExec, Command: "pg_isready -q"}, "exec pg_isready -q"},
		{stack.Probe{Kind: stack.ProbeExec, Argv: []string{"pg_isready", "-h", "localhost"}}, "exec pg_isready -h localhost"},
		{stack.Probe{Kind: stack.ProbeExec, Command: "test -f a &&\n  test -f b\n"}, "exec test -f a &&   test -f b"},
		{stack.Probe{Kind: stack.ProbeExec, Command: long}, "exec " + long[:59] + "…"},
		{stack.Probe{Kind: stack.ProbeLog, Pattern: "ready to accept"}, "log line /ready to accept/"},
		{stack.Probe{Kind: stack.ProbeLog, Pattern: long}, "log line /" + long[:59] + "…/"},
		{stack.Probe{Kind: "grpc"}, "grpc probe"},
	} {
		got := Describe(tc.p)
		assert.Equal(t, tc.want, got, "got %q, want %q", got, tc.want)
	}
}

func TestTimingDefaults(t *testing.T) {
	period, timeout, threshold := Timing(stack.Probe{})
	assert.Equal(t, stack.DefaultProbePeriod, period, "got period %v", period)
	assert.Equal(t, stack.DefaultProbeTimeout, timeout, "got timeout %v", timeout)
	assert.Equal(t, stack.DefaultFailureThreshold, threshold, "got threshold %d", threshold)
	period, timeout, threshold = Timing(stack.Probe{Period: -time.Second, Timeout: 3 * time.Second, FailureThreshold: 5})
	assert.Equal(t, []any{stack.DefaultProbePeriod, 3 * time.Second, 5}, []any{period, timeout, threshold}, "got %v %v %d", period, timeout, threshold)
	period, _, _ = Timing(stack.Probe{Period: time.Nanosecond})
	assert.Equal(t, MinPeriod, period, "got period %v, want MinPeriod", period)
}

func TestALogProbeIsNotTried(t *testing.T) {
	p := stack.Probe{Kind: stack.ProbeLog, Pattern: "ready"}
	assert.ErrorIs(t, Try(t.Context(), p, Target{}), ErrNotTriable)
	res, err := Run(t.Context(), p, Target{}, nil)
	assert.ErrorIs(t, err, ErrNotTriable, "got %v", err)
	assert.Zero(t, res.Tries, "got %d tries", res.Tries)
}

func TestInvalidProbes(t *testing.T) {
	for _, p := range []stack.Probe{
		{},
		{Kind: "grpc"},
		{Kind: stack.ProbeHTTP},
		{Kind: stack.ProbeTCP},
		{Kind: stack.ProbeExec, Command: "  "},
	} {
		err := Try(t.Context(), p, Target{})
		assert.ErrorIs(t, err, ErrInvalid, "got %v for %+v, want ErrInvalid", err, p)
		_, err = Run(t.Context(), p, Target{}, nil)
		assert.ErrorIs(t, err, ErrInvalid, "got %v from Run for %+v, want ErrInvalid", err, p)
	}
	for _, tc := range []struct {
		p    stack.Probe
		want string
	}{
		{stack.Probe{Kind: stack.ProbeHTTP, URL: "ftp://localhost/"}, "invalid probe: http ftp://localhost/: want a URL that starts with http:// or https://"},
		{stack.Probe{Kind: stack.ProbeHTTP, URL: "localhost:8080/health"}, "invalid probe: http localhost:8080/health: want a URL that starts with http:// or https://"},
		{stack.Probe{Kind: stack.ProbeHTTP, URL: "http://local host/"}, "invalid probe: http http://local host/: invalid character \" \" in host name"},
		{stack.Probe{Kind: stack.ProbeTCP, Address: "localhost"}, "invalid probe: tcp localhost: want host:port"},
		{stack.Probe{Kind: stack.ProbeTCP, Address: "localhost:"}, "invalid probe: tcp localhost:: want host:port"},
	} {
		err := Try(t.Context(), tc.p, Target{})
		assert.ErrorIs(t, err, ErrInvalid, "got %v for %+v, want ErrInvalid", err, tc.p)
		assert.EqualError(t, err, tc.want, "got %v, want %q", err, tc.want)
		res, err := Run(t.Context(), tc.p, Target{}, nil)
		assert.ErrorIs(t, err, ErrInvalid, "got %v from Run, want ErrInvalid at once", err)
		assert.Zero(t, res.Tries, "got %d tries of an invalid probe", res.Tries)
	}
}

func TestInferURL(t *testing.T) {
	for _, tc := range []struct {
		url, want string // want "" for refused
	}{
		{"http://localhost:5173/", "http://localhost:5173/"},
		{"http://LOCALHOST:5173", "http://localhost:5173"},
		{"https://localhost:8443/app?x=1#top", "https://localhost:8443/app?x=1"},
		{"http://user:secret@localhost:3000/", "http://localhost:3000/"},
		{"http://127.0.0.1:8000", "http://127.0.0.1:8000"},
		{"http://127.1.2.3:8000", "http://127.1.2.3:8000"},
		{"http://[::1]:4000/", "http://[::1]:4000/"},
		{"http://[::ffff:127.0.0.1]:4000/", "http://127.0.0.1:4000/"},
		{"http://0.0.0.0:3000/", "http://127.0.0.1:3000/"},
		{"http://[::]:3000/", "http://[::1]:3000/"},
		{"HTTP://localhost", "http://localhost"},
		{"http://[::1]/", "http://[::1]/"},
		{"http://example.com/", ""},
		{"http://192.168.1.10:3000/", ""},
		{"http://10.0.0.1/", ""},
		{"http://localhost.example.com/", ""},
		{"http://127.0.0.1.nip.io/", ""},
		{"http://[fe80::1%25lo0]:80/", ""},
		{"ws://localhost:3000/", ""},
		{"localhost:3000", ""},
		{"http://localhost:0/", ""},
		{"http://localhost:70000/", ""},
		{"http://localhost:/", ""},
		{"http:///path", ""},
		{"", ""},
	} {
		p, ok := InferURL(tc.url)
		if tc.want == "" {
			assert.False(t, ok, "got %q probed as %q, want it refused", tc.url, p.URL)
			continue
		}
		want := stack.Probe{Kind: stack.ProbeHTTP, URL: tc.want, AnyStatus: true}
		assert.True(t, ok, "got %q refused, want it probed as %q", tc.url, tc.want)
		assert.Equal(t, want, p, "got %+v for %q, want %+v", p, tc.url, want)
	}
}

// TestAnInferredProbeOnTheWildcardReachesTheServer: a server that printed
// http://0.0.0.0:PORT and answers 404 is ready.
func TestAnInferredProbeOnTheWildcardReachesTheServer(t *testing.T) {
	srv := statusServer(t, http.StatusNotFound)
	_, port, err := net.SplitHostPort(srv.Listener.Addr().String())
	require.NoError(t, err)
	p, ok := InferURL("http://0.0.0.0:" + port + "/")
	require.True(t, ok)
	assert.Equal(t, "http://127.0.0.1:"+port+"/", p.URL, "got %q", p.URL)
	assert.NoError(t, Try(t.Context(), p, Target{}), "got the 404 of a running server not ready")
}

func TestLogMatcher(t *testing.T) {
	for _, tc := range []struct {
		pattern, text string
		want          bool
	}{
		{"ready to accept", "LOG:  database system is ready to accept connections", true},
		{"ready to accept", "LOG:  database system is starting up", false},
		{"^Listening on", "\x1b[32mListening on\x1b[0m :8080", true},
		{"on :8080$", "\x1b[32mListening on\x1b[0m :8080\r", true},
		{"^ready$", "\x1b[1m\x1b[32mready\x1b[39m\x1b[22m", true},
		{"^Done$", "Building 50%\r\x1b[KBuilding 99%\r\x1b[KDone", true},
		{"Building", "Building 50%\r\x1b[KDone", false}, // a person reads "Done"
		// Without the erase a terminal shows "Doneding 99%", and so does Plain.
		{"^Done$", "Building 99%\rDone", false},
		{"(?i)READY", "server ready", true},
		{"READY", "server ready", false},
		{`\d+ms`, "compiled in 312ms", true},
		{"https?://localhost:\\d+", "  ➜  Local:   \x1b]8;;http://localhost:5173/\x1b\\http://localhost:5173/\x1b]8;;\x1b\\", true},
	} {
		m, err := CompileLog(tc.pattern)
		require.NoError(t, err, "pattern %q", tc.pattern)
		got := m.Match(tc.text)
		assert.Equal(t, tc.want, got, "got Match(%q) = %v for /%s/, want %v", tc.text, got, tc.pattern, tc.want)
	}
}

func TestCompileLogSaysWhatIsWrong(t *testing.T) {
	for pattern, want := range map[string]string{
		"(ready":   "invalid probe: log pattern /(ready/: missing closing ): `(ready`",
		"ready[":   "invalid probe: log pattern /ready[/: missing closing ]: `[`",
		`\p{Nope}`: "invalid probe: log pattern /\\p{Nope}/: invalid character class range: `\\p{Nope}`",
		"(?<=a)b":  "invalid probe: log pattern /(?<=a)b/: invalid named capture: `(?<=a)b` (RE2 has no look-ahead or look-behind)",
		`(a)x\1`:   "invalid probe: log pattern /(a)x\\1/: invalid escape sequence: `\\1` (RE2 has no back-references)",
		"":         "invalid probe: an empty log pattern would match any line",
	} {
		_, err := CompileLog(pattern)
		assert.ErrorIs(t, err, ErrInvalid, "got %v for %q", err, pattern)
		assert.EqualError(t, err, want, "got %v for %q, want %q", err, pattern, want)
	}
}

func TestWordsKeepTheCause(t *testing.T) {
	err := Try(t.Context(), stack.Probe{Kind: stack.ProbeTCP, Address: freeAddr(t), Timeout: 30 * time.Second}, Target{})
	var opErr *net.OpError
	assert.True(t, errors.As(err, &opErr), "got %v (%T), want it to wrap the *net.OpError", err, err)
}

func TestTailKeepsTheEndOfTheOutput(t *testing.T) {
	var w tail
	var all strings.Builder
	for _, chunk := range []string{
		"first\n", strings.Repeat("x", 3*maxTail) + "\n", "a\nb", strings.Repeat("y", maxTail-10), "\nlast line\n\n",
	} {
		n, err := w.Write([]byte(chunk))
		require.NoError(t, err)
		require.Equal(t, len(chunk), n, "got %d written, want %d", n, len(chunk))
		all.WriteString(chunk)
		want := all.String()[max(0, all.Len()-maxTail):]
		require.Equal(t, want, string(w.buf), "got %d kept bytes not the last %d written", len(w.buf), maxTail)
	}
	assert.Equal(t, "last line", w.lastLine(), "got %q", w.lastLine())
	assert.Empty(t, (&tail{buf: []byte("\n \r\n\x1b[0m\n")}).lastLine(), "got a last line from blanks")
}
