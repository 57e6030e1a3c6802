//go:build unix

package control

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// echo serves an authenticated connection by echoing lines back, after
// saying whose project it is.
func echo(t *testing.T, open string) Handler {
	return func(h Hello) (func(net.Conn), error) {
		if h.Root != open {
			return nil, fmt.Errorf("%w: the window has %s open", ErrNotOpen, open)
		}
		return func(c net.Conn) {
			fmt.Fprintf(c, "hello %s from %s\n", h.Agent, h.Root)
			_, _ = io.Copy(c, c)
		}, nil
	}
}

// runtimeDir is a fresh folder path (not yet created) in a short temp
// path: a socket path is limited to about 100 bytes.
func runtimeDir(t *testing.T) string {
	t.Helper()
	base, err := os.MkdirTemp("", "humctl")
	require.NoError(t, err)
	t.Cleanup(func() { os.RemoveAll(base) })
	return filepath.Join(base, "run")
}

func listen(t *testing.T, dir string, h Handler) *Server {
	t.Helper()
	s, err := Listen(dir, h)
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	return s
}

func TestFilesAreTheUsersAloneAndGoneAfterClose(t *testing.T) {
	dir := runtimeDir(t)
	s := listen(t, dir, echo(t, "/p"))
	for name, want := range map[string]os.FileMode{"": 0o700, SocketName: 0o600, TokenName: 0o600} {
		info, err := os.Stat(filepath.Join(dir, name))
		require.NoError(t, err)
		assert.Equal(t, want, info.Mode().Perm(), "%s: got %v, want %v", name, info.Mode().Perm(), want)
	}
	tok, err := os.ReadFile(filepath.Join(dir, TokenName))
	require.NoError(t, err)
	assert.Len(t, string(tok), 64, "a 256-bit token in hex")

	require.NoError(t, s.Close())
	assert.NoFileExists(t, filepath.Join(dir, SocketName))
	assert.NoFileExists(t, filepath.Join(dir, TokenName))
}

func TestAFolderOpenToOthersIsClosedFirst(t *testing.T) {
	dir := runtimeDir(t)
	require.NoError(t, os.MkdirAll(dir, 0o755))
	require.NoError(t, os.Chmod(dir, 0o777))
	listen(t, dir, echo(t, "/p"))
	info, err := os.Stat(dir)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o700), info.Mode().Perm())
}

func TestTheRightTokenGetsTheStream(t *testing.T) {
	dir := runtimeDir(t)
	listen(t, dir, echo(t, "/p"))
	c, err := Dial(dir, "/p", "hum mcp")
	require.NoError(t, err)
	defer c.Close()
	r := bufio.NewReader(c)
	line, err := r.ReadString('\n')
	require.NoError(t, err)
	assert.Equal(t, "hello hum mcp from /p\n", line)
	fmt.Fprintln(c, `{"jsonrpc":"2.0"}`)
	line, err = r.ReadString('\n')
	require.NoError(t, err)
	assert.Equal(t, `{"jsonrpc":"2.0"}`+"\n", line)
}

func TestAWrongTokenIsRejected(t *testing.T) {
	dir := runtimeDir(t)
	called := false
	listen(t, dir, func(Hello) (func(net.Conn), error) { called = true; return func(net.Conn) {}, nil })
	for _, tok := range []string{"", "0000", strings.Repeat("a", 64)} {
		c, err := net.Dial("unix", filepath.Join(dir, SocketName))
		require.NoError(t, err)
		rep, err := Handshake(c, Hello{Token: tok, Root: "/p"})
		c.Close()
		require.NoError(t, err)
		assert.False(t, rep.OK, "token %q", tok)
		assert.Equal(t, "token", rep.Code)
	}
	// Garbage first.
	c, err := net.Dial("unix", filepath.Join(dir, SocketName))
	require.NoError(t, err)
	fmt.Fprintln(c, "GET / HTTP/1.1")
	rep, err := bufio.NewReader(c).ReadString('\n')
	c.Close()
	require.NoError(t, err)
	assert.Contains(t, rep, `"ok":false`)
	assert.False(t, called, "the handler saw an unauthenticated client")
}

func TestAnotherProjectIsNotOpen(t *testing.T) {
	dir := runtimeDir(t)
	listen(t, dir, echo(t, "/p"))
	_, err := Dial(dir, "/q", "hum mcp")
	assert.ErrorIs(t, err, ErrNotOpen)
}

func TestNoWindowAndADeadWindowsSocket(t *testing.T) {
	dir := runtimeDir(t)
	_, err := Dial(dir, "/p", "x")
	assert.ErrorIs(t, err, ErrNoWindow)

	s := listen(t, dir, echo(t, "/p"))
	_, err = Listen(dir, echo(t, "/p"))
	assert.ErrorIs(t, err, ErrListening, "a second window must not take the socket over")
	// A window that died leaves its socket: the next one replaces it.
	require.NoError(t, s.ln.(*net.UnixListener).Close())
	s2 := listen(t, dir, echo(t, "/p"))
	c, err := Dial(dir, "/p", "x")
	require.NoError(t, err)
	c.Close()
	require.NoError(t, s2.Close())
}

// TestAnotherUserIsHungUpOn runs a client as another user (nobody), with
// the folder and socket opened up for the test so that only the peer
// check stands in its way. It needs root to switch users.
func TestAnotherUserIsHungUpOn(t *testing.T) {
	if os.Getuid() != 0 {
		t.Skip("needs root to run a client as another user")
	}
	dir := runtimeDir(t)
	called := false
	listen(t, dir, func(Hello) (func(net.Conn), error) { called = true; return func(net.Conn) {}, nil })
	tok, err := os.ReadFile(filepath.Join(dir, TokenName))
	require.NoError(t, err)
	require.NoError(t, os.Chmod(filepath.Dir(dir), 0o755))
	require.NoError(t, os.Chmod(dir, 0o755))
	require.NoError(t, os.Chmod(filepath.Join(dir, SocketName), 0o777))

	// The test binary sits in a folder only root may enter: a copy the
	// other user can run.
	bin := filepath.Join(filepath.Dir(dir), "client.test")
	self, err := os.ReadFile(os.Args[0])
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(bin, self, 0o755))
	cmd := exec.Command(bin, "-test.run=^TestHelperClient$")
	cmd.Dir = filepath.Dir(dir)
	cmd.Env = append(os.Environ(), "HUM_CONTROL_CLIENT="+filepath.Join(dir, SocketName), "HUM_CONTROL_TOKEN="+string(tok))
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	assert.Contains(t, string(out), "connected as 65534; refused: true", "got %s", out)
	assert.False(t, called, "the handler saw another user's client, holding the right token")
}

// TestHelperClient is the other user's client of TestAnotherUserIsHungUpOn.
func TestHelperClient(t *testing.T) {
	sock := os.Getenv("HUM_CONTROL_CLIENT")
	if sock == "" {
		t.Skip("a helper")
	}
	c, err := net.Dial("unix", sock)
	if err != nil {
		t.Fatalf("dial as %d: %v", os.Getuid(), err)
	}
	rep, err := Handshake(c, Hello{Token: os.Getenv("HUM_CONTROL_TOKEN"), Root: "/p"})
	// Hung up on without a reply: the write or the read fails.
	fmt.Printf("connected as %d; refused: %v (%v, %+v)\n", os.Getuid(), err != nil && !rep.OK, err, rep)
}

// FuzzFirstLine sends whatever a client may send first: nothing but the
// exact token, inside a well-formed hello, reaches the handler.
func FuzzFirstLine(f *testing.F) {
	base, err := os.MkdirTemp("", "humctl")
	require.NoError(f, err)
	defer os.RemoveAll(base)
	dir := filepath.Join(base, "run")
	var mu sync.Mutex
	var reached []Hello // guarded by mu
	s, err := Listen(dir, func(h Hello) (func(net.Conn), error) {
		mu.Lock()
		defer mu.Unlock()
		reached = append(reached, h)
		return func(net.Conn) {}, nil
	})
	require.NoError(f, err)
	defer s.Close()
	for _, seed := range []string{
		`{"token":"","root":"/p"}`, `{"token":"` + s.token[:63] + `"}`, `{"token":"` + s.token + `x"}`,
		`{"token":["` + s.token + `"]}`, `{"Token":"` + strings.ToUpper(s.token) + `"}`, "GET / HTTP/1.1\r\nHost: x", "\x00\xff{", "",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, first []byte) {
		mu.Lock()
		reached = reached[:0]
		mu.Unlock()
		c, err := net.Dial("unix", filepath.Join(dir, SocketName))
		require.NoError(t, err)
		defer c.Close()
		_, _ = c.Write(append(first, '\n'))
		rep, _ := bufio.NewReader(c).ReadString('\n') // the server answers, then hangs up
		mu.Lock()
		defer mu.Unlock()
		for _, h := range reached {
			assert.Equal(t, s.token, h.Token, "the handler saw a hello without the token: %q (reply %q)", first, rep)
		}
	})
}
