package errcode

import (
	"errors"
	"fmt"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"hum/backend/browser"
	"hum/backend/config"
	"hum/backend/environ"
	"hum/backend/process"
	"hum/backend/session"
	"hum/backend/stack"
	"hum/backend/workspace"
)

func TestEveryKnownErrorHasItsCodeWhenWrapped(t *testing.T) {
	cases := map[error]string{
		ErrNoProject:                "no_project",
		session.ErrUnknownScript:    "unknown_script",
		session.ErrClosed:           "closed",
		session.ErrCancelled:        "cancelled",
		session.ErrEmptyCommand:     "empty_command",
		session.ErrUnknownGroup:     "unknown_group",
		session.ErrNoFile:           "no_file",
		session.ErrAutostartChanged: "autostart_changed",
		process.ErrNotFound:         "not_found",
		process.ErrNotFinished:      "still_running",
		process.ErrStart:            "start_failed",
		environ.ErrBadLayer:         "bad_environment",
		os.ErrNotExist:              "not_exist",
		os.ErrPermission:            "permission",
		browser.ErrBadURL:           "bad_url",
		config.ErrNotSaved:          "not_saved",
		stack.ErrExists:             "name_taken",
		stack.ErrNoSuch:             "no_such_entry",
		stack.ErrLayout:             "cannot_edit",
		stack.ErrChanged:            "changed_on_disk",
		workspace.ErrRunning:        "project_running",
		workspace.ErrNotOpen:        "not_open",
	}
	assert.Len(t, codes, len(cases), "a code without a case here")
	for err, want := range cases {
		wrapped := fmt.Errorf("opening x: %w", err)
		got := Of(wrapped)
		assert.Equal(t, want, got.Code, "%v: got %q, want %q", err, got.Code, want)
		assert.Equal(t, wrapped.Error(), got.Message, "the message is the error's text")
	}
	assert.Equal(t, "error", Code(errors.New("anything else")))
}

func TestAnEnvFileThatIsMissingIsABadEnvironment(t *testing.T) {
	_, err := environ.Build(environ.Request{Root: t.TempDir(), Files: []string{"api.env"}})
	require.Error(t, err)
	assert.Equal(t, "bad_environment", Code(err), "not not_exist: the start failed on the environment")
}
