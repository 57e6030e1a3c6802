package session

import "hum/backend/termnotify"

// signalBuffer is how many printed notifications wait for Signals' reader;
// more are dropped (the reader rate-limits them anyway).
const signalBuffer = 64

// Signals delivers the terminal bells and OSC 9/777 notifications the
// session's processes print (termnotify.Scan), for one reader
// (backend/notify.Watch). It is never closed. When the reader lags, what
// does not fit is dropped: a process printing \a in a loop costs its log
// ingest one failed channel send per bell, never a blocked writer.
func (s *Session) Signals() <-chan termnotify.Printed { return s.signals }

// printed is the log store's OnSignal.
func (s *Session) printed(procID string, sig termnotify.Signal) {
	select {
	case s.signals <- termnotify.Printed{ProcID: procID, Signal: sig}:
	default:
	}
}
