// The settings store: the user's saved choices (settings.json in the config
// folder). The backend reads them once at start, so a change here shows what
// the next start will do, not what this run does.
import { api } from '../lib/api'
import type { Settings } from '../lib/types'
import { ui } from './ui.svelte'

export class SettingsStore {
  /** As saved; the backend's defaults until load() answers. */
  closeToTray = $state(true)
  /** Set once load() has answered, so a control can wait for the saved value. */
  loaded = $state(false)
  /** True while a change is being saved, so the control cannot race itself. */
  saving = $state(false)

  #api: Pick<typeof api, 'settings' | 'setCloseToTray'>

  constructor(backend: Pick<typeof api, 'settings' | 'setCloseToTray'> = api) {
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

  #adopt(s: Settings): void {
    this.closeToTray = s.closeToTray
  }
}

export const settings = new SettingsStore()
