// Package probe runs Hum's readiness probes (stack.Probe): an HTTP GET, a
// TCP connect, a command that must exit 0, or a log line to match. The
// supervisor (backend/supervisor) runs one while a process starts and holds
// its dependents until it passes; the words of its failures are what the
// user reads while they wait ("tcp localhost:5432: connection refused").
//
// A probe never leaves anything behind: an HTTP or TCP try is bounded by
// its timeout and opens a fresh connection it closes, and an exec try runs
// as a process tree of its own that is ended whole when the try ends
// (process.RunOnce), and that Target.Guard's watchdog ends if Hum dies
// during the try. Probes Hum infers on its own (InferURL) never leave
// the machine.
//
// Unless hum.yaml says otherwise, a probe is tried at once, then every
// second (stack.DefaultProbePeriod), each try given a second
// (stack.DefaultProbeTimeout), and it gives up after 60 failed tries in a
// row (stack.DefaultFailureThreshold): about a minute, enough for a
// database that takes ten seconds to start, where a cluster's three tries
// would block the stack. See Timing.
package probe

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"hum/backend/process"
	"hum/backend/stack"
)

// MinPeriod is the shortest wait between two tries: a period written as
// 1ns would otherwise make Run spin against a process still starting.
const MinPeriod = 10 * time.Millisecond

// ErrNotTriable is returned by Try and Run for a log probe: it has nothing
// to try, it is matched against the process's output lines (LogMatcher).
var ErrNotTriable = errors.New("a log probe is not tried: it matches the process's output")

// ErrInvalid is wrapped by the error of a probe that cannot run as written
// (an unknown kind, an http probe without a URL, …).
var ErrInvalid = errors.New("invalid probe")

// Target is where an exec probe runs.
type Target struct {
	// Dir is the process's folder; "" is Hum's own.
	Dir string
	// Environ is the process's complete environment; nil means the
	// environment Hum was started with (process.UserEnviron).
	Environ []string
	// Guard, when not nil, is told of each exec try's process tree
	// (process.RunOnce): the watchdog that ends the process's own tree
	// if Hum is killed, so a hung probe does not outlive Hum either.
	Guard process.Guard
}

// Result is how a Run ended.
type Result struct {
	OK    bool `json:"ok"`    // a try passed
	Tries int  `json:"tries"` // tries made, the passing one included
	// Err is the last failure in words, prefixed with the probe's
	// Describe ("tcp localhost:5432: connection refused"); "" when OK or
	// when no try failed.
	Err string `json:"err,omitempty"`
}

// Timing is p's timing with the defaults applied: the period between the
// starts of two tries (DefaultProbePeriod when 0 or less, never below
// MinPeriod), the bound of one try (DefaultProbeTimeout when 0 or less),
// and the consecutive failed tries after which Run gives up
// (DefaultFailureThreshold when 0 or less).
func Timing(p stack.Probe) (period, timeout time.Duration, threshold int) {
	period, timeout, threshold = p.Period, p.Timeout, p.FailureThreshold
	if period <= 0 {
		period = stack.DefaultProbePeriod
	}
	period = max(period, MinPeriod)
	if timeout <= 0 {
		timeout = stack.DefaultProbeTimeout
	}
	if threshold <= 0 {
		threshold = stack.DefaultFailureThreshold
	}
	return period, timeout, threshold
}

// Run tries p after its InitialDelay, then every period (see Timing; a try
// that outlasts the period is followed at once by the next), each try
// bounded by the timeout, until one passes (Result.OK), threshold tries in
// a row have failed (not OK, with the last failure in Result.Err), or ctx
// ends: then it returns at once with the tries so far and ctx.Err(), and
// a try cut short by ctx is not counted as a failure.
//
// report, when not nil, is called after each failed try, on Run's
// goroutine, with the number of tries so far and the try's error, so the
// UI can say "waiting for db (ready): tcp localhost:5432 refused, 4 tries".
//
// The only other errors are for a probe that cannot be tried: a log probe
// (ErrNotTriable) or one that is invalid (ErrInvalid).
func Run(ctx context.Context, p stack.Probe, t Target, report func(tries int, err error)) (Result, error) {
	if err := check(p); err != nil {
		return Result{}, err
	}
	period, _, threshold := Timing(p)
	var res Result
	if p.InitialDelay > 0 {
		if err := sleep(ctx, p.InitialDelay); err != nil {
			return res, err
		}
	}
	// Every try before the one that passes failed, so the tries so far are
	// the consecutive failures the threshold counts.
	for {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		began := time.Now()
		err := Try(ctx, p, t)
		if ctx.Err() != nil {
			return res, ctx.Err()
		}
		res.Tries++
		if err == nil {
			res.OK, res.Err = true, ""
			return res, nil
		}
		res.Err = err.Error()
		if report != nil {
			report(res.Tries, err)
		}
		if res.Tries >= threshold {
			return res, nil
		}
		if err := sleep(ctx, period-time.Since(began)); err != nil {
			return res, err
		}
	}
}

// sleep waits d, or until ctx ends (its error). A d of 0 or less returns
// at once unless ctx has ended.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}

// Try runs one try of p, bounded by its timeout (see Timing), and returns
// nil if it passed, or the failure in words prefixed with Describe(p):
//
//	tcp localhost:5432: connection refused
//	http http://localhost:8080/health: status 503
//	http http://localhost:8080/health: timed out after 1s
//	exec pg_isready: exit status 2: localhost:5432 - no response
//
// If ctx ends during the try, the error wraps ctx.Err(). A log probe
// cannot be tried (ErrNotTriable): it is matched, see LogMatcher.
func Try(ctx context.Context, p stack.Probe, t Target) error {
	if err := check(p); err != nil {
		return err
	}
	_, timeout, _ := Timing(p)
	tctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var err error
	switch p.Kind {
	case stack.ProbeHTTP:
		err = tryHTTP(tctx, p)
	case stack.ProbeTCP:
		err = tryTCP(tctx, p)
	case stack.ProbeExec:
		err = tryExec(tctx, p, t)
	}
	if err == nil {
		return nil
	}
	if ctx.Err() != nil {
		// Not the probe's failure: whoever ran it stopped it.
		return fmt.Errorf("%s: %w", Describe(p), ctx.Err())
	}
	return fmt.Errorf("%s: %w", Describe(p), inWords(err, timeout))
}

// check says whether p can be tried.
func check(p stack.Probe) error {
	switch p.Kind {
	case stack.ProbeLog:
		return fmt.Errorf("%s: %w", Describe(p), ErrNotTriable)
	case stack.ProbeHTTP:
		if p.URL == "" {
			return fmt.Errorf("%w: an http probe needs a URL", ErrInvalid)
		}
		u, err := url.Parse(p.URL)
		if err != nil {
			return fmt.Errorf("%w: %s: %w", ErrInvalid, Describe(p), innermost(err))
		}
		if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("%w: %s: want a URL that starts with http:// or https://", ErrInvalid, Describe(p))
		}
	case stack.ProbeTCP:
		if p.Address == "" {
			return fmt.Errorf("%w: a tcp probe needs an address (host:port)", ErrInvalid)
		}
		if _, port, err := net.SplitHostPort(p.Address); err != nil || port == "" {
			return fmt.Errorf("%w: %s: want host:port", ErrInvalid, Describe(p))
		}
	case stack.ProbeExec:
		if strings.TrimSpace(p.Command) == "" && len(p.Argv) == 0 {
			return fmt.Errorf("%w: an exec probe needs a command", ErrInvalid)
		}
	default:
		return fmt.Errorf("%w: unknown kind %q (want http, tcp, exec or log)", ErrInvalid, p.Kind)
	}
	return nil
}

// maxDescribe bounds the command or pattern Describe shows, in runes.
const maxDescribe = 60

// Describe names p in the words Hum shows for it, the kind first, then
// what it checks, as written (but for a password in a URL):
//
//	tcp localhost:5432
//	http http://localhost:8080/health
//	exec pg_isready -q
//	log line /ready to accept/
//
// An exec probe's command (or its Argv, joined by spaces) and a log
// pattern are cut to 60 characters with "…", their line breaks and other
// control characters shown as spaces. It is also the prefix of Try's errors, and what the supervisor
// shows as a ready process's ReadyNote.
func Describe(p stack.Probe) string {
	switch p.Kind {
	case stack.ProbeHTTP:
		return "http " + redacted(p.URL)
	case stack.ProbeTCP:
		return "tcp " + p.Address
	case stack.ProbeExec:
		cmd := p.Command
		if len(p.Argv) > 0 {
			cmd = strings.Join(p.Argv, " ")
		}
		return "exec " + cut(cmd, maxDescribe)
	case stack.ProbeLog:
		return "log line /" + cut(p.Pattern, maxDescribe) + "/"
	}
	return string(p.Kind) + " probe"
}

// redacted is raw with its password, if it has one, shown as "xxxxx": the
// words of a probe appear in the window, the tray and a terminal.
func redacted(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		return raw
	}
	if _, ok := u.User.Password(); !ok {
		return raw
	}
	return u.Redacted()
}

// cut returns s on one line (each line break or other control character
// as a space, trimmed), at most n runes long, with "…" when it was longer.
func cut(s string, n int) string {
	s = strings.TrimSpace(strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s))
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…"
}
