//go:build unix

package environ

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"hum/backend/poll"
)

// fakeShell writes an executable sh script that stands in for the user's
// login shell: body runs as the rc files would, then the -c command (the
// last argument) runs unless body exits first.
func fakeShell(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "fakesh")
	script := "#!/bin/sh\n" + body + "\neval \"$2\"\necho 'logout chatter'\n"
	require.NoError(t, os.WriteFile(p, []byte(script), 0o755))
	return p
}

func lookupIn(vars []string, name string) (string, bool) {
	val, found := "", false
	for _, kv := range vars {
		if n, v, ok := split(kv); ok && n == name {
			val, found = v, true
		}
	}
	return val, found
}

func TestTheLoginShellsEnvironmentIsTheBase(t *testing.T) {
	sh := fakeShell(t, `echo "Welcome! $# args: $1"
echo 'an rc warning' >&2
export PATH="/home/dev/.nvm/versions/node/v22/bin:$PATH"
export NVM_DIR=/home/dev/.nvm
export MULTI='line one
line two'`)
	// What Hum's toolkit sets in Hum's own environment (Wails: GDK_BACKEND)
	// must not reach the shell: it starts from Own, the user's.
	t.Setenv("HUM_TOOLKIT_ONLY", "x")
	b := NewBase(BaseOptions{Own: []string{"PATH=/usr/bin", "HUM_ONLY=1"}, Capture: true, Shell: sh})
	st := b.Load(context.Background())
	require.Empty(t, st.Problem)
	assert.Equal(t, LayerLogin, st.Layer)
	assert.Equal(t, sh, st.Shell)

	l := b.Layer(context.Background())
	assert.Equal(t, LayerLogin, l.Name)
	for name, want := range map[string]string{
		"PATH":     "/home/dev/.nvm/versions/node/v22/bin:/usr/bin",
		"NVM_DIR":  "/home/dev/.nvm",
		"MULTI":    "line one\nline two",
		"HUM_ONLY": "1", // the shell starts from Hum's environment
	} {
		got, ok := lookupIn(l.Vars, name)
		assert.True(t, ok, "%s missing", name)
		assert.Equal(t, want, got, "%s: got %q, want %q", name, got, want)
	}
	_, leaked := lookupIn(l.Vars, "HUM_TOOLKIT_ONLY")
	assert.False(t, leaked, "Hum's own environment reached the login shell")
	for _, kv := range l.Vars {
		assert.NotContains(t, kv, "Welcome", "rc chatter is not a variable")
		assert.NotContains(t, kv, "__HUM_ENV_", "no marker in a variable")
		assert.False(t, strings.HasPrefix(kv, "_="), "env's own path is dropped")
	}
	assert.Equal(t, len(l.Vars), st.Count)
}

func TestAShellThatHangsIsKilledWithItsGroupAndTheBaseIsHums(t *testing.T) {
	pids := filepath.Join(t.TempDir(), "pids")
	sh := fakeShell(t, `sleep 600 &
echo $$ $! > `+pids+`
while :; do sleep 1; done`)
	own := []string{"PATH=/usr/bin", "HUM_ONLY=1"}
	b := NewBase(BaseOptions{Own: own, Capture: true, Shell: sh, Timeout: 2 * time.Second})
	st := b.Load(context.Background())
	assert.Equal(t, LayerHum, st.Layer)
	assert.Contains(t, st.Problem, "the login shell "+sh+" did not finish within 2s")
	assert.Contains(t, st.Problem, "using Hum's own environment")
	assert.Equal(t, Layer{Name: LayerHum, Vars: own}, b.Layer(context.Background()))

	data, err := os.ReadFile(pids)
	require.NoError(t, err)
	fields := strings.Fields(string(data))
	require.Len(t, fields, 2)
	for _, f := range fields {
		pid, err := strconv.Atoi(f)
		require.NoError(t, err)
		poll.Until(t, 10*time.Second, func() bool { return gone(pid) }, "process %d (the shell or its child) outlived the timeout", pid)
	}
}

// gone reports whether pid has exited: it no longer exists, or is a zombie
// waiting for a parent that is not us (see WAILS-ON-THIS-MACHINE.md).
func gone(pid int) bool {
	if runtime.GOOS == "linux" {
		b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
		if err != nil {
			return true
		}
		s := string(b)
		i := strings.LastIndexByte(s, ')')
		return i < 0 || len(s) < i+3 || s[i+2] == 'Z'
	}
	return syscall.Kill(pid, 0) != nil
}

func TestAShellThatFailsIsReportedWithItsWords(t *testing.T) {
	sh := fakeShell(t, `echo 'noise'
echo '.zshrc:12: command not found: nvm' >&2
exit 1`)
	b := NewBase(BaseOptions{Own: []string{"A=1"}, Capture: true, Shell: sh})
	st := b.Load(context.Background())
	assert.Equal(t, LayerHum, st.Layer)
	assert.Equal(t, "the login shell "+sh+" failed (exit status 1): .zshrc:12: command not found: nvm; using Hum's own environment", st.Problem)
	assert.Equal(t, []string{"A=1"}, b.Layer(context.Background()).Vars)
}

func TestAMissingShell(t *testing.T) {
	for _, tt := range []struct{ name, shell, want string }{
		{"not there", "/nonexistent/bin/zsh", "the login shell /nonexistent/bin/zsh is missing or not executable"},
		{"no SHELL", "", "SHELL is not set"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			b := NewBase(BaseOptions{Own: []string{"A=1"}, Capture: true, Shell: tt.shell})
			st := b.Load(context.Background())
			assert.Equal(t, LayerHum, st.Layer)
			assert.Contains(t, st.Problem, tt.want)
		})
	}
}

func TestAShellThatPrintsNoEnvironment(t *testing.T) {
	sh := filepath.Join(t.TempDir(), "quiet")
	require.NoError(t, os.WriteFile(sh, []byte("#!/bin/sh\necho hello\n"), 0o755))
	st := NewBase(BaseOptions{Capture: true, Shell: sh}).Load(context.Background())
	assert.Contains(t, st.Problem, "did not print its environment")
}

func TestTheShellComesFromHumsSHELL(t *testing.T) {
	sh := fakeShell(t, "export FROM_RC=yes")
	b := NewBase(BaseOptions{Own: []string{"SHELL=" + sh}, Capture: true})
	st := b.Load(context.Background())
	require.Empty(t, st.Problem)
	v, ok := lookupIn(b.Layer(context.Background()).Vars, "FROM_RC")
	assert.True(t, ok)
	assert.Equal(t, "yes", v)
}

func TestReloadTakesTheShellsNewEnvironment(t *testing.T) {
	dir := t.TempDir()
	rc := filepath.Join(dir, "rc")
	require.NoError(t, os.WriteFile(rc, []byte("export TOOL=v1\n"), 0o644))
	sh := fakeShell(t, ". "+rc)
	b := NewBase(BaseOptions{Capture: true, Shell: sh})
	b.Load(context.Background())
	v, _ := lookupIn(b.Layer(context.Background()).Vars, "TOOL")
	assert.Equal(t, "v1", v)

	require.NoError(t, os.WriteFile(rc, []byte("export TOOL=v2\n"), 0o644))
	b.Load(context.Background())
	v, _ = lookupIn(b.Layer(context.Background()).Vars, "TOOL")
	assert.Equal(t, "v2", v)
}

func TestWithoutCaptureTheBaseIsHumsAtOnce(t *testing.T) {
	b := NewBase(BaseOptions{Own: []string{"A=1"}, Shell: "/nonexistent"})
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	assert.Equal(t, Layer{Name: LayerHum, Vars: []string{"A=1"}}, b.Layer(ctx), "no wait for a Load")
	assert.Equal(t, LayerHum, b.Status().Layer)
	assert.Empty(t, b.Load(context.Background()).Problem, "nothing was meant to be captured")
}

func TestLayerStartsTheFirstCaptureItself(t *testing.T) {
	sh := fakeShell(t, "export LAZY=yes")
	b := NewBase(BaseOptions{Capture: true, Shell: sh})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	l := b.Layer(ctx)
	assert.Equal(t, LayerLogin, l.Name, "status %+v", b.Status())
	v, _ := lookupIn(l.Vars, "LAZY")
	assert.Equal(t, "yes", v)
}

func TestWantCaptureHonoursHUM_LOGIN_ENV(t *testing.T) {
	assert.True(t, WantCapture([]string{"HUM_LOGIN_ENV=0", "HUM_LOGIN_ENV=1"}))
	assert.False(t, WantCapture([]string{"HUM_LOGIN_ENV=1", "HUM_LOGIN_ENV=0"}))
	assert.Equal(t, FromDesktop(), WantCapture([]string{"HUM_LOGIN_ENV=maybe"}))
}
