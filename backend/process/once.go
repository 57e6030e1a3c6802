package process

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"time"
)

// RunOnce runs spec to completion as a tree of its own (a process group on
// Unix, a Job Object on Windows), outside any Manager: for short commands
// Hum runs for itself, such as a readiness probe's `pg_isready`. It returns
// once every member of the tree is gone, so nothing it started outlives it:
//
//   - when ctx ends first, the whole tree is ended at once (the graceful
//     signal, then the kill without waiting out a grace period) and RunOnce
//     returns ctx.Err();
//   - when the leader exits, what is left of its tree is ended as a
//     Manager ends it (graceful signal, spec's grace period or
//     DefaultGracePeriod, bounded by ctx, then the kill), and RunOnce
//     returns the leader's outcome: nil for exit 0, an error wrapping the
//     *exec.ExitError otherwise, whose words are the ones State.Err gives
//     ("exit status 2", "command not found (exit status 127)");
//   - a command that cannot start returns an error wrapping ErrStart.
//
// output, when not nil, receives everything the tree prints on stdout and
// stderr, merged, from one goroutine, and only until RunOnce returns; nil
// discards it. An error from output stops the copying, not the run.
// ErrTreeAlive is joined to the result if members survived the kill.
//
// guard, when not nil, is told of the tree as a Manager's Options.Guard
// is: Track once it has started, Forget once it is gone, so that Hum's
// watchdog ends it if Hum dies while it runs (a hung `pg_isready` would
// otherwise outlive a killed Hum). It is a parameter, not a field of
// Spec, because Spec describes the command and a Manager, which has its
// own Guard, would ignore it; and not a variant, so that each caller says
// whether its tree is guarded: nil is for Hum's tests and tools with no
// watchdog.
func RunOnce(ctx context.Context, spec Spec, output io.Writer, guard Guard) error {
	if spec.Command == "" && len(spec.Argv) == 0 {
		return fmt.Errorf("%w: nothing to run: empty command", ErrStart)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	cmd := spec.command()
	var pr, pw *os.File
	if output != nil {
		var err error
		if pr, pw, err = os.Pipe(); err != nil {
			return fmt.Errorf("%w: output pipe: %w", ErrStart, err)
		}
		cmd.Stdout, cmd.Stderr = pw, pw
	}
	t, err := startTree(cmd)
	if pw != nil {
		pw.Close() // the child has its copy; ours would keep EOF away
	}
	if err != nil {
		if pr != nil {
			pr.Close()
		}
		return fmt.Errorf("%w: %w", ErrStart, err)
	}
	r := &run{tree: t, pid: cmd.Process.Pid, grace: spec.GracePeriod, shell: spec.viaShell(), done: make(chan struct{})}
	if r.grace <= 0 {
		r.grace = DefaultGracePeriod
	}
	if guard != nil {
		// As launch and supervise do: tracked once started, forgotten
		// once the tree is gone (the deferred release runs first, after
		// endTree below saw the last member go).
		guard.Track(r.pid)
		defer guard.Forget(r.pid)
	}
	defer t.release()

	copied := make(chan struct{})
	if pr != nil {
		// Read until EOF, which comes when every member has closed the
		// pipe, so the last words of a member that outlived the leader
		// are kept.
		go func() {
			defer close(copied)
			_, _ = io.Copy(output, pr)
		}()
	} else {
		close(copied)
	}

	waited := make(chan error, 1)
	go func() { waited <- cmd.Wait() }()
	var waitErr, ctxErr error
	select {
	case waitErr = <-waited:
	case <-ctx.Done():
		ctxErr = ctx.Err()
		_ = endTree(ctx, r) // ctx is done: the kill follows the signal at once
		waitErr = <-waited
	}
	// The leader is gone; end what is left of its tree, as a Manager does.
	treeErr := endTree(ctx, r)

	if pr != nil {
		select {
		case <-copied:
		case <-time.After(drainTimeout):
			pr.Close() // a member that left the tree holds the pipe: stop reading
			<-copied
		}
		pr.Close()
	}

	outcome := ctxErr
	if outcome == nil {
		outcome = onceOutcome(waitErr, r.shell)
	}
	if treeErr != nil {
		return errors.Join(outcome, treeErr)
	}
	return outcome
}

// onceOutcome is RunOnce's error for what Wait returned: the words of
// exitOutcome, still wrapping the *exec.ExitError for its exit code.
func onceOutcome(waitErr error, viaShell bool) error {
	if waitErr == nil {
		return nil
	}
	var ee *exec.ExitError
	if !errors.As(waitErr, &ee) {
		return waitErr
	}
	_, reason := exitOutcome(waitErr, viaShell)
	if reason == ee.Error() {
		return ee
	}
	return &exitReason{reason: reason, err: ee}
}

// exitReason is an exit error in exitOutcome's words.
type exitReason struct {
	reason string          // written once
	err    *exec.ExitError // written once
}

func (e *exitReason) Error() string { return e.reason }
func (e *exitReason) Unwrap() error { return e.err }
