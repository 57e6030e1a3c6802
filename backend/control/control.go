// Package control is the local channel between the running window and
// `hum mcp` (and future CLI commands): a Unix socket in a per-user runtime
// folder, never TCP.
//
// Who may talk to the window, in layers:
//   - the folder is 0700 and the socket 0600, so other users cannot
//     connect (on Windows, the folder under the user's profile, which only
//     they can open; Windows 10 and later have AF_UNIX sockets);
//   - on Linux and macOS the window also checks the peer's user ID
//     (SO_PEERCRED, LOCAL_PEERCRED) and hangs up on any other user;
//   - every launch writes a new random token to a 0600 file beside the
//     socket, and a client must present it in its first line, so a
//     process that can reach the socket but not read the user's files (a
//     sandbox, a container sharing the folder) gets nowhere.
//
// The first line a client sends is a Hello (JSON); the window answers one
// Reply line, and when it is OK the connection carries what the Hello
// asked for (the MCP JSON-RPC stream of the project in Hello.Root).
package control

import (
	"bytes"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"hum/backend/config"
)

// EnvDir names a variable that, when set, is the runtime folder instead of
// $XDG_RUNTIME_DIR/hum (tests give each window a folder of its own).
const EnvDir = "HUM_RUNTIME_DIR"

// The files in the runtime folder.
const (
	SocketName = "hum.sock"
	TokenName  = "token"
)

// Handshake limits: a Hello is small, and a client that says nothing is
// hung up on.
const (
	maxHello         = 16 << 10
	handshakeTimeout = 5 * time.Second
)

// Errors a client can tell apart with errors.Is.
var (
	ErrNoWindow  = errors.New("no Hum window is running")
	ErrBadToken  = errors.New("the window refused the token")
	ErrNotOpen   = errors.New("the window does not have this project open")
	ErrRefused   = errors.New("the window refused the connection")
	ErrListening = errors.New("another Hum window already listens on the control socket")
)

// Hello is a client's first line.
type Hello struct {
	Token string `json:"token"`
	Root  string `json:"root"`  // the project folder, absolute
	Agent string `json:"agent"` // who connects, for the window to show ("hum mcp")
}

// Reply is the window's answer to a Hello.
type Reply struct {
	OK    bool   `json:"ok"`
	Code  string `json:"code,omitempty"` // "token", "not-open" or "refused" when not OK
	Error string `json:"error,omitempty"`
}

// Dir returns the runtime folder: $HUM_RUNTIME_DIR; else, when
// $HUM_CONFIG_DIR names a config folder of its own, its "run" folder (a
// Hum with a config of its own is a Hum of its own: tests, a second
// profile); else $XDG_RUNTIME_DIR/hum; else the "run" folder in Hum's
// config folder.
func Dir() (string, error) {
	if d := os.Getenv(EnvDir); d != "" {
		return d, nil
	}
	if d := os.Getenv(config.EnvDir); d != "" {
		return filepath.Join(d, "run"), nil
	}
	if d := os.Getenv("XDG_RUNTIME_DIR"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "hum"), nil
	}
	cfg, err := config.Dir()
	if err != nil {
		return "", err
	}
	return filepath.Join(cfg, "run"), nil
}

// Handler decides what to do with an authenticated client: it returns the
// function that serves the connection after the OK reply, or an error to
// send instead (ErrNotOpen, or any other, which is sent as refused).
type Handler func(h Hello) (serve func(conn net.Conn), err error)

// Server is the window's end of the channel.
type Server struct {
	dir   string       // written once in Listen
	token string       // written once in Listen
	ln    net.Listener // written once in Listen
	h     Handler      // written once in Listen

	wg        sync.WaitGroup // the accept loop and every connection
	mu        sync.Mutex     // protects conns and closed
	conns     map[net.Conn]struct{}
	closed    bool
	closeOnce sync.Once
}

// Listen creates the runtime folder (0700) if needed, writes a new token
// (0600), listens on the socket (0600) and serves clients with h until
// Close. A socket left by a window that died is replaced; one a running
// window answers on is not (ErrListening).
func Listen(dir string, h Handler) (*Server, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("control: %w", err)
	}
	if err := checkPrivate(dir); err != nil {
		return nil, err
	}
	sock := filepath.Join(dir, SocketName)
	if c, err := net.DialTimeout("unix", sock, time.Second); err == nil {
		c.Close()
		return nil, ErrListening
	}
	_ = os.Remove(sock) // a dead window's
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return nil, err
	}
	token := hex.EncodeToString(b)
	ln, err := listenPrivate(sock)
	if err != nil {
		return nil, fmt.Errorf("control: %w", err)
	}
	if err := writePrivate(filepath.Join(dir, TokenName), token); err != nil {
		ln.Close()
		return nil, fmt.Errorf("control: %w", err)
	}
	s := &Server{dir: dir, token: token, ln: ln, h: h, conns: map[net.Conn]struct{}{}}
	s.wg.Add(1)
	go s.accept()
	return s, nil
}

const isWindows = runtime.GOOS == "windows"

func listenUnix(sock string) (net.Listener, error) { return net.Listen("unix", sock) }

// listenPrivate listens on a Unix socket that only the user can connect
// to: set to 0600 right after it is created, while the 0700 folder around
// it (checkPrivate) keeps everyone else out of the moment between.
func listenPrivate(sock string) (net.Listener, error) {
	ln, err := listenUnix(sock)
	if err != nil {
		return nil, err
	}
	if err := os.Chmod(sock, 0o600); err != nil && !isWindows {
		ln.Close()
		return nil, err
	}
	return ln, nil
}

// writePrivate writes a 0600 file through a temporary one, so a reader
// never sees half a token.
func writePrivate(path, text string) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".token-*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	if err := f.Chmod(0o600); err != nil && !isWindows {
		f.Close()
		return err
	}
	if _, err := f.WriteString(text); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}

// Dir returns the folder the server listens in.
func (s *Server) Dir() string { return s.dir }

// Close stops listening, hangs up every connection, waits for their
// handlers, and removes the socket and the token (when still this
// server's).
func (s *Server) Close() error {
	var err error
	s.closeOnce.Do(func() {
		s.mu.Lock()
		s.closed = true
		for c := range s.conns {
			c.Close()
		}
		s.mu.Unlock()
		err = s.ln.Close()
		s.wg.Wait()
		tok := filepath.Join(s.dir, TokenName)
		if b, rerr := os.ReadFile(tok); rerr == nil && string(b) == s.token {
			_ = os.Remove(tok)
		}
		_ = os.Remove(filepath.Join(s.dir, SocketName))
	})
	return err
}

func (s *Server) accept() {
	defer s.wg.Done()
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return // closed
		}
		s.mu.Lock()
		if s.closed {
			s.mu.Unlock()
			c.Close()
			return
		}
		s.conns[c] = struct{}{}
		s.wg.Add(1)
		s.mu.Unlock()
		go func() {
			defer s.wg.Done()
			defer func() {
				s.mu.Lock()
				delete(s.conns, c)
				s.mu.Unlock()
				c.Close()
			}()
			s.serve(c)
		}()
	}
}

// serve authenticates one connection and hands it to the handler.
func (s *Server) serve(c net.Conn) {
	if err := checkPeer(c); err != nil {
		return // another user: not even an answer
	}
	_ = c.SetDeadline(time.Now().Add(handshakeTimeout))
	line, err := readLine(c, maxHello)
	if err != nil {
		return
	}
	var h Hello
	if err := json.Unmarshal(line, &h); err != nil {
		writeReply(c, Reply{Code: "refused", Error: "the first line must be a JSON hello"})
		return
	}
	if subtle.ConstantTimeCompare([]byte(h.Token), []byte(s.token)) != 1 {
		writeReply(c, Reply{Code: "token", Error: ErrBadToken.Error()})
		return
	}
	serveFn, err := s.h(h)
	if err != nil {
		code := "refused"
		if errors.Is(err, ErrNotOpen) {
			code = "not-open"
		}
		writeReply(c, Reply{Code: code, Error: err.Error()})
		return
	}
	if err := writeReply(c, Reply{OK: true}); err != nil {
		return
	}
	_ = c.SetDeadline(time.Time{})
	serveFn(c)
}

// readLine reads up to a newline one byte at a time, so nothing after it
// is consumed: what follows belongs to the stream the handler serves.
func readLine(r io.Reader, max int) ([]byte, error) {
	var buf bytes.Buffer
	b := make([]byte, 1)
	for buf.Len() <= max {
		if _, err := io.ReadFull(r, b); err != nil {
			return nil, err
		}
		if b[0] == '\n' {
			return buf.Bytes(), nil
		}
		buf.WriteByte(b[0])
	}
	return nil, errors.New("control: line too long")
}

func writeReply(w io.Writer, r Reply) error {
	b, _ := json.Marshal(r)
	_, err := w.Write(append(b, '\n'))
	return err
}

// Dial connects to the window listening in dir, presents the token with
// root and agent, and returns the connection once the window said OK:
// ErrNoWindow when none listens, ErrNotOpen when it does not have root
// open, ErrBadToken or ErrRefused otherwise.
func Dial(dir, root, agent string) (net.Conn, error) {
	tok, err := os.ReadFile(filepath.Join(dir, TokenName))
	if err != nil {
		return nil, fmt.Errorf("%w (%v)", ErrNoWindow, err)
	}
	c, err := net.DialTimeout("unix", filepath.Join(dir, SocketName), 2*time.Second)
	if err != nil {
		return nil, fmt.Errorf("%w (%v)", ErrNoWindow, err)
	}
	rep, err := Handshake(c, Hello{Token: string(bytes.TrimSpace(tok)), Root: root, Agent: agent})
	if err != nil {
		c.Close()
		return nil, err
	}
	if !rep.OK {
		c.Close()
		switch rep.Code {
		case "token":
			return nil, ErrBadToken
		case "not-open":
			return nil, fmt.Errorf("%w: %s", ErrNotOpen, rep.Error)
		}
		return nil, fmt.Errorf("%w: %s", ErrRefused, rep.Error)
	}
	return c, nil
}

// Handshake sends h on c and reads the window's reply.
func Handshake(c net.Conn, h Hello) (Reply, error) {
	_ = c.SetDeadline(time.Now().Add(handshakeTimeout))
	defer c.SetDeadline(time.Time{})
	b, _ := json.Marshal(h)
	if _, err := c.Write(append(b, '\n')); err != nil {
		return Reply{}, fmt.Errorf("%w (%v)", ErrNoWindow, err)
	}
	line, err := readLine(c, maxHello)
	if err != nil {
		// The window hangs up without a word on another user.
		return Reply{}, fmt.Errorf("%w (%v)", ErrRefused, err)
	}
	var rep Reply
	if err := json.Unmarshal(line, &rep); err != nil {
		return Reply{}, fmt.Errorf("%w: %v", ErrRefused, err)
	}
	return rep, nil
}
