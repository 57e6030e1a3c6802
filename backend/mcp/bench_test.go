package mcp

import (
	"context"
	"fmt"
	"testing"

	"hum/backend/logs"
	"hum/backend/process"
	"hum/backend/session"
)

// BenchmarkGetLogs reads the newest 200 lines of a full log store (10,000
// lines of two processes, what Hum keeps per process by default): through
// get_logs without a filter (the store's Tail), through a scan of the whole
// store as a filter needs (what an unfiltered read cost before it used
// Tail), with a pattern, and the store's own Tail as the baseline.
func BenchmarkGetLogs(b *testing.B) {
	sess, err := session.Open(context.Background(), b.TempDir(), session.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer sess.Close(context.Background())
	st := sess.Logs()
	for i := range 10000 {
		st.Line(fmt.Sprintf("p%d", i%2), process.Stdout, fmt.Appendf(nil, "GET /api/items/%d 200 in %d ms", i, i%97))
	}
	format := func(l logs.Line) string { return l.Proc + " | " + l.Text }
	all := func(logs.Line) bool { return true }
	b.Run("store.Tail", func(b *testing.B) {
		for b.Loop() {
			_ = st.Tail("", 200)
		}
	})
	b.Run("get_logs", func(b *testing.B) {
		for b.Loop() {
			if _, err := readLogs(sess, LogsIn{Lines: 200}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("scan", func(b *testing.B) {
		for b.Loop() {
			_ = newest(st, "", 200, MaxLogBytes, all, format)
		}
	})
	b.Run("get_logs_pattern", func(b *testing.B) {
		for b.Loop() {
			if _, err := readLogs(sess, LogsIn{Lines: 200, Pattern: ` 200 in 9\d ms`}); err != nil {
				b.Fatal(err)
			}
		}
	})
}
