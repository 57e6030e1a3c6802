// The log feed: "logs" events fan out to whoever shows logs (the log view),
// and the view settings the user toggles.
import type { LogBatch } from '../lib/types'
import { PALETTE } from '../lib/logwriter'

type Listener = (b: LogBatch) => void

export class LogFeed {
  #listeners = new Set<Listener>()

  /** Calls fn with every batch until the returned function is called. */
  subscribe(fn: Listener): () => void {
    this.#listeners.add(fn)
    return () => this.#listeners.delete(fn)
  }

  emit(b: LogBatch): void {
    for (const fn of this.#listeners) fn(b)
  }
}

export class LogSettings {
  /** Show each line's time. */
  timestamps = $state(false)
  /** Keep the newest line in view; when false, new lines wait (paused). */
  follow = $state(true)
}

/** A stable colour per process, so its prefix keeps its colour in "All". */
export function colourOf(id: string): number {
  const n = Number.parseInt(id.replace(/^\D+/, ''), 10)
  if (Number.isFinite(n)) return PALETTE[(n - 1 + PALETTE.length) % PALETTE.length]
  let h = 0
  for (const c of id) h = (h * 31 + c.charCodeAt(0)) | 0
  return PALETTE[Math.abs(h) % PALETTE.length]
}

export const logFeed = new LogFeed()
export const logSettings = new LogSettings()
