// The errors store: every error the backend detected in process output,
// newest first, pulled once and then fed by "errors" events.
import type { ErrorEntry } from '../lib/types'

export class ErrorStore {
  list = $state.raw<ErrorEntry[]>([])
  #ids = new Set<string>()

  /** Adds entries not seen yet (events and pulls may overlap). */
  add(entries: ErrorEntry[]): void {
    const fresh = entries.filter((e) => !this.#ids.has(key(e)))
    if (fresh.length === 0) return
    for (const e of fresh) this.#ids.add(key(e))
    this.list = [...fresh.reverse(), ...this.list].sort((a, b) => Date.parse(b.time) - Date.parse(a.time))
  }

  /** The errors of one process, or of all when proc is ''. */
  of(proc: string): ErrorEntry[] {
    return proc ? this.list.filter((e) => e.proc === proc) : this.list
  }

  /** Drops the errors of a removed process. */
  forget(proc: string): void {
    const keep = this.list.filter((e) => e.proc !== proc)
    if (keep.length === this.list.length) return
    this.#ids = new Set(keep.map(key))
    this.list = keep
  }

  clear(): void {
    this.#ids.clear()
    this.list = []
  }
}

function key(e: ErrorEntry): string {
  return `${e.proc}\u0000${e.id}`
}

export const errors = new ErrorStore()
