package environ

import (
	"context"
	"os"
	"runtime"
	"slices"
	"sync"
	"time"

	"golang.org/x/term"
)

// DefaultShellTimeout bounds a login-shell capture: rc files that take
// longer (or wait for input) leave the base at Hum's own environment.
const DefaultShellTimeout = 5 * time.Second

// BaseOptions configure a Base.
type BaseOptions struct {
	// Own is Hum's environment as it was started (process.UserEnviron: not
	// what Hum's toolkit has made of it). It is the base when no capture is
	// made or a capture fails, and the environment the login shell starts
	// with.
	Own []string
	// Capture says whether to capture the login shell's environment; see
	// FromDesktop. Never on Windows, whose process environment is complete.
	Capture bool
	// Shell is the login shell; Own's SHELL when empty.
	Shell string
	// Timeout bounds a capture; DefaultShellTimeout when 0.
	Timeout time.Duration
}

// BaseStatus says what the base environment is.
type BaseStatus struct {
	Layer string `json:"layer"`           // LayerLogin or LayerHum
	Shell string `json:"shell,omitempty"` // the login shell captured or tried
	// Problem says why the login shell's environment is not used when it
	// was meant to be; empty otherwise.
	Problem  string `json:"problem,omitempty"`
	Count    int    `json:"count"`    // variables in the base
	LoadedAt int64  `json:"loadedAt"` // Unix milliseconds; 0 until the first load ends
}

// Base is the lowest layer of every script's environment: for a window
// opened from the desktop (a .desktop file, the dock, a file manager) the
// environment of the user's login shell, so that PATH and the version
// managers' variables (nvm, asdf, mise, pyenv) match the user's terminal;
// otherwise, or when the capture fails, Hum's own. Safe for concurrent use.
type Base struct {
	opts BaseOptions // written once in NewBase

	load sync.Mutex // serialises Load, so one capture runs at a time

	mu     sync.Mutex    // protects layer and status
	layer  Layer         // guarded by mu; its Vars are never modified once set
	status BaseStatus    // guarded by mu
	ready  chan struct{} // closed when the first Load ends
	once   sync.Once     // closes ready
	first  sync.Once     // starts the first Load (Prepare)
}

// NewBase returns a Base that is Hum's own environment until the first
// Load has run; Layer waits for it, and starts it if Prepare has not.
func NewBase(opts BaseOptions) *Base {
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultShellTimeout
	}
	if runtime.GOOS == "windows" {
		opts.Capture = false
	}
	if opts.Shell == "" {
		for _, kv := range opts.Own {
			if name, val, ok := split(kv); ok && name == "SHELL" {
				opts.Shell = val
			}
		}
	}
	opts.Own = slices.Clone(opts.Own)
	b := &Base{opts: opts, ready: make(chan struct{})}
	b.layer = Layer{Name: LayerHum, Vars: opts.Own}
	b.status = BaseStatus{Layer: LayerHum, Count: len(opts.Own)}
	if !opts.Capture {
		b.status.LoadedAt = time.Now().UnixMilli()
		b.once.Do(func() { close(b.ready) })
	}
	return b
}

// Load captures the login shell's environment again (when captures are
// on) and makes it the base; when the capture fails the base is Hum's own
// environment and the status says why. It returns the new status.
func (b *Base) Load(ctx context.Context) BaseStatus {
	b.load.Lock()
	defer b.load.Unlock()
	defer b.once.Do(func() { close(b.ready) })
	layer := Layer{Name: LayerHum, Vars: b.opts.Own}
	st := BaseStatus{Layer: LayerHum}
	if b.opts.Capture {
		st.Shell = b.opts.Shell
		vars, err := captureLogin(ctx, b.opts.Shell, b.opts.Own, b.opts.Timeout)
		if err != nil {
			st.Problem = err.Error() + "; using Hum's own environment"
		} else {
			layer = Layer{Name: LayerLogin, Vars: vars}
			st.Layer = LayerLogin
		}
	}
	st.Count = len(layer.Vars)
	st.LoadedAt = time.Now().UnixMilli()
	b.mu.Lock()
	b.layer, b.status = layer, st
	b.mu.Unlock()
	return st
}

// Prepare starts the first Load in the background, once, so that the
// capture is done by the time the first script starts.
func (b *Base) Prepare() {
	b.first.Do(func() { go b.Load(context.Background()) })
}

// Layer returns the base layer, waiting for the first Load to end (or
// ctx); it calls Prepare.
func (b *Base) Layer(ctx context.Context) Layer {
	select {
	case <-b.ready:
	default:
		b.Prepare()
	}
	select {
	case <-b.ready:
	case <-ctx.Done():
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.layer
}

// Status returns what the base is now.
func (b *Base) Status() BaseStatus {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.status
}

// WantCapture says whether the window should capture the login shell's
// environment: HUM_LOGIN_ENV=1 in own forces it, HUM_LOGIN_ENV=0 turns it
// off, and otherwise it does when Hum was started FromDesktop.
func WantCapture(own []string) bool {
	for _, kv := range slices.Backward(own) {
		if name, val, ok := split(kv); ok && name == "HUM_LOGIN_ENV" {
			switch val {
			case "0":
				return false
			case "1":
				return true
			}
			break
		}
	}
	return FromDesktop()
}

// FromDesktop reports whether Hum was started other than from a terminal:
// none of stdin, stdout and stderr is one. A .desktop launch, the dock or
// a file manager give /dev/null or a log file; `make run` and `hum` typed
// in a terminal keep the terminal on at least one of them, and that
// terminal's environment is already the user's. (`hum run` never captures:
// whoever runs it, a terminal or a script, chose its environment.)
func FromDesktop() bool {
	for _, f := range []*os.File{os.Stdin, os.Stdout, os.Stderr} {
		if f != nil && term.IsTerminal(int(f.Fd())) {
			return false
		}
	}
	return true
}
