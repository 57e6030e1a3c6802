import { describe, expect, it } from 'vitest'
import { SettingsStore } from './settings.svelte'
import { ui } from './ui.svelte'
import type { Settings } from '../lib/types'

/** A backend that keeps settings in memory, or fails every save when broken. */
const allOn = { crashed: true, crashLoop: true, finished: true, ready: true, terminal: true }

function fakeBackend(saved: Settings, broken = false) {
  const calls: boolean[] = []
  return {
    calls,
    settings: async () => ({ ...saved }),
    setNotifications: async (n: Settings['notify']) => {
      if (broken) throw { code: 'permission', message: 'settings.json: permission denied' }
      saved = { ...saved, notify: { ...n } }
      return { ...saved }
    },
    setCloseToTray: async (on: boolean) => {
      calls.push(on)
      if (broken) throw { code: 'permission', message: 'settings.json: permission denied' }
      saved = { ...saved, closeToTray: on }
      return { ...saved }
    },
  }
}

describe('SettingsStore', () => {
  it('shows the saved value once loaded', async () => {
    const s = new SettingsStore(fakeBackend({ closeToTray: false, notify: allOn }))
    expect(s.loaded).toBe(false)
    await s.load()
    expect(s.loaded).toBe(true)
    expect(s.closeToTray).toBe(false)
  })

  it('saves a change and keeps what the backend returned', async () => {
    const b = fakeBackend({ closeToTray: true, notify: allOn })
    const s = new SettingsStore(b)
    await s.load()
    await s.setCloseToTray(false)
    expect(b.calls).toEqual([false])
    expect(s.closeToTray).toBe(false)
    expect(s.saving).toBe(false)
    await s.load()
    expect(s.closeToTray).toBe(false)
  })

  it('goes back to the saved value and says why when a save fails', async () => {
    const s = new SettingsStore(fakeBackend({ closeToTray: true, notify: allOn }, true))
    await s.load()
    const toasts = ui.toasts.length
    await s.setCloseToTray(false)
    expect(s.closeToTray).toBe(true)
    expect(s.saving).toBe(false)
    expect(ui.toasts.length).toBe(toasts + 1)
    expect(ui.toasts.at(-1)?.text).toContain('permission denied')
  })

  it('turns one kind of notification off and keeps the others, or goes back when saving fails', async () => {
    const b = fakeBackend({ closeToTray: true, notify: allOn })
    const s = new SettingsStore(b)
    await s.load()
    await s.setNotify('finished', false)
    expect(s.notify).toEqual({ crashed: true, crashLoop: true, finished: false, ready: true, terminal: true })
    await s.load()
    expect(s.notify.finished).toBe(false)

    const broken = new SettingsStore(fakeBackend({ closeToTray: true, notify: allOn }, true))
    await broken.load()
    await broken.setNotify('crashed', false)
    expect(broken.notify.crashed).toBe(true)
    expect(ui.toasts.at(-1)?.text).toContain('permission denied')
  })
})
