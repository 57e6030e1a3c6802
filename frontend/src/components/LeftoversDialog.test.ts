import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte'
import type { Leftover } from '../lib/types'

// The backend as the dialog sees it: what the last Hum left, and a log of answers.
const backend = vi.hoisted(() => ({
  left: [] as Leftover[],
  answers: [] as string[],
  release: () => {},
}))
vi.mock('../lib/api', () => ({
  api: {
    leftovers: async () => backend.left.map((l) => ({ ...l })),
    stopLeftovers: () => {
      backend.answers.push('stop')
      return new Promise<void>((resolve) => (backend.release = resolve)) // stopping takes up to a second
    },
    leaveLeftovers: async () => {
      backend.answers.push('leave')
    },
  },
}))

import LeftoversDialog from './LeftoversDialog.svelte'
import { leftovers } from '../stores/leftovers.svelte'

const three: Leftover[] = [
  { pgid: 4242, members: 3, command: 'sh -c npm run dev' },
  { pgid: 4250, members: 1, command: 'node server.js' },
  { pgid: 4301, members: 1, command: '' },
]

describe('LeftoversDialog', () => {
  beforeEach(() => {
    backend.left = []
    backend.answers = []
    leftovers.list = []
  })
  afterEach(() => cleanup())

  it('shows nothing when the last Hum left nothing running', async () => {
    render(LeftoversDialog)
    await leftovers.load()
    expect(screen.queryByTestId('leftovers')).toBeNull()
  })

  it('lists each command with its PID, and Leave them has the focus', async () => {
    backend.left = three
    render(LeftoversDialog)
    await leftovers.load()
    const dialog = await screen.findByTestId('leftovers')
    expect(dialog.textContent).toContain('Hum quit unexpectedly')
    expect(dialog.textContent).toContain('3 processes from last time are still running')
    const rows = screen.getAllByTestId('leftover').map((r) => r.textContent?.replace(/\s+/g, ' ').trim())
    expect(rows).toEqual([
      'sh -c npm run dev PID 4242, 3 processes',
      'node server.js PID 4250',
      '(command unknown) PID 4301',
    ])
    // The dialog appeared by itself: Enter must not stop anything.
    expect(document.activeElement).toBe(screen.getByTestId('leftovers-leave'))
    expect(backend.answers).toEqual([])
  })

  it('Stop them stops them, once', async () => {
    backend.left = three.slice(1, 2)
    render(LeftoversDialog)
    await leftovers.load()
    expect((await screen.findByTestId('leftovers')).textContent).toContain('1 process from last time is still running')
    await fireEvent.click(screen.getByTestId('leftovers-stop'))
    expect((screen.getByTestId('leftovers-stop') as HTMLButtonElement).disabled).toBe(true)
    expect((screen.getByTestId('leftovers-leave') as HTMLButtonElement).disabled).toBe(true)
    await leftovers.stop() // a second click, had the button let it through
    backend.release()
    await waitFor(() => expect(screen.queryByTestId('leftovers')).toBeNull())
    expect(backend.answers).toEqual(['stop'])
  })

  it('Leave them and Escape leave them running', async () => {
    backend.left = three
    render(LeftoversDialog)
    await leftovers.load()
    await fireEvent.click(await screen.findByTestId('leftovers-leave'))
    expect(screen.queryByTestId('leftovers')).toBeNull()
    await waitFor(() => expect(backend.answers).toEqual(['leave']))

    await leftovers.load()
    await fireEvent.keyDown(await screen.findByTestId('leftovers-stop'), { key: 'Escape' })
    expect(screen.queryByTestId('leftovers')).toBeNull()
    await waitFor(() => expect(backend.answers).toEqual(['leave', 'leave']))
  })

  it('keys in the dialog never reach the window shortcuts', async () => {
    backend.left = three
    render(LeftoversDialog)
    await leftovers.load()
    const seen: string[] = []
    const onKey = (e: KeyboardEvent) => seen.push(e.key)
    window.addEventListener('keydown', onKey)
    await fireEvent.keyDown(await screen.findByTestId('leftovers-leave'), { key: 's' })
    window.removeEventListener('keydown', onKey)
    expect(seen).toEqual([])
  })
})
