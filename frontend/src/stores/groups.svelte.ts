// hum.yaml's groups of the open project. They change only with the project
// (an open, a reopen), so they are read once per open: what runs of each is
// counted from the processes store, which the "processes" event keeps live.
import { api } from '../lib/api'
import type { StackGroup } from '../lib/types'

export class GroupStore {
  list = $state<StackGroup[]>([])
  /** The project open (ProjectView.serial) list belongs to; 0 before the first load. */
  serial = 0

  /** Reads the groups of the project open as serial, unless they are read already. */
  async load(serial: number): Promise<void> {
    if (serial === this.serial) return
    this.serial = serial
    try {
      const list = (await api.groups()) ?? []
      if (serial === this.serial) this.list = list // a newer open may have answered first
    } catch {
      if (serial === this.serial) this.list = [] // no project any more: nothing to show
    }
  }
}

export const groups = new GroupStore()
