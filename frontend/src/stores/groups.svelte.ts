// hum.yaml's groups of the open project. They change with the project (an
// open, a reopen) and with hum.yaml (a revision of the same open: an edit
// on disk or from the window), so they are read once per revision: what
// runs of each is counted from the processes store, which the "processes"
// event keeps live.
import { api } from '../lib/api'
import type { StackGroup } from '../lib/types'

export class GroupStore {
  list = $state<StackGroup[]>([])
  /** The project open and hum.yaml revision list belongs to; '' before the first load. */
  #key = ''

  /** Reads the groups of the project open as serial at revision, unless they are read already. */
  async load(serial: number, revision = 0): Promise<void> {
    const key = `${serial}:${revision}`
    if (key === this.#key) return
    this.#key = key
    try {
      const list = (await api.groups()) ?? []
      if (key === this.#key) this.list = list // a newer open or revision may have answered first
    } catch {
      if (key === this.#key) this.list = [] // no project any more: nothing to show
    }
  }
}

export const groups = new GroupStore()
