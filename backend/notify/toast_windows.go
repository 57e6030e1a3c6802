package notify

import (
	"runtime"
	"sync"

	"git.sr.ht/~jackmordaunt/go-toast/wintoast"
	"github.com/go-ole/go-ole"
)

// humToastGUID names Hum's COM class for toast activations (the click
// callback) in the registry; generated for Hum, never to change.
const humToastGUID = "{7B0D4F4E-2C59-4B8E-9E53-1F6A3C2D8E41}"

// toastAppID is the name Windows shows above Hum's toasts and groups them
// under in the Action Center.
const toastAppID = "Hum"

// Toast shows notifications as Windows toasts through the Windows Runtime's
// COM API (git.sr.ht/~jackmordaunt/go-toast/wintoast: pure Go, no
// PowerShell; its PowerShell fallback is never used, since its script
// template would run what a message holds). A click on a toast while Hum
// runs calls onClick with its target; one on a toast in the Action Center
// after Hum quit does nothing (no activation executable is registered).
type Toast struct {
	sends chan toastSend // to the one goroutine, locked to its OS thread, that talks to COM
	done  chan struct{}  // closed by Close
	wg    sync.WaitGroup // the goroutine
}

type toastSend struct {
	xml   string
	reply chan error
}

// New registers Hum with the Windows Runtime (HKCU\Software\Classes\
// AppUserModelId\Hum) and its click callback.
func New(onClick func(Target)) (Sender, error) {
	if err := wintoast.SetAppData(wintoast.AppData{AppID: toastAppID, GUID: humToastGUID}); err != nil {
		return nil, err
	}
	wintoast.SetActivationCallback(func(_, args string, _ []wintoast.UserData) {
		if t, ok := parseLaunch(args); ok && onClick != nil {
			onClick(t)
		}
	})
	t := &Toast{sends: make(chan toastSend), done: make(chan struct{})}
	t.wg.Add(1)
	go func() { defer t.wg.Done(); t.loop() }()
	return t, nil
}

// loop pushes toasts from one OS thread: the Windows Runtime is
// initialised per thread, and a goroutine may otherwise move between them.
func (t *Toast) loop() {
	runtime.LockOSThread()
	pushed := false
	for {
		select {
		case s := <-t.sends:
			pushed = true
			s.reply <- wintoast.Push(s.xml)
		case <-t.done:
			if pushed {
				// The Runtime was initialised on this thread by the first
				// push, which registered Hum's click class too. Leaving it
				// now releases that class while Go can still run its
				// callbacks; left to the process's exit, COM calls them from
				// a thread Go is tearing down (a fatal "exitsyscall" under
				// Wine).
				ole.CoUninitialize()
			}
			return
		}
	}
}

// Send shows n as a toast.
func (t *Toast) Send(n Note) error {
	s := toastSend{xml: toastXML(n), reply: make(chan error, 1)}
	select {
	case t.sends <- s:
		return <-s.reply
	case <-t.done:
		return ErrNoServer
	}
}

// Close stops sending and leaves the Windows Runtime; toasts already
// shown stay. Call it once, before Hum exits.
func (t *Toast) Close() error {
	close(t.done)
	t.wg.Wait()
	return nil
}
