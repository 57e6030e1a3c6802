// CPU and memory history of the selected process, pulled once a second while
// the charts are shown (the backend samples once a second).
import { api } from '../lib/api'
import type { Point } from '../lib/types'

export class HistoryStore {
  proc = $state('')
  points = $state.raw<Point[]>([])
  #timer: ReturnType<typeof setInterval> | undefined

  /** Follows proc's history until stop; '' stops following. */
  watch(proc: string): void {
    this.stop()
    this.proc = proc
    this.points = []
    if (!proc) return
    const pull = async () => {
      try {
        const pts = await api.history(proc)
        if (this.proc === proc) this.points = pts ?? []
      } catch {
        // A removed process has no history: the next selection replaces it.
      }
    }
    pull()
    this.#timer = setInterval(pull, 1000)
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer)
    this.#timer = undefined
  }
}

export const history = new HistoryStore()
