package process

import (
	"fmt"
	"os"
	"os/exec"
	"sync"
	"syscall"
	"unsafe"

	"golang.org/x/sys/windows"
)

// On Windows a process tree is a Job Object: every descendant is in the job
// unless it is allowed to break away, and KILL_ON_JOB_CLOSE ends the whole
// tree if Hum dies and the OS closes our handle. The leader also gets its
// own console process group (CREATE_NEW_PROCESS_GROUP) on the console Hum
// shares with its trees (console_windows.go), so CTRL_BREAK can be sent to
// the tree and not to Hum.
type tree struct {
	job windows.Handle // written once by startTree; closed by release
	pid int            // written once; the leader, which is the console group ID

	// A Stop that saw the run still going can reach endTree after the run's
	// final state and release: the job handle is closed by then (its value
	// may already name another object of ours) and the leader's PID may be
	// reused, so a released tree is never queried or signalled again. The
	// lock keeps release from closing the handle under a call in flight.
	mu       sync.RWMutex // read-held around every use of job or pid, held by release
	released bool         // guarded by mu
}

func shellCommand(line string) *exec.Cmd {
	comspec := os.Getenv("ComSpec")
	if comspec == "" {
		comspec = `C:\Windows\System32\cmd.exe`
	}
	cmd := exec.Command(comspec)
	// cmd.exe has its own quoting rules; Go's argv escaping would break
	// them. /d skips AutoRun, /v:off keeps delayed expansion off whatever
	// the registry says (so a `!NAME!` in a script name stays text), /s
	// with the outer quotes keeps the line verbatim (what Node's
	// child_process does).
	cmd.SysProcAttr = &syscall.SysProcAttr{
		CmdLine: fmt.Sprintf(`%s /d /v:off /s /c "%s"`, syscall.EscapeArg(comspec), line),
	}
	return cmd
}

func prepareTree(cmd *exec.Cmd) {
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	// Suspended, so the child cannot start grandchildren before it is in
	// the job; startTree resumes it. On the console Hum shares with its
	// trees, which has no window, so Stop can send CTRL_BREAK. Without one
	// (it could not be made), no window either: each console child would
	// otherwise open a console window of its own; its output is in Hum's
	// pipes anyway. Then Stop cannot be graceful and kills at once.
	cmd.SysProcAttr.CreationFlags |= windows.CREATE_NEW_PROCESS_GROUP | windows.CREATE_SUSPENDED
	if treeConsole() != nil {
		cmd.SysProcAttr.CreationFlags |= windows.CREATE_NO_WINDOW
	}
}

func startTree(cmd *exec.Cmd) (*tree, error) {
	job, err := windows.CreateJobObject(nil, nil)
	if err != nil {
		return nil, fmt.Errorf("create job object: %w", err)
	}
	info := windows.JOBOBJECT_EXTENDED_LIMIT_INFORMATION{}
	info.BasicLimitInformation.LimitFlags = windows.JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE
	if _, err := windows.SetInformationJobObject(job, windows.JobObjectExtendedLimitInformation,
		uintptr(unsafe.Pointer(&info)), uint32(unsafe.Sizeof(info))); err != nil {
		windows.CloseHandle(job)
		return nil, fmt.Errorf("configure job object: %w", err)
	}
	if err := cmd.Start(); err != nil {
		windows.CloseHandle(job)
		return nil, err
	}
	t := &tree{job: job, pid: cmd.Process.Pid}
	if err := t.adopt(); err != nil {
		// Still suspended, so it has started nothing: end it and reap it.
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		windows.CloseHandle(job)
		return nil, err
	}
	return t, nil
}

// adopt puts the suspended leader into the job and resumes it.
func (t *tree) adopt() error {
	h, err := windows.OpenProcess(windows.PROCESS_SET_QUOTA|windows.PROCESS_TERMINATE, false, uint32(t.pid))
	if err != nil {
		return fmt.Errorf("open process %d: %w", t.pid, err)
	}
	defer windows.CloseHandle(h)
	if err := windows.AssignProcessToJobObject(t.job, h); err != nil {
		return fmt.Errorf("assign process %d to job: %w", t.pid, err)
	}
	return resumeThreads(t.pid)
}

// resumeThreads resumes the threads of a process created suspended; os/exec
// closes the main thread handle, so we find the threads by snapshot.
func resumeThreads(pid int) error {
	snap, err := windows.CreateToolhelp32Snapshot(windows.TH32CS_SNAPTHREAD, 0)
	if err != nil {
		return fmt.Errorf("thread snapshot: %w", err)
	}
	defer windows.CloseHandle(snap)
	var te windows.ThreadEntry32
	te.Size = uint32(unsafe.Sizeof(te))
	resumed := 0
	for err = windows.Thread32First(snap, &te); err == nil; err = windows.Thread32Next(snap, &te) {
		if te.OwnerProcessID != uint32(pid) {
			continue
		}
		th, err := windows.OpenThread(windows.THREAD_SUSPEND_RESUME, false, te.ThreadID)
		if err != nil {
			return fmt.Errorf("open thread %d: %w", te.ThreadID, err)
		}
		_, err = windows.ResumeThread(th)
		windows.CloseHandle(th)
		if err != nil {
			return fmt.Errorf("resume thread %d: %w", te.ThreadID, err)
		}
		resumed++
	}
	if resumed == 0 {
		return fmt.Errorf("process %d has no thread to resume", pid)
	}
	return nil
}

// terminate sends CTRL_BREAK to the tree's console process group, the
// closest Windows has to SIGTERM for console programs: Go programs get
// os.Interrupt, Node SIGBREAK, and a program without a handler exits. It
// reaches every member still in the group on Hum's console, even after the
// leader has gone (the group ID outlives it); a member that made its own
// group or console gets the kill after the grace period. An error (no
// console, see treeConsole) makes Stop kill at once.
func (t *tree) terminate() error {
	t.mu.RLock()
	defer t.mu.RUnlock()
	if t.released {
		return nil
	}
	if err := treeConsole(); err != nil {
		return err
	}
	return windows.GenerateConsoleCtrlEvent(windows.CTRL_BREAK_EVENT, uint32(t.pid))
}

// kill ends every process in the job.
func (t *tree) kill() error {
	t.mu.RLock()
	defer t.mu.RUnlock()
	if t.released {
		return nil
	}
	return windows.TerminateJobObject(t.job, 1)
}

// jobBasicAccounting is JOBOBJECT_BASIC_ACCOUNTING_INFORMATION, which
// x/sys/windows does not define.
type jobBasicAccounting struct {
	TotalUserTime             int64
	TotalKernelTime           int64
	ThisPeriodTotalUserTime   int64
	ThisPeriodTotalKernelTime int64
	TotalPageFaultCount       uint32
	TotalProcesses            uint32
	ActiveProcesses           uint32
	TotalTerminatedProcesses  uint32
}

// alive reports whether the job still has a running process.
func (t *tree) alive() bool {
	t.mu.RLock()
	defer t.mu.RUnlock()
	if t.released {
		return false
	}
	var info jobBasicAccounting
	err := windows.QueryInformationJobObject(t.job, windows.JobObjectBasicAccountingInformation,
		uintptr(unsafe.Pointer(&info)), uint32(unsafe.Sizeof(info)), nil)
	if err != nil {
		return true // cannot tell: let the caller escalate and time out rather than lie
	}
	return info.ActiveProcesses > 0
}

// release closes the job handle; called once the tree is gone. Later
// calls do nothing.
func (t *tree) release() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if !t.released {
		t.released = true
		windows.CloseHandle(t.job)
	}
}
