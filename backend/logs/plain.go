package logs

// Plain returns what a person reads of one printed line on a terminal's
// screen: a carriage-return progress line in its last state, cursor moves,
// erases and clears played out (render; a trailing '\r' of a CRLF ending
// is ignored), with every terminal control sequence and control character
// removed. It is the text the store keeps as a line's plain form, for
// code outside the store that matches lines as the user sees them (a
// readiness probe's log pattern).
func Plain(line string) string {
	return prepare([]byte(line), false).text
}
