// Autostart with trust first. A project's autostart group starts by itself
// only once the user approved exactly its commands; until then the backend
// sends a prompt (the "autostart" event, or PendingAutostart for a window
// that listened late) and only the user's "Start" answers it. The status
// says which group starts for this user (their own choice or hum.yaml's
// default), for the Groups section's "Start when this project opens".
import { api } from '../lib/api'
import type { AutostartPrompt, AutostartStatus } from '../lib/types'
import { ui } from './ui.svelte'

type Backend = Pick<typeof api, 'pendingAutostart' | 'approveAutostart' | 'declineAutostart' | 'autostart' | 'setAutostartGroup'>

export class AutostartStore {
  /** The prompt the window shows; null when none waits. */
  prompt = $state<AutostartPrompt | null>(null)
  /** Which group starts when the open project opens; null before it is read. */
  status = $state<AutostartStatus | null>(null)
  /** True while an answer is on its way, so a double click answers once. */
  answering = $state(false)

  #api: Backend

  constructor(backend: Backend = api) {
    this.#api = backend
  }

  /** Shows a prompt from the backend; an empty one (serial 0) withdraws it. */
  show(p: AutostartPrompt | null): void {
    this.prompt = p && p.serial ? p : null
    void this.refresh()
  }

  /** Asks the backend for a prompt sent before the window listened. */
  async load(): Promise<void> {
    try {
      this.show(await this.#api.pendingAutostart())
    } catch {
      // Nothing to show: the next open asks again.
    }
  }

  /** Reads which group starts for this user. */
  async refresh(): Promise<void> {
    try {
      this.status = await this.#api.autostart()
    } catch {
      this.status = null
    }
  }

  /** "Start these now and whenever this project opens". */
  async approve(): Promise<void> {
    const p = this.prompt
    if (!p || this.answering) return
    this.answering = true
    try {
      await this.#api.approveAutostart(p.serial, p.plan.digest)
    } catch (e) {
      ui.fail(`Could not start ${p.plan.group}`, e)
    } finally {
      if (this.prompt?.serial === p.serial && this.prompt.plan.digest === p.plan.digest) this.prompt = null
      this.answering = false
      void this.refresh()
    }
  }

  /** "Not now": nothing starts; the next open asks again. */
  async decline(): Promise<void> {
    const p = this.prompt
    if (!p || this.answering) return
    this.prompt = null
    try {
      await this.#api.declineAutostart(p.serial)
    } catch {
      // The project has gone: nothing to answer.
    }
  }

  /** Makes group ("" for none) the one that starts for this user when the project opens. */
  async choose(group: string): Promise<void> {
    try {
      this.status = await this.#api.setAutostartGroup(group)
    } catch (e) {
      ui.fail(group ? `Could not make ${group} start with the project` : 'Could not turn autostart off', e)
      void this.refresh()
    }
  }
}

export const autostart = new AutostartStore()
