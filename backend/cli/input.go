package cli

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"sync"

	"hum/backend/process"
)

// forwardInput passes what the user types to `hum run`'s process, a line
// at a time, when one process runs on a terminal: each line goes to it
// with Enter ("\r", what a terminal sends), and the end of the input as
// the terminal's end-of-file character (Ctrl-D), so a prompt can be
// answered and a program reading its input to the end finishes. With none
// or several running there is nobody to give the line to: it is dropped,
// and stderr says so once. The user's terminal stays as it is (it echoes
// the line, and Ctrl-C still stops hum); only the process's own echo of
// the line shows among its output.
//
// It reads until in ends; run it on its own goroutine, which outlives the
// run when in never ends (a terminal), as `hum run` exits right after.
func forwardInput(in io.Reader, mgr *process.Manager, stderr io.Writer) {
	r := bufio.NewReader(in)
	var warn sync.Once
	for {
		line, err := r.ReadString('\n')
		if line != "" {
			if n := len(line); line[n-1] == '\n' {
				line = line[:n-1] + "\r"
			}
			sendInput(mgr, line, stderr, &warn)
		}
		if err != nil {
			sendInput(mgr, "\x04", stderr, nil)
			return
		}
	}
}

// sendInput gives data to the one running process on a terminal; warn,
// when set, says once why nothing took it.
func sendInput(mgr *process.Manager, data string, stderr io.Writer, warn *sync.Once) {
	target, running := "", 0
	for _, st := range mgr.Snapshot() {
		if st.Status == process.StatusRunning && st.TTY {
			target = st.ID
			running++
		}
	}
	if running == 1 {
		err := mgr.Input(target, []byte(data))
		if err == nil || errors.Is(err, process.ErrNotRunning) {
			return
		}
		if warn != nil {
			fmt.Fprintf(stderr, "hum: input: %v\n", err)
		}
		return
	}
	if warn != nil {
		warn.Do(func() {
			fmt.Fprintf(stderr, "hum: what you type goes to a process only while exactly one runs (%d do now)\n", running)
		})
	}
}
