// What the user is looking at: the selected process, the bottom tab, and
// messages (the backend's, when something failed).
import type { BackendError } from '../lib/types'

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
  #next = 1

  select(id: string): void {
    this.selected = id
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
