package probe

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os/exec"
	"slices"
	"strconv"
	"strings"

	"hum/backend/logs"
	"hum/backend/process"
	"hum/backend/stack"
)

// maxBody is how much of an answer's body a try reads before it closes the
// connection: readiness is in the status, and a dev server's index page
// can be megabytes.
const maxBody = 4 << 10

// newTransport is the HTTP transport of probes: no proxy (a developer's
// HTTP_PROXY must never see a probe of their local services, nor turn a
// refused port into the proxy's 502), no kept-alive connections (each try
// asks afresh, and nothing is left open between tries), and a bounded
// header.
func newTransport(tlsConfig *tls.Config) *http.Transport {
	return &http.Transport{
		Proxy:                  nil,
		DialContext:            (&net.Dialer{}).DialContext, // bounded by the try's context
		DisableKeepAlives:      true,
		MaxResponseHeaderBytes: 64 << 10,
		TLSClientConfig:        tlsConfig,
	}
}

// The clients of probes never follow a redirect: a 302 is an answer, and
// following it could lead off the machine.
var (
	client = &http.Client{
		Transport:     newTransport(nil),
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	// loopbackClient is for a URL on this machine, whose certificate is not
	// checked: a dev server's HTTPS uses a self-signed one, and whether it
	// answers is all a readiness probe asks. Nothing secret is sent.
	loopbackClient = &http.Client{
		Transport:     newTransport(&tls.Config{InsecureSkipVerify: true}), // loopback only, see above
		CheckRedirect: client.CheckRedirect,
	}
)

// tryHTTP GETs p.URL and checks the status.
func tryHTTP(ctx context.Context, p stack.Probe) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, p.URL, nil)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrInvalid, innermost(err)) // check parsed it: not expected
	}
	req.Header.Set("User-Agent", "hum-readiness-probe")
	c := client
	if _, local := loopbackHost(req.URL.Hostname()); local {
		c = loopbackClient
	}
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	_, _ = io.CopyN(io.Discard, resp.Body, maxBody)
	resp.Body.Close()
	if statusReady(p, resp.StatusCode) {
		return nil
	}
	words := "status " + strconv.Itoa(resp.StatusCode)
	if len(p.Statuses) > 0 {
		words += " (want " + orList(p.Statuses) + ")"
	}
	return &wordsError{words: words}
}

// statusReady says whether an answer with status code passes p.
func statusReady(p stack.Probe, code int) bool {
	switch {
	case p.AnyStatus:
		return true
	case len(p.Statuses) > 0:
		return slices.Contains(p.Statuses, code)
	}
	return code < 400
}

// orList writes codes as "200", "200 or 204", "200, 204 or 205".
func orList(codes []int) string {
	s := make([]string, len(codes))
	for i, c := range codes {
		s[i] = strconv.Itoa(c)
	}
	if len(s) == 1 {
		return s[0]
	}
	return strings.Join(s[:len(s)-1], ", ") + " or " + s[len(s)-1]
}

// tryTCP connects to p.Address and closes the connection.
func tryTCP(ctx context.Context, p stack.Probe) error {
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", p.Address)
	if err != nil {
		return err
	}
	_ = conn.Close() // it accepted: that was the question
	return nil
}

// tryExec runs p's command in t and wants exit 0. On failure the words are
// the exit's, with the last line the command printed.
func tryExec(ctx context.Context, p stack.Probe, t Target) error {
	spec := process.Spec{
		Name:    Describe(p),
		Command: p.Command,
		Argv:    p.Argv,
		Dir:     t.Dir,
		Environ: t.Environ,
	}
	var out tail
	err := process.RunOnce(ctx, spec, &out, t.Guard)
	if err == nil || ctx.Err() != nil {
		return err
	}
	if errors.Is(err, exec.ErrNotFound) {
		return &wordsError{words: "not found in PATH", err: err}
	}
	if line := out.lastLine(); line != "" {
		return &wordsError{words: err.Error() + ": " + line, err: err}
	}
	return &wordsError{words: err.Error(), err: err}
}

// maxTail is how much of an exec probe's output is kept, from its end.
const maxTail = 4 << 10

// maxLastLine bounds the last line in a failure's words, in runes.
const maxLastLine = 200

// tail is an io.Writer that keeps the last maxTail bytes written. It is
// used by one goroutine at a time (RunOnce's copier, then tryExec after
// RunOnce returned).
type tail struct {
	buf []byte // the kept bytes
}

func (w *tail) Write(p []byte) (int, error) {
	n := len(p)
	if len(p) >= maxTail {
		p = p[len(p)-maxTail:]
		w.buf = w.buf[:0]
	}
	if over := len(w.buf) + len(p) - maxTail; over > 0 {
		w.buf = w.buf[:copy(w.buf, w.buf[over:])]
	}
	w.buf = append(w.buf, p...)
	return n, nil
}

// lastLine is the last line of the output that a person would see as
// text (colours and progress redraws resolved, see logs.Plain), trimmed
// and cut to maxLastLine runes; "" if it printed nothing but blanks.
func (w *tail) lastLine() string {
	lines := strings.Split(string(w.buf), "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		if s := strings.TrimSpace(logs.Plain(lines[i])); s != "" {
			return cut(s, maxLastLine)
		}
	}
	return ""
}
