// The settings store: the user's saved choices (settings.json in the config
// folder). The backend reads closeToTray once at start, so a change of it
// shows what the next start will do; the notification kinds apply at once.
import { api } from '../lib/api'
import type { NotifySettings, Settings } from '../lib/types'
import { ui } from './ui.svelte'

type Backend = Pick<typeof api, 'settings' | 'setCloseToTray' | 'setNotifications'>

export class SettingsStore {
  /** As saved; the backend's defaults until load() answers. */
  closeToTray = $state(true)
  /** Which desktop notifications are shown; all on until load() answers. */
  notify = $state<NotifySettings>({ crashed: true, crashLoop: true, finished: true, ready: false, terminal: true })
  /** Set once load() has answered, so a control can wait for the saved value. */
  loaded = $state(false)
  /** True while a change is being saved, so the control cannot race itself. */
  saving = $state(false)

  #api: Backend

  constructor(backend: Backend = api) {
    this.#api = backend
  }

  async load(): Promise<void> {
    try {
      this.#adopt(await this.#api.settings())
      this.loaded = true
    } catch (e) {
      ui.fail('Could not read the settings', e)
    }
  }

  /** Saves the choice; on failure the control goes back to what is saved. */
  async setCloseToTray(on: boolean): Promise<void> {
    this.saving = true
    const before = this.closeToTray
    this.closeToTray = on
    try {
      this.#adopt(await this.#api.setCloseToTray(on))
    } catch (e) {
      this.closeToTray = before
      ui.fail('Could not save the setting', e)
    } finally {
      this.saving = false
    }
  }

  /** Turns one kind of notification on or off; on failure it goes back. */
  async setNotify(kind: keyof NotifySettings, on: boolean): Promise<void> {
    this.saving = true
    const before = this.notify
    this.notify = { ...before, [kind]: on }
    try {
      this.#adopt(await this.#api.setNotifications(this.notify))
    } catch (e) {
      this.notify = before
      ui.fail('Could not save the setting', e)
    } finally {
      this.saving = false
    }
  }

  #adopt(s: Settings): void {
    this.closeToTray = s.closeToTray
    if (s.notify) this.notify = { ...s.notify }
  }
}

export const settings = new SettingsStore()
