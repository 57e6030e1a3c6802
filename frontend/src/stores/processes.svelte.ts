// The process store: one entry per process, fed by one channel, the
// "processes" events. Its first view is a full event the window asks for
// (api.resyncProcesses: on start, after opening a project; showing a hidden
// window brings one too); deltas follow, reconciled by Version, so the
// newest state wins whatever order they arrive in. Nothing else puts a
// state here: a Start or Stop call's answer is not folded in, its event
// follows within the coalescing interval (~100 ms).
//
// Each state's CPU and memory figures go on to the process's history
// (stores/metrics.svelte.ts), which the sparklines and charts both read.
import { SvelteMap } from 'svelte/reactivity'
import type { ProcState, ProcessesEvent } from '../lib/types'
import { metrics, type MetricsHistory } from './metrics.svelte'

export class ProcessStore {
  /** Current state by ID. */
  readonly byId = new SvelteMap<string, ProcState>()
  /** CPU and memory history by ID, for the sparklines and the charts. */
  readonly history: MetricsHistory

  // IDs removed by an event (or missing from a full one): a state sent
  // before the removal must not bring them back. IDs are never reused, so
  // the set only grows per project.
  #removed = new Set<string>()
  // When each ID was first seen: the list keeps that order, so a restart
  // (which changes startedAt) does not make rows jump.
  #order = new Map<string, number>()
  #next = 0

  constructor(history: MetricsHistory) {
    this.history = history
  }

  /** The processes in a stable order: first seen first. */
  list = $derived.by(() => [...this.byId.values()].sort((a, b) => this.#rank(a) - this.#rank(b)))

  /** Applies one "processes" event. */
  apply(ev: ProcessesEvent): void {
    for (const s of ev.states ?? []) {
      // A full event may follow a stretch without events (the window was
      // hidden): a process that changed meanwhile may have been sampled
      // more than its state now tells, so its history is asked for again.
      if (this.#put(s) && ev.full) this.history.stale(s.id)
    }
    if (ev.full) {
      // What the backend holds, all of it (the first view, or the first
      // event after the window was hidden): anything else is gone.
      const ids = new Set((ev.states ?? []).map((s) => s.id))
      for (const id of [...this.byId.keys()]) {
        if (!ids.has(id)) this.#drop(id)
      }
    }
    for (const id of ev.removed ?? []) this.#drop(id)
  }

  /** Forgets everything, e.g. when another project opens. */
  clear(): void {
    this.byId.clear()
    this.history.clear()
    this.#removed.clear()
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

  /** Whether id was here and went away (removed, or missing from a full event). */
  gone(id: string): boolean {
    return this.#removed.has(id)
  }

  /** Takes s if it is newer than what the store holds; says whether it did. */
  #put(s: ProcState): boolean {
    if (this.#removed.has(s.id)) return false
    const cur = this.byId.get(s.id)
    if (cur && cur.version >= s.version) return false
    if (!this.#order.has(s.id)) this.#order.set(s.id, this.#next++)
    // First seen: its past (if it ran before this window looked) is the
    // backend's to tell.
    if (!cur) this.history.stale(s.id)
    this.byId.set(s.id, s)
    if (cur && isLive(cur) && !isLive(s)) {
      // It ended: its figures (kept in the state) stop holding here.
      this.history.add(s.id, -1, -1, s.endedAt || undefined)
    } else if (!cur || cur.cpu !== s.cpu || cur.rss !== s.rss) {
      this.history.add(s.id, s.cpu, s.rss)
    }
    return true
  }

  #drop(id: string): void {
    this.#removed.add(id)
    this.byId.delete(id)
    this.history.forget(id)
  }
}

/** Whether the process is alive or about to be. */
export function isLive(s: ProcState): boolean {
  return s.status === 'starting' || s.status === 'running' || s.status === 'stopping'
}

export const processes = new ProcessStore(metrics)
