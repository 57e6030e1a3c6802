// The clock the process rows' uptimes read. It ticks only when a shown text
// is due to change: each row asks (wake) for the moment its uptime next
// changes (each second in a process's first minute, then each minute on a
// shared 15 s step: format.uptimeTickAt), and the clock keeps one timer for
// the earliest ask, rounded up to a whole second so that rows asking for
// nearby moments share one tick and one repaint. A clock ticking every second regardless cost the page about 1%
// of a core with 20 idle processes, although no text changed (issue 13).
// It does not tick while the window is hidden or minimised (nothing is
// drawn then) and catches up the moment the window shows.
export class Clock {
  now = $state(Date.now())

  #asks = new Map<number, number>() // ask -> when it wants a tick, unix ms
  #nextAsk = 0
  #timer: ReturnType<typeof setTimeout> | undefined
  #due = Infinity // when #timer fires; Infinity while there is none
  #queued = false // a reschedule is waiting for the end of the current task
  #doc: Document | undefined

  constructor(doc: Document | undefined = typeof document !== 'undefined' ? document : undefined) {
    this.#doc = doc
    doc?.addEventListener('visibilitychange', () => {
      if (!doc.hidden) this.now = Date.now()
      this.#reschedule()
    })
  }

  /**
   * Asks for a tick at or soon after `at` (unix ms). Returns the function
   * that withdraws the ask: call it from the asking effect's cleanup.
   */
  wake(at: number): () => void {
    const ask = this.#nextAsk++
    this.#asks.set(ask, at)
    this.#queue()
    return () => {
      this.#asks.delete(ask)
      this.#queue()
    }
  }

  // A tick re-runs every asking effect, and each withdraws its ask and
  // makes a new one: scheduling once after all of them avoids resetting the
  // timer twice per row. An ask long after the last tick (a row that just
  // appeared, say, after a minute without ticks) first brings now up to
  // date, so that the new row's first text is right.
  #queue(): void {
    if (this.#queued) return
    this.#queued = true
    queueMicrotask(() => {
      this.#queued = false
      if (!this.#doc?.hidden && Date.now() - this.now >= 1000) this.now = Date.now()
      this.#reschedule()
    })
  }

  #reschedule(): void {
    let due = Infinity
    if (!this.#doc?.hidden) {
      // An ask at or before the last tick has had its tick: its effect
      // re-asks when it re-runs.
      for (const at of this.#asks.values()) if (at > this.now) due = Math.min(due, at)
      if (due !== Infinity) due = Math.ceil(due / 1000) * 1000
    }
    if (due === this.#due) return
    clearTimeout(this.#timer)
    this.#timer = undefined
    this.#due = due
    if (due === Infinity) return
    this.#timer = setTimeout(() => {
      this.#timer = undefined
      this.#due = Infinity
      this.now = Math.max(Date.now(), due)
      this.#queue()
    }, Math.max(0, due - Date.now()))
  }
}

export const clock = new Clock()
