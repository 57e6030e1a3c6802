// Package cli is Hum's headless face: `hum scripts` lists what discovery
// and hum.yaml declare, `hum run` runs scripts in the terminal with merged,
// prefixed output, `hum up` runs a stack's groups the same way, and `hum
// mcp` serves a project to a coding agent (backend/mcp). main
// calls Run before anything opens a window, so these work without a
// display.
package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"

	"hum/backend/watchdog"
)

// Version is printed by `hum --version`; main sets it from -ldflags.
var Version = "dev"

const usage = `Hum runs and watches everything runnable in a project.

Usage:
  hum [DIR]                    open the window on DIR (default: the current folder)
  hum scripts [DIR] [--json]   list the scripts in DIR, grouped by source
  hum run [DIR] NAME...        run scripts in this terminal; Ctrl-C stops them all
  hum up [DIR] [GROUP...]      run a stack: its groups, or all its file declares
  hum mcp [DIR] [--allow ...]  serve DIR to a coding agent (MCP on stdio); see hum mcp --help
  hum help                     show this help
  hum --version                print the version

NAME is a script's name, or source:name or dir:name when the name is not
unique (sources: hum.yaml, package.json, makefile, procfile, taskfile,
justfile, vscode). ` + "`hum scripts`" + ` shows the shortest NAME for each script,
and the groups of the project's hum.yaml (docs/hum-yaml.md).
`

// Run runs the command line args (without the program name). handled is
// false when args are for the window instead: no arguments, a folder to
// open, or a flag the CLI does not know (Wails' own, such as -devserver),
// and then nothing was written. Otherwise code is the process exit code.
//
// A subcommand name wins over a folder of the same name: `hum scripts` lists
// scripts even where ./scripts exists; `hum ./scripts` opens that folder.
func Run(args []string, stdout, stderr io.Writer) (code int, handled bool) {
	if len(args) == 0 {
		return 0, false
	}
	switch cmd := args[0]; cmd {
	case watchdog.Arg: // hidden: Hum starts it, with a pipe on stdin
		return watchdog.Serve(os.Stdin, args[1:]), true
	case "scripts":
		return scriptsCmd(context.Background(), args[1:], stdout, stderr), true
	case "run":
		ctx, release := runContexts(stderr)
		defer release()
		return runCmd(ctx, args[1:], stdout, stderr, colourOutput(stdout)), true
	case "up":
		ctx, release := runContexts(stderr)
		defer release()
		return upCmd(ctx, args[1:], stdout, stderr, colourOutput(stdout)), true
	case "mcp":
		ctx, release := signalContexts(stderr)
		defer release()
		return mcpCmd(ctx.stop, args[1:], os.Stdin, stdout, stderr), true
	case "help", "--help", "-help", "-h":
		fmt.Fprint(stdout, usage)
		return 0, true
	case "--version", "-version", "-v":
		fmt.Fprintf(stdout, "hum %s\n", Version)
		return 0, true
	default:
		if strings.HasPrefix(cmd, "-") {
			return 0, false // a window flag, passed through to Wails
		}
		if info, err := os.Stat(cmd); err == nil && info.IsDir() {
			return 0, false
		}
		return usageError(stderr, "unknown command %q", cmd), true
	}
}

// runContexts are the stopContexts of `hum run` and `hum up`, with what
// the user types: stdin, and when it is a terminal, the terminal.
func runContexts(stderr io.Writer) (stopContexts, func()) {
	ctx, release := signalContexts(stderr)
	if in := userInput(); in != nil {
		ctx.input = in
		if term.IsTerminal(int(in.Fd())) {
			ctx.keys = in
		}
	}
	return ctx, release
}

// usageError prints a one-line error and the usage, returning exit code 2.
func usageError(stderr io.Writer, format string, args ...any) int {
	fmt.Fprintf(stderr, "hum: "+format+"\n\n", args...)
	fmt.Fprint(stderr, usage)
	return 2
}

// splitArgs separates flags from positional arguments. known maps each
// accepted flag (without dashes) to a pointer it sets; "--" ends flags.
func splitArgs(args []string, known map[string]*bool) (pos []string, bad string, help bool) {
	for i, a := range args {
		switch {
		case a == "--":
			return append(pos, args[i+1:]...), "", help
		case a == "-h" || a == "-help" || a == "--help":
			help = true
		case strings.HasPrefix(a, "-") && a != "-":
			name := strings.TrimLeft(a, "-")
			p, ok := known[name]
			if !ok {
				return pos, a, help
			}
			*p = true
		default:
			pos = append(pos, a)
		}
	}
	return pos, "", help
}
