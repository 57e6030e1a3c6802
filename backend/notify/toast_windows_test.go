package notify

import (
	"runtime"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"git.sr.ht/~jackmordaunt/go-toast/wintoast"
	"github.com/go-ole/go-ole"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/windows"
	"golang.org/x/sys/windows/registry"

	"hum/backend/wine"
)

// TestToastRegistersAndSends registers Hum with the Windows Runtime and
// pushes one toast. Under Wine (make test-windows) the registration is
// real and the push ends with the Runtime's error: Wine has no toast
// notification platform, which this names and does not count as a
// failure. On Windows the push must succeed; the toast shows.
func TestToastRegistersAndSends(t *testing.T) {
	clicks := make(chan Target, 1)
	s, err := New(func(t Target) { clicks <- t })
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })

	k, err := registry.OpenKey(registry.CURRENT_USER, `SOFTWARE\Classes\AppUserModelId\Hum`, registry.QUERY_VALUE)
	require.NoError(t, err, "Hum's AppUserModelId is registered")
	defer k.Close()
	activator, _, err := k.GetStringValue("CustomActivator")
	require.NoError(t, err)
	require.Equal(t, humToastGUID, activator, "clicks go to Hum's COM class")

	done := make(chan error, 1)
	go func() {
		done <- s.Send(Note{Kind: KindCrashed, Summary: "api crashed", Body: "exit code 1", ProcIDs: []string{"p1"}})
	}()
	select {
	case err := <-done:
		if err != nil && wine.Running() {
			t.Logf("under Wine the Windows Runtime shows no toast: %v", err)
			return
		}
		require.NoError(t, err)
	case <-time.After(30 * time.Second):
		t.Fatal("Send did not return")
	}

	// A click, as Windows reports it: INotificationActivationCallback's
	// Activate on Hum's class, with the toast's launch argument.
	activate(t, launchArgs(Target{ProcID: "p1", ErrorID: 7}))
	select {
	case got := <-clicks:
		require.Equal(t, Target{ProcID: "p1", ErrorID: 7}, got)
	case <-time.After(10 * time.Second):
		t.Fatal("the activation did not reach onClick")
	}
}

// activate does what Windows does when the user clicks a toast: it
// creates Hum's registered activation class and calls its Activate.
func activate(t *testing.T, args string) {
	t.Helper()
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	if err := ole.CoInitializeEx(0, ole.COINIT_MULTITHREADED); err != nil {
		t.Logf("CoInitializeEx: %v", err) // already initialised: fine
	}
	unk, err := ole.CreateInstance(ole.NewGUID(humToastGUID), wintoast.IID_INotificationActivationCallback)
	require.NoError(t, err, "Hum's activation class is registered")
	defer unk.Release()
	app, err := windows.UTF16PtrFromString(toastAppID)
	require.NoError(t, err)
	invoked, err := windows.UTF16PtrFromString(args)
	require.NoError(t, err)
	cb := (*wintoast.INotificationActivationCallback)(unsafe.Pointer(unk))
	hr, _, _ := syscall.SyscallN(cb.VTable.Activate, uintptr(unsafe.Pointer(cb)),
		uintptr(unsafe.Pointer(app)), uintptr(unsafe.Pointer(invoked)), 0, 0)
	require.Zero(t, hr, "Activate's HRESULT")
}
