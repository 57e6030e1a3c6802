package logs

// Plain returns what a person reads of one printed line: the final state
// of a carriage-return progress line (its last redraw; a trailing '\r' of a
// CRLF ending is ignored), with every terminal control sequence and
// control character removed (StripANSI). It is the text the store keeps
// as a line's plain form, for code outside the store that matches lines
// as the user sees them (a readiness probe's log pattern).
func Plain(line string) string {
	return StripANSI(string(collapseCR([]byte(line))))
}
