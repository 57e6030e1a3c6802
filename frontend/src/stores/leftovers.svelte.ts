// Process trees a Hum that quit unexpectedly left running (its watchdog
// died with it). The window asks once, at start: Stop them ends them (the
// backend verifies again that each is still Hum's), Leave them forgets
// them; either way no later launch asks again.
import { api } from '../lib/api'
import type { Leftover } from '../lib/types'
import { ui } from './ui.svelte'

type Backend = Pick<typeof api, 'leftovers' | 'stopLeftovers' | 'leaveLeftovers'>

export class LeftoversStore {
  /** The trees the dialog lists; empty when it is closed. */
  list = $state<Leftover[]>([])
  /** True while Stop them runs (up to about a second), so it runs once. */
  stopping = $state(false)

  #api: Backend

  constructor(backend: Backend = api) {
    this.#api = backend
  }

  /** Whether the dialog is on screen. */
  get shown(): boolean {
    return this.list.length > 0
  }

  /** Asks the backend, once at start, for what the last Hum left. */
  async load(): Promise<void> {
    try {
      this.list = (await this.#api.leftovers()) ?? []
    } catch {
      // Nothing to show: the next launch asks again.
    }
  }

  async stop(): Promise<void> {
    if (!this.shown || this.stopping) return
    this.stopping = true
    try {
      await this.#api.stopLeftovers()
    } catch (e) {
      ui.fail('Could not stop the processes from last time', e)
    } finally {
      this.list = []
      this.stopping = false
    }
  }

  async leave(): Promise<void> {
    if (!this.shown || this.stopping) return
    this.list = []
    try {
      await this.#api.leaveLeftovers()
    } catch (e) {
      ui.fail('Could not forget the processes from last time', e)
    }
  }
}

export const leftovers = new LeftoversStore()
