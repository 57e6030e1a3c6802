package cli

import "os"

// userInput is nil on Windows: processes run on pipes there, with nothing
// to type into (docs/terminals.md).
func userInput() *os.File { return nil }
