package mcp

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"hum/backend/session"
)

// The errors as resources: hum://errors holds every process's newest
// errors, hum://errors/{process} one process's. A client that subscribes
// to one is sent notifications/resources/updated when a new error is
// detected there, and reads it again (or calls get_errors with since_id).
const (
	errorsURI      = "hum://errors"
	errorsTemplate = "hum://errors/{process}"
)

// feedEvery is how often the error feed looks for new errors. An error is
// finished when its stream goes quiet (backend/logs), not on a line, so
// the feed looks on a clock: one lock of the store and a scan of the
// newest IDs, far cheaper than the agent polling get_errors.
const feedEvery = 500 * time.Millisecond

func (s *Server) addResources() {
	read := func(ctx context.Context, req *sdk.ReadResourceRequest) (*sdk.ReadResourceResult, error) {
		uri := req.Params.URI
		proc := ""
		if rest, ok := strings.CutPrefix(uri, errorsURI+"/"); ok {
			st, err := findProcess(s.sess, rest)
			if err != nil {
				return nil, sdk.ResourceNotFoundError(uri)
			}
			proc = st.ID
		} else if uri != errorsURI {
			return nil, sdk.ResourceNotFoundError(uri)
		}
		out, err := s.errorsOf(ErrorsIn{Process: proc, Limit: 100})
		if err != nil {
			return nil, err
		}
		b, err := json.Marshal(out)
		if err != nil {
			return nil, err
		}
		return &sdk.ReadResourceResult{Contents: []*sdk.ResourceContents{{URI: uri, MIMEType: "application/json", Text: string(b)}}}, nil
	}
	s.srv.AddResource(&sdk.Resource{URI: errorsURI, Name: "errors", Title: "Errors of every process",
		Description: "The errors Hum detected in every process's output, parsed (as get_errors returns them). Subscribe to be notified of new ones.",
		MIMEType:    "application/json"}, read)
	s.srv.AddResourceTemplate(&sdk.ResourceTemplate{URITemplate: errorsTemplate, Name: "process-errors", Title: "Errors of one process",
		Description: "The errors Hum detected in one process's output ({process}: its ID, as list_processes gives it). Subscribe to be notified of new ones.",
		MIMEType:    "application/json"}, read)
}

// errorFeed tells subscribed clients of new errors.
type errorFeed struct {
	sess *session.Session // written once in New
	srv  *sdk.Server      // written once in New
}

// run sends resources/updated for hum://errors and hum://errors/{process}
// whenever a process has an error it did not have on the last look, until
// ctx ends.
func (f *errorFeed) run(ctx context.Context) {
	seen := f.newest() // errors before the client came are not news
	t := time.NewTicker(feedEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		cur := f.newest()
		changed := false
		for proc, id := range cur {
			if id > seen[proc] {
				changed = true
				_ = f.srv.ResourceUpdated(ctx, &sdk.ResourceUpdatedNotificationParams{URI: errorsURI + "/" + proc})
			}
		}
		if changed {
			_ = f.srv.ResourceUpdated(ctx, &sdk.ResourceUpdatedNotificationParams{URI: errorsURI})
		}
		seen = cur
	}
}

// newest maps each process to the ID of its newest error.
func (f *errorFeed) newest() map[string]uint64 {
	out := map[string]uint64{}
	for _, e := range f.sess.Logs().Errors("") {
		out[e.Proc] = max(out[e.Proc], e.ID)
	}
	return out
}
