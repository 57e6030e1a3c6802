// The errors store: the errors the backend detected in process output,
// newest first, pulled once and then fed by "errors" events (batches).
// It keeps at most ERROR_CAP errors: a process printing thousands of
// errors a second must not grow the list, nor cost a sort of all of it per
// error. The backend keeps its own bounded list per process.
import type { ErrorBatch, ErrorEntry } from '../lib/types'

/** The most errors kept; the oldest go first. */
export const ERROR_CAP = 500

export class ErrorStore {
  list = $state.raw<ErrorEntry[]>([])
  /** Errors detected but not kept: dropped by the backend's batch cap or by ERROR_CAP. */
  dropped = $state(0)
  #ids = new Set<string>()

  /** Takes an "errors" event. */
  take(b: ErrorBatch): void {
    if (b.dropped) this.dropped += b.dropped
    this.add(b.errors ?? [])
  }

  /**
   * Adds entries not seen yet (events and pulls may overlap). The few new
   * ones are sorted and merged into the list, which is already in order,
   * so a batch costs O(list + batch), not a sort of everything.
   */
  add(entries: ErrorEntry[]): void {
    const fresh: ErrorEntry[] = []
    for (const e of entries) {
      const k = key(e)
      if (this.#ids.has(k)) continue
      this.#ids.add(k)
      fresh.push(e)
    }
    if (fresh.length === 0) return
    fresh.sort(newestFirst)
    const merged: ErrorEntry[] = []
    let i = 0
    let j = 0
    while (merged.length < ERROR_CAP && (i < this.list.length || j < fresh.length)) {
      if (j >= fresh.length || (i < this.list.length && newestFirst(this.list[i], fresh[j]) <= 0)) merged.push(this.list[i++])
      else merged.push(fresh[j++])
    }
    // What did not fit is forgotten, so the id set stays bounded too.
    const cut = this.list.length - i + fresh.length - j
    for (; i < this.list.length; i++) this.#ids.delete(key(this.list[i]))
    for (; j < fresh.length; j++) this.#ids.delete(key(fresh[j]))
    this.dropped += cut
    this.list = merged
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
    this.dropped = 0
  }
}

/** Newest first: by time, then by ID (the backend numbers errors in order). */
function newestFirst(a: ErrorEntry, b: ErrorEntry): number {
  return b.time - a.time || b.id - a.id
}

function key(e: ErrorEntry): string {
  return `${e.proc}\u0000${e.id}`
}

export const errors = new ErrorStore()
