package environ

import (
	"context"
	"errors"
	"time"
)

// captureLogin is never called on Windows (NewBase turns captures off):
// a Windows process gets the user's complete environment from the system,
// however it was started.
func captureLogin(context.Context, string, []string, time.Duration) ([]string, error) {
	return nil, errors.New("no login shell on Windows")
}
