// Typing into a process's terminal from its log view: when input mode is on,
// which keys leave it, what a key sends, and the size the terminal follows.
// Plain logic with no DOM: LogView.svelte wires it to xterm.js (onData,
// attachCustomKeyEventHandler, the fit addon) and to the bound methods
// SendInput and ResizeTerminal.
//
// The rule for Escape: Esc leaves input mode (the way out must always be
// the same key, and it is what the hint says), Shift+Esc sends a literal
// Esc to the program (vi's normal mode, closing a TUI's dialog). Every other
// key, Ctrl-C and the arrows included, goes to the program while input mode
// is on, and none of Hum's shortcuts fire.
import type { ProcState } from './types'

/** What a key press in the terminal does in input mode. */
export type KeyAction = 'leave' | 'send-escape' | 'terminal'

/** The escape byte a terminal sends for the Esc key. */
export const ESC = '\x1b'

/**
 * Decides a keydown in the terminal while typing goes to the process:
 * 'leave' for Esc, 'send-escape' for Shift+Esc (the caller sends ESC and
 * keeps xterm from handling it again), 'terminal' for every other key, which
 * xterm turns into input (onData) as a terminal would.
 */
export function keyAction(e: Pick<KeyboardEvent, 'key' | 'shiftKey' | 'ctrlKey' | 'altKey' | 'metaKey'>): KeyAction {
  if (e.key === 'Escape' && !e.ctrlKey && !e.altKey && !e.metaKey) return e.shiftKey ? 'send-escape' : 'leave'
  return 'terminal'
}

/** Whether a process takes typed input now: it runs on a pseudo-terminal and its run is live. */
export function takesInput(p: Pick<ProcState, 'tty' | 'status'> | undefined): boolean {
  if (!p || !p.tty) return false
  return p.status === 'running' || p.status === 'starting'
}

/** The hint input mode shows above the terminal. */
export function typingHint(name: string): string {
  return `Typing goes to ${name} — Esc to leave, Shift+Esc sends Esc`
}

/**
 * Whether a process is waiting at a prompt, for the "waiting for input"
 * badge: the backend saw its newest line end in a question with nothing
 * after it (State.prompt), and the run is still live.
 */
export function waitingForInput(p: Pick<ProcState, 'prompt' | 'status'> | undefined): boolean {
  return !!p?.prompt && (p.status === 'running' || p.status === 'starting')
}

/** How long the view's size must hold before the process's terminal follows it. */
export const RESIZE_DELAY = 120

/**
 * Sends a terminal's size to its process once it has held for delay ms, and
 * only when it changed since the last size sent to that process: dragging
 * the pane's edge makes one resize (one SIGWINCH), not one per pixel. A
 * process keeps the last size sent while its view is not on screen.
 */
export class SizeSync {
  #send: (proc: string, cols: number, rows: number) => void
  #delay: number
  #timer: ReturnType<typeof setTimeout> | undefined
  #sent = new Map<string, string>()

  constructor(send: (proc: string, cols: number, rows: number) => void, delay = RESIZE_DELAY) {
    this.#send = send
    this.#delay = delay
  }

  /** The view shows proc at cols x rows now. */
  update(proc: string, cols: number, rows: number): void {
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = undefined
    if (!proc || cols < 1 || rows < 1) return
    const key = `${cols}x${rows}`
    if (this.#sent.get(proc) === key) return
    this.#timer = setTimeout(() => {
      this.#timer = undefined
      this.#sent.set(proc, key)
      this.#send(proc, cols, rows)
    }, this.#delay)
  }

  /** Drops a pending send. */
  cancel(): void {
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = undefined
  }
}

/**
 * Sends typed data to a process in order, one call at a time: keys typed
 * while a call is on its way are joined and go in the next one, so a burst
 * of keys (or a paste) arrives whole and in order whatever the bridge does
 * with concurrent calls. A failed call is reported and what waited is still
 * sent.
 */
export class InputQueue {
  #send: (data: string) => Promise<unknown>
  #fail: (e: unknown) => void
  #waiting = ''
  #busy = false

  constructor(send: (data: string) => Promise<unknown>, fail: (e: unknown) => void) {
    this.#send = send
    this.#fail = fail
  }

  /** Whether nothing is on its way or waiting. */
  get idle(): boolean {
    return !this.#busy && !this.#waiting
  }

  push(data: string): void {
    if (!data) return
    this.#waiting += data
    if (!this.#busy) void this.#pump()
  }

  async #pump(): Promise<void> {
    this.#busy = true
    while (this.#waiting) {
      const data = this.#waiting
      this.#waiting = ''
      try {
        await this.#send(data)
      } catch (e) {
        this.#fail(e)
      }
    }
    this.#busy = false
  }
}
