// What the user is looking at: the selected process, the bottom tab, and
// messages (the backend's, when something failed).
import type { BackendError, Selection } from '../lib/types'

export type Tab = 'logs' | 'errors' | 'charts' | 'env'

export interface Toast {
  id: number
  kind: 'error' | 'info'
  text: string
}

export class UIStore {
  /** Selected process ID; '' selects the merged "All" log view. */
  selected = $state('')
  tab = $state<Tab>('logs')
  toasts = $state<Toast[]>([])
  /** Bumped to ask the log search box to take focus. */
  searchFocus = $state(0)
  /**
   * The error to bring into view and focus (a click on a crash
   * notification), until its card has done so (ErrorCard calls
   * revealed()); null for none. seq tells two reveals of one error apart.
   */
  errorFocus = $state<{ proc: string; id: number; seq: number } | null>(null)
  /**
   * The process that typing goes to (its log view is in input mode), '' when
   * none: while set, none of the app's shortcuts fire.
   */
  typing = $state('')
  /** Bumped to ask the log view to enter input mode (the pane's Type button). */
  typeRequest = $state(0)
  #next = 1

  select(id: string): void {
    this.selected = id
  }

  /**
   * Brings forward what a notification was about: its process, and when it
   * names an error, that error in the process's Errors tab. The backend
   * sent the plain process ID before it named errors; that still selects.
   */
  reveal(s: Selection | string): void {
    const sel = typeof s === 'string' ? { procId: s } : s
    if (!sel?.procId) return
    this.select(sel.procId)
    if (sel.errorId) {
      this.tab = 'errors'
      this.errorFocus = { proc: sel.procId, id: sel.errorId, seq: this.#next++ }
    }
  }

  /** The card of the error asked for by reveal() has shown itself. */
  revealed(): void {
    this.errorFocus = null
  }

  /** Shows a failure with the backend's message. */
  fail(what: string, e: unknown): void {
    const err = e as BackendError
    const msg = err && typeof err === 'object' && 'message' in err ? err.message : String(e)
    this.notify('error', `${what}: ${msg}`)
  }

  notify(kind: Toast['kind'], text: string, ms = 6000): void {
    const id = this.#next++
    this.toasts = [...this.toasts, { id, kind, text }]
    setTimeout(() => this.dismiss(id), ms)
  }

  dismiss(id: number): void {
    this.toasts = this.toasts.filter((t) => t.id !== id)
  }
}

export const ui = new UIStore()
