// A second launch of Hum asking to open a folder while processes run. Any
// local program can send that request, so it only ever asks: the window
// shows it, and only the user's Open click opens the folder (stopping the
// open project's processes); Cancel forgets it.
import { api } from '../lib/api'
import type { OpenRequest } from '../lib/types'
import { project } from './project.svelte'
import { ui } from './ui.svelte'

type Backend = Pick<typeof api, 'pendingOpenRequest' | 'acceptOpenRequest' | 'declineOpenRequest'>

export class OpenRequestStore {
  /** The request the window shows; null when none waits. */
  request = $state<OpenRequest | null>(null)
  /** True while an answer is on its way, so a double click answers once. */
  answering = $state(false)

  #api: Backend

  constructor(backend: Backend = api) {
    this.#api = backend
  }

  /** Shows a request from the backend's event; a newer one replaces an older. */
  show(r: OpenRequest): void {
    this.request = r && r.id ? r : null
  }

  /** Asks the backend for a request that came before the window listened. */
  async load(): Promise<void> {
    try {
      this.show(await this.#api.pendingOpenRequest())
    } catch {
      // Nothing to show: a second launch would ask again.
    }
  }

  async accept(): Promise<void> {
    const r = this.request
    if (!r || this.answering) return
    this.answering = true
    try {
      const view = await this.#api.acceptOpenRequest(r.id)
      await project.adopt(view)
    } catch (e) {
      ui.fail(`Could not open ${r.dir}`, e)
    } finally {
      if (this.request?.id === r.id) this.request = null
      this.answering = false
    }
  }

  async decline(): Promise<void> {
    const r = this.request
    if (!r || this.answering) return
    this.request = null
    try {
      await this.#api.declineOpenRequest(r.id)
    } catch {
      // Already gone (answered elsewhere, or replaced): nothing to undo.
    }
  }
}

export const openRequest = new OpenRequestStore()
