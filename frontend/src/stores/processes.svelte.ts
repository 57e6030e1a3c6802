// The process store: one entry per process, fed by one channel, the
// "processes" events. Its first view is a full event the window asks for
// (api.resyncProcesses: on start, after opening a project; showing a hidden
// window brings one too); deltas follow, reconciled by Version, and a
// call's returned state folds in the same way, so the newest state wins
// whatever order they arrive in.
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

  // IDs removed by an event or a call: a state sent before the removal
  // must not bring them back. IDs are never reused, so the set only grows
  // per project.
  #removed = new Set<string>()
  // When each ID was first seen: the list keeps that order, so a restart
  // (which changes startedAt) does not make rows jump.
  #order = new Map<string, number>()
  #next = 0

  /** The processes in a stable order: first seen first. */
  list = $derived.by(() => [...this.byId.values()].sort((a, b) => this.#rank(a) - this.#rank(b)))

  /** Applies one "processes" event. */
  apply(ev: ProcessesEvent): void {
    for (const s of ev.states ?? []) this.#put(s)
    if (ev.full) {
      // What the backend holds, all of it (the first view, or the first
      // event after the window was hidden): anything else is gone.
      const ids = new Set((ev.states ?? []).map((s) => s.id))
      for (const id of [...this.byId.keys()]) {
        if (!ids.has(id)) {
          this.byId.delete(id)
          this.sparks.delete(id)
        }
      }
    }
    for (const id of ev.removed ?? []) {
      this.#removed.add(id)
      this.byId.delete(id)
      this.sparks.delete(id)
    }
  }

  /** Forgets everything, e.g. when another project opens. */
  clear(): void {
    this.byId.clear()
    this.sparks.clear()
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

  #put(s: ProcState): void {
    if (this.#removed.has(s.id)) return
    const cur = this.byId.get(s.id)
    if (cur && cur.version >= s.version) return
    if (!this.#order.has(s.id)) this.#order.set(s.id, this.#next++)
    this.byId.set(s.id, s)
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
