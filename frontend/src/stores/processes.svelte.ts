// The process store: one entry per process, reconciled by Version so that
// events and snapshots may arrive in any order and the newest state wins.
import { SvelteMap } from 'svelte/reactivity'
import type { ProcState, ProcessesEvent } from '../lib/types'

/** How many CPU/memory samples a sparkline keeps. */
export const SPARK_POINTS = 60

export interface Spark {
  cpu: number[]
  rss: number[]
}

export class ProcessStore {
  /** Current state by ID. */
  readonly byId = new SvelteMap<string, ProcState>()
  /** Recent CPU and memory figures by ID, for sparklines. */
  readonly sparks = new SvelteMap<string, Spark>()

  // IDs removed by an event: a snapshot taken before the removal must not
  // bring them back. IDs are never reused, so the set only grows per project.
  #removed = new Set<string>()
  // Counts applied events; each entry remembers the count when it was last
  // touched, so a snapshot requested earlier cannot drop a newer entry.
  #epoch = 0
  #touched = new Map<string, number>()
  // When each ID was first seen: the list keeps that order, so a restart
  // (which changes startedAt) does not make rows jump.
  #order = new Map<string, number>()
  #next = 0

  /** The processes in a stable order: first seen first. */
  list = $derived.by(() => [...this.byId.values()].sort((a, b) => this.#rank(a) - this.#rank(b)))

  /** Returns the current epoch; pass it to reset with the snapshot it preceded. */
  begin(): number {
    return this.#epoch
  }

  /** Applies one "processes" event. */
  apply(ev: ProcessesEvent): void {
    this.#epoch++
    for (const s of ev.states ?? []) this.#put(s)
    if (ev.full) {
      // What the backend holds, all of it: anything else went away while
      // the window was hidden and no event said so.
      const ids = new Set((ev.states ?? []).map((s) => s.id))
      for (const id of [...this.byId.keys()]) {
        if (!ids.has(id)) {
          this.byId.delete(id)
          this.sparks.delete(id)
          this.#touched.delete(id)
        }
      }
    }
    for (const id of ev.removed ?? []) {
      this.#removed.add(id)
      this.byId.delete(id)
      this.sparks.delete(id)
      this.#touched.delete(id)
    }
  }

  /**
   * Reconciles with a full snapshot requested at epoch `since` (from begin).
   * Entries the snapshot lacks are dropped unless an event touched them after
   * the request: those are newer than the snapshot.
   */
  reset(snapshot: ProcState[], since: number): void {
    const ids = new Set<string>()
    for (const s of snapshot) {
      ids.add(s.id)
      this.#put(s)
    }
    for (const id of [...this.byId.keys()]) {
      if (!ids.has(id) && (this.#touched.get(id) ?? 0) <= since) {
        this.byId.delete(id)
        this.sparks.delete(id)
        this.#touched.delete(id)
      }
    }
  }

  /** Forgets everything, e.g. when another project opens. */
  clear(): void {
    this.byId.clear()
    this.sparks.clear()
    this.#removed.clear()
    this.#touched.clear()
    this.#order.clear()
  }

  get(id: string): ProcState | undefined {
    return this.byId.get(id)
  }

  /** The newest process started from a script, if any. */
  forScript(scriptId: string): ProcState | undefined {
    let best: ProcState | undefined
    for (const s of this.byId.values()) {
      if (s.scriptId === scriptId && (!best || this.#rank(best) < this.#rank(s))) best = s
    }
    return best
  }

  #rank(s: ProcState): number {
    return this.#order.get(s.id) ?? Number.MAX_SAFE_INTEGER
  }

  #put(s: ProcState): void {
    if (this.#removed.has(s.id)) return
    const cur = this.byId.get(s.id)
    if (cur && cur.version >= s.version) return
    if (!this.#order.has(s.id)) this.#order.set(s.id, this.#next++)
    this.byId.set(s.id, s)
    this.#touched.set(s.id, this.#epoch)
    if (!cur || cur.cpu !== s.cpu || cur.rss !== s.rss || cur.status !== s.status) this.#sample(s)
  }

  #sample(s: ProcState): void {
    if (s.cpu < 0 && s.rss < 0) return
    const prev = this.sparks.get(s.id) ?? { cpu: [], rss: [] }
    const next: Spark = {
      cpu: [...prev.cpu, Math.max(0, s.cpu)].slice(-SPARK_POINTS),
      rss: [...prev.rss, Math.max(0, s.rss)].slice(-SPARK_POINTS),
    }
    this.sparks.set(s.id, next)
  }
}

/** Whether the process is alive or about to be. */
export function isLive(s: ProcState): boolean {
  return s.status === 'starting' || s.status === 'running' || s.status === 'stopping'
}

export const processes = new ProcessStore()
