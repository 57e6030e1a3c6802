package probe

import (
	"context"
	"errors"
	"io"
	"net"
	"net/url"
	"os"
	"time"
)

// wordsError is a failure in the words Hum shows, still wrapping the error
// behind it for errors.Is and errors.As.
type wordsError struct {
	words string // written once
	err   error  // written once; may be nil
}

func (e *wordsError) Error() string { return e.words }
func (e *wordsError) Unwrap() error { return e.err }

// inWords puts a try's failure in the words of a person, not of the
// network stack: "connection refused", "timed out after 1s", "no such
// host", rather than `Get "http://…": dial tcp [::1]:8080: connect:
// connection refused`. timeout is the try's bound, named when it expired.
func inWords(err error, timeout time.Duration) error {
	var we *wordsError
	if errors.As(err, &we) {
		return err // already in words (a status, an exit)
	}
	var dnsErr *net.DNSError
	var addrErr *net.AddrError
	var netErr net.Error
	switch {
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &netErr) && netErr.Timeout():
		return &wordsError{"timed out after " + timeout.String(), err}
	case refused(err):
		return &wordsError{"connection refused", err}
	case reset(err):
		return &wordsError{"connection reset", err}
	case errors.As(err, &dnsErr) && dnsErr.IsNotFound:
		return &wordsError{"no such host " + dnsErr.Name, err}
	case errors.As(err, &addrErr):
		return &wordsError{addrErr.Err, err}
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return &wordsError{"connection closed without an answer", err}
	}
	return &wordsError{innermost(err).Error(), err}
}

// innermost drops the layers of a network error that repeat what Describe
// already says (the method and URL, the dial and the address), keeping the
// cause: `Get "http://x": dial tcp 1.2.3.4:80: connect: no route to host`
// becomes "no route to host".
func innermost(err error) error {
	for {
		var ue *url.Error
		var oe *net.OpError
		var se *os.SyscallError
		switch {
		case errors.As(err, &ue) && ue.Err != nil:
			err = ue.Err
		case errors.As(err, &oe) && oe.Err != nil:
			err = oe.Err
		case errors.As(err, &se) && se.Err != nil:
			err = se.Err
		default:
			return err
		}
	}
}
