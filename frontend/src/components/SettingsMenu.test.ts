import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte'
import type { Settings } from '../lib/types'

// The backend as the settings store sees it: one saved value, in memory.
const backend = vi.hoisted(() => ({ saved: { closeToTray: true } as Settings, calls: [] as boolean[] }))
vi.mock('../lib/api', () => ({
  api: {
    settings: async () => ({ ...backend.saved }),
    setCloseToTray: async (on: boolean) => {
      backend.calls.push(on)
      backend.saved = { closeToTray: on }
      return { ...backend.saved }
    },
  },
}))

import SettingsMenu from './SettingsMenu.svelte'

describe('SettingsMenu', () => {
  beforeEach(() => {
    backend.saved = { closeToTray: false }
    backend.calls = []
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

  it('closes with Escape', async () => {
    render(SettingsMenu)
    await fireEvent.click(screen.getByTestId('settings'))
    expect(screen.getByTestId('settings-panel')).toBeTruthy()
    await fireEvent.keyDown(window, { key: 'Escape' })
    expect(screen.queryByTestId('settings-panel')).toBeNull()
  })
})
