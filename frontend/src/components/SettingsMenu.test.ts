import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte'
import type { BaseEnvStatus, Settings } from '../lib/types'

// The backend as the settings store sees it: one saved value, in memory.
const backend = vi.hoisted(() => ({
  saved: { closeToTray: true, notify: { crashed: true, crashLoop: true, finished: true, ready: false, terminal: true } } as Settings,
  calls: [] as boolean[],
  notifyCalls: [] as Settings['notify'][],
  base: { layer: 'login shell', shell: '/bin/zsh', count: 40, loadedAt: 1 } as BaseEnvStatus,
  reloads: 0,
}))
vi.mock('../lib/api', () => ({
  api: {
    settings: async () => ({ ...backend.saved }),
    setCloseToTray: async (on: boolean) => {
      backend.calls.push(on)
      backend.saved = { ...backend.saved, closeToTray: on }
      return { ...backend.saved }
    },
    setNotifications: async (n: Settings['notify']) => {
      backend.notifyCalls.push({ ...n })
      backend.saved = { ...backend.saved, notify: { ...n } }
      return { ...backend.saved }
    },
    baseEnvironment: async () => ({ ...backend.base }),
    reloadEnvironment: async () => {
      backend.reloads++
      backend.base = {
        layer: "Hum's environment", shell: '/bin/zsh', count: 12, loadedAt: 2,
        problem: "the login shell /bin/zsh did not finish within 5s (does an rc file wait for input?); using Hum's own environment",
      }
      return { ...backend.base }
    },
  },
}))

import SettingsMenu from './SettingsMenu.svelte'
import { ui } from '../stores/ui.svelte'

describe('SettingsMenu', () => {
  beforeEach(() => {
    backend.saved = { closeToTray: false, notify: { crashed: true, crashLoop: false, finished: true, ready: false, terminal: true } }
    backend.calls = []
    backend.notifyCalls = []
    backend.reloads = 0
    backend.base = { layer: 'login shell', shell: '/bin/zsh', count: 40, loadedAt: 1 }
  })
  afterEach(() => cleanup())

  it('opens on the gear, shows the saved value, says when it applies, and saves a change', async () => {
    render(SettingsMenu)
    expect(screen.queryByTestId('settings-panel')).toBeNull()
    await fireEvent.click(screen.getByTestId('settings'))
    const panel = screen.getByTestId('settings-panel')
    expect(panel.textContent).toMatch(/applies the next time Hum starts/i)

    const box = screen.getByTestId('close-to-tray') as HTMLInputElement
    await waitFor(() => expect(box.disabled).toBe(false))
    expect(box.checked).toBe(false)

    await fireEvent.click(box)
    await waitFor(() => expect(backend.calls).toEqual([true]))
    await waitFor(() => expect(box.disabled).toBe(false))
    expect(box.checked).toBe(true)
  })

  it('says what processes start from and reloads it, showing why the login shell failed', async () => {
    render(SettingsMenu)
    await fireEvent.click(screen.getByTestId('settings'))
    await waitFor(() => expect(screen.getByTestId('base-env').textContent).toContain('the login shell (/bin/zsh)'))
    expect(screen.queryByTestId('base-env-problem')).toBeNull()

    await fireEvent.click(screen.getByTestId('reload-env'))
    await waitFor(() => expect(backend.reloads).toBe(1))
    await waitFor(() => expect(screen.getByTestId('base-env').textContent).toContain("Hum's own environment"))
    expect(screen.getByTestId('base-env-problem').textContent).toContain('did not finish within 5s')
    expect(ui.toasts.at(-1)?.text).toContain('did not finish within 5s')
  })

  it('shows each kind of notification as saved and turns one off', async () => {
    render(SettingsMenu)
    await fireEvent.click(screen.getByTestId('settings'))
    const crashed = screen.getByTestId('notify-crashed') as HTMLInputElement
    await waitFor(() => expect(crashed.disabled).toBe(false))
    expect(crashed.checked).toBe(true)
    expect((screen.getByTestId('notify-crashLoop') as HTMLInputElement).checked).toBe(false)
    expect(screen.getByTestId('settings-panel').textContent).toContain('A build finished')
    expect((screen.getByTestId('notify-ready') as HTMLInputElement).checked, 'readiness is off unless asked for').toBe(false)
    expect((screen.getByTestId('notify-terminal') as HTMLInputElement).checked).toBe(true)

    await fireEvent.click(crashed)
    await waitFor(() => expect(backend.notifyCalls).toEqual([{ crashed: false, crashLoop: false, finished: true, ready: false, terminal: true }]))
    await waitFor(() => expect(crashed.disabled).toBe(false))
    expect(crashed.checked).toBe(false)
    expect((screen.getByTestId('notify-finished') as HTMLInputElement).checked).toBe(true)
  })

  it('closes with Escape', async () => {
    render(SettingsMenu)
    await fireEvent.click(screen.getByTestId('settings'))
    expect(screen.getByTestId('settings-panel')).toBeTruthy()
    await fireEvent.keyDown(window, { key: 'Escape' })
    expect(screen.queryByTestId('settings-panel')).toBeNull()
  })
})
