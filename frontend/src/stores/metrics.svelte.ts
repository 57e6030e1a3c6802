// CPU and memory history: one per process, read by its row's sparklines
// (the recent tail) and by the charts (all of it, up to the backend's ten
// minutes). It is fed by the pushed process states (ProcessStore.apply hands
// each new CPU/memory figure to add); App.History is asked only for what
// the pushed states cannot tell: the past of a process first seen, and the
// stretch after a full event (the first view, or a window shown again after
// its events were paused). Nothing here runs on a timer.
//
// How a series is drawn, honestly: the backend publishes a state only when
// a sample differs from the one before (session.applySample), so while the
// events flow, no new point means "the same as the last one". A series is
// therefore a step function: each point's value holds until the next point
// (drawn as steps, not as lines that would invent a slope between two
// samples far apart), and a live process's last value holds up to the time
// the series is drawn (held). A drawing is made when a new point arrives
// (or when a chart or row first shows), so a flat series stays still rather
// than scrolling: what it shows was true when it was drawn.
//
// A pushed state carries no sample time (a State is kept to 48 bytes for
// the write path, see backend/process), so a point from one is stamped when
// it arrives: the event leaves within ~100 ms of the sample, well inside a
// chart's pixel. Points from App.History carry the sampler's own times.
import { SvelteMap } from 'svelte/reactivity'
import { api } from '../lib/api'
import type { Point } from '../lib/types'

/** How far back the charts go: the backend keeps ten minutes. */
export const HISTORY_MS = 10 * 60_000
/** How far back a sparkline goes. */
export const SPARK_MS = 60_000

export class MetricsHistory {
  // Points by process ID, oldest first. Each array is replaced, never
  // changed in place, so a reader of one ID redraws only when that ID gets
  // a point (SvelteMap tracks each key on its own).
  readonly #points = new SvelteMap<string, readonly Point[]>()
  // Bumped by stale: reading points tracks it, so a history shown now is
  // refilled at once, and one nobody shows is asked for only when read.
  readonly #wanted = new SvelteMap<string, number>()
  // The #wanted count each ID was last asked for at: plain (not reactive),
  // so points may write it while a component reads.
  #asked = new Map<string, number>()
  // The pull in flight per ID (a newer one supersedes it): plain.
  #pulls = new Map<string, number>()
  #pullSeq = 0
  readonly #pull: (id: string) => Promise<Point[] | null | undefined>
  readonly #now: () => number

  constructor(pull: (id: string) => Promise<Point[] | null | undefined>, now: () => number = () => Date.now()) {
    this.#pull = pull
    this.#now = now
  }

  /**
   * The history of id, oldest first (reactive). Reading a history whose
   * past is unknown asks the backend for it once; the answer comes later.
   */
  points(id: string): readonly Point[] {
    const want = this.#wanted.get(id) ?? 0
    if (want > (this.#asked.get(id) ?? 0)) {
      this.#asked.set(id, want)
      void this.#refill(id)
    }
    return this.#points.get(id) ?? EMPTY
  }

  /**
   * Records a figure pushed for id, stamped at (now, by default). Both
   * unavailable (a process that ended, or between runs, or not yet read)
   * records a gap, once: the last value holds up to it, and a stopped or
   * restarted process is not drawn as a value held across the pause.
   */
  add(id: string, cpu: number, rss: number, at?: number): void {
    const prev = this.#points.get(id) ?? EMPTY
    const gap = cpu < 0 && rss < 0
    const last = prev.at(-1)
    if (gap && (!last || (last.cpu < 0 && last.rss < 0))) return
    const t = Math.max(at ?? this.#now(), last?.t ?? 0)
    this.#points.set(id, trim([...prev, { t, cpu, rss }]))
  }

  /** Marks id's past as unknown: the next read of it asks the backend. */
  stale(id: string): void {
    this.#wanted.set(id, (this.#wanted.get(id) ?? 0) + 1)
  }

  forget(id: string): void {
    this.#wanted.delete(id)
    this.#asked.delete(id)
    this.#pulls.delete(id)
    this.#points.delete(id)
  }

  clear(): void {
    this.#wanted.clear()
    this.#asked.clear()
    this.#pulls.clear()
    this.#points.clear()
  }

  // Replaces id's history with the backend's, keeping the pushed points
  // newer than its last one (they arrived while the answer was on its way).
  async #refill(id: string): Promise<void> {
    const seq = ++this.#pullSeq
    this.#pulls.set(id, seq)
    let got: Point[]
    try {
      got = (await this.#pull(id)) ?? []
    } catch {
      // A removed process has no history; anything else: the pushed points
      // still draw, and the next full event asks again.
      if (this.#pulls.get(id) === seq) this.#pulls.delete(id)
      return
    }
    if (this.#pulls.get(id) !== seq) return // forgotten, or asked again since
    this.#pulls.delete(id)
    const cur = this.#points.get(id) ?? EMPTY
    const end = got.at(-1)?.t ?? -Infinity
    const merged = trim([...got, ...cur.filter((p) => p.t > end)])
    if (!samePoints(merged, cur)) this.#points.set(id, merged)
  }
}

const EMPTY: readonly Point[] = Object.freeze([])

/**
 * Drops what is older than HISTORY_MS before the newest point, except that
 * the value in force at that cutoff is kept, moved to it: a flat series of
 * an hour still shows its value across the whole ten minutes.
 */
function trim(pts: Point[]): Point[] {
  const newest = pts.at(-1)
  if (!newest) return pts
  const cutoff = newest.t - HISTORY_MS
  let i = 0
  while (i < pts.length && pts[i].t < cutoff) i++
  if (i === 0) return pts
  const kept = pts.slice(i)
  if (kept.length === 0 || kept[0].t > cutoff) kept.unshift({ ...pts[i - 1], t: cutoff })
  return kept
}

function samePoints(a: readonly Point[], b: readonly Point[]): boolean {
  return a.length === b.length && a.every((p, i) => p.t === b[i].t && p.cpu === b[i].cpu && p.rss === b[i].rss)
}

/**
 * The series to draw up to end: pts with the last value held to end (a
 * point at end with the last one's figures) when end is later. A gap (both
 * figures unavailable) is not held.
 */
export function held(pts: readonly Point[], end: number): readonly Point[] {
  const last = pts.at(-1)
  if (!last || end <= last.t || (last.cpu < 0 && last.rss < 0)) return pts
  return [...pts, { ...last, t: end }]
}

/**
 * The part of pts from `from` on: what a sparkline shows. The value in
 * force at `from` (the last point before it) is held in, moved to `from`.
 */
export function tail(pts: readonly Point[], from: number): readonly Point[] {
  let i = pts.length
  while (i > 0 && pts[i - 1].t >= from) i--
  if (i === 0) return pts
  const out = pts.slice(i)
  if (out.length === 0 || out[0].t > from) out.unshift({ ...pts[i - 1], t: from })
  return out
}

export const metrics = new MetricsHistory((id) => api.history(id))
