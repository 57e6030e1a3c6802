//go:build unix

package environ

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"
)

// The login-shell capture is the one place this package executes
// something: the user's own $SHELL, as a login and interactive shell (so
// both .profile/.zprofile and .bashrc/.zshrc run, as in a terminal), with
// a fixed command that prints the environment between two random markers.
// Whatever the rc files print before or after is ignored; env -0 separates
// variables with NUL, so values with newlines survive. The shell leads a
// process group of its own, and on timeout the whole group is killed: it
// is a process Hum started, and an rc file's children must not linger.

// maxCapture bounds what is kept of the shell's output.
const maxCapture = 4 << 20

// captureLogin runs shell -ilc and returns the environment it prints.
func captureLogin(ctx context.Context, shell string, env []string, timeout time.Duration) ([]string, error) {
	if shell == "" {
		return nil, errors.New("SHELL is not set, so there is no login shell to ask")
	}
	if info, err := os.Stat(shell); err != nil || info.IsDir() || info.Mode()&0o111 == 0 {
		return nil, fmt.Errorf("the login shell %s is missing or not executable", shell)
	}
	begin, end := marker(), marker()
	script := fmt.Sprintf("printf '%%s' '%s'; env -0; printf '%%s' '%s'", begin, end)

	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, shell, "-ilc", script)
	cmd.Env = env
	if home, err := os.UserHomeDir(); err == nil {
		cmd.Dir = home // where a terminal's shell starts
	}
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	// An rc file may start a daemon that keeps the output pipe open; the
	// environment is complete by the end marker, so do not wait for it.
	cmd.WaitDelay = time.Second
	var stdout, stderr capped
	stdout.max, stderr.max = maxCapture, 4096
	cmd.Stdout, cmd.Stderr = &stdout, &stderr

	err := cmd.Run()
	if ctx.Err() == context.DeadlineExceeded {
		return nil, fmt.Errorf("the login shell %s did not finish within %s (does an rc file wait for input?)", shell, timeout)
	}
	if err != nil && !errors.Is(err, exec.ErrWaitDelay) {
		msg := fmt.Sprintf("the login shell %s failed (%v)", shell, err)
		// The shell's own words, usually its last line on stderr.
		if text := strings.TrimSpace(stderr.String()); text != "" {
			lines := strings.Split(text, "\n")
			msg += ": " + strings.TrimSpace(lines[len(lines)-1])
		}
		return nil, errors.New(msg)
	}
	vars, ok := between(stdout.Bytes(), begin, end)
	if !ok {
		return nil, fmt.Errorf("the login shell %s did not print its environment (is env -0 available?)", shell)
	}
	return vars, nil
}

// between returns the NUL-separated KEY=VALUE entries between the markers.
func between(out []byte, begin, end string) ([]string, bool) {
	i := bytes.Index(out, []byte(begin))
	if i < 0 {
		return nil, false
	}
	out = out[i+len(begin):]
	j := bytes.LastIndex(out, []byte(end))
	if j < 0 {
		return nil, false
	}
	out = out[:j]
	if len(out) > 0 && bytes.IndexByte(out, 0) < 0 {
		return nil, false // not env -0's output
	}
	var vars []string
	for _, kv := range strings.Split(string(out), "\x00") {
		name, _, ok := split(kv)
		if !ok || name == "_" { // "_" is the path of env itself
			continue
		}
		vars = append(vars, kv)
	}
	return vars, len(vars) > 0
}

// marker is a string no rc file prints by chance.
func marker() string {
	var b [12]byte
	_, _ = rand.Read(b[:]) // never fails (crypto/rand's contract since Go 1.24)
	return "__HUM_ENV_" + hex.EncodeToString(b[:]) + "__"
}

// capped is a buffer that keeps the first max bytes written to it and
// drops the rest, so a shell that floods its output costs bounded memory.
type capped struct {
	bytes.Buffer
	max int
}

func (c *capped) Write(p []byte) (int, error) {
	if room := c.max - c.Len(); room > 0 {
		c.Buffer.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}
