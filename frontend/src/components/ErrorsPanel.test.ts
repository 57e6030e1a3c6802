import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte'
import { flushSync } from 'svelte'
import type { ErrorEntry } from '../lib/types'

const opened = vi.hoisted(() => [] as [string, number, number][])
vi.mock('../lib/api', () => ({
  api: {
    openInEditor: async (file: string, line: number, column: number) => {
      opened.push([file, line, column])
      return { file, line, column, editor: 'code', how: 'goto' }
    },
  },
}))

import ErrorsPanel from './ErrorsPanel.svelte'
import { errors } from '../stores/errors.svelte'
import { ui } from '../stores/ui.svelte'

function entry(id: number, title: string, frames: ErrorEntry['frames']): ErrorEntry {
  return { id, proc: 'p1', time: 1_700_000_000_000 + id, kind: 'node', title, text: title, frames }
}

const crash = entry(7, 'TypeError: x is not a function', [
  { file: 'node:internal/modules/cjs/loader', line: 1, column: 1, func: 'Module._compile' },
  { file: '/src/app/node_modules/express/lib/router.js', line: 284, column: 7, func: 'handle' },
  { file: '/src/app/server.js', line: 12, column: 5, func: 'start' },
  { file: '/src/app/main.js', line: 3, column: 1, func: '' },
])

describe('a click on a crash notification', () => {
  beforeEach(() => {
    errors.clear()
    opened.length = 0
    ui.selected = ''
    ui.tab = 'logs'
    ui.errorFocus = null
  })
  afterEach(() => cleanup())

  it('selects the process and opens its Errors tab on the error, its first user frame one key from the editor', async () => {
    errors.add([entry(6, 'Error: older', []), crash])
    ui.reveal({ procId: 'p1', errorId: 7 })
    expect(ui.selected).toBe('p1')
    expect(ui.tab).toBe('errors')

    render(ErrorsPanel, { view: 'p1' })
    const button = await screen.findByTestId('open-user-frame')
    expect(button.textContent?.trim()).toBe('Open server.js:12')
    await waitFor(() => expect(document.activeElement).toBe(button))
    expect(button.closest('article')?.classList.contains('revealed')).toBe(true)
    expect(ui.errorFocus, 'told once: a later re-render does not steal the focus again').toBeNull()

    await fireEvent.click(button)
    await waitFor(() => expect(opened).toEqual([['/src/app/server.js', 12, 5]]))
  })

  it('waits for an error that arrives after the click', async () => {
    render(ErrorsPanel, { view: 'p1' })
    ui.reveal({ procId: 'p1', errorId: 7 })
    flushSync()
    expect(ui.errorFocus).not.toBeNull()
    errors.add([crash])
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('open-user-frame')))
    expect(ui.errorFocus).toBeNull()
  })

  it('selects only the process when the notification named no error, or sent a plain ID', () => {
    ui.reveal({ procId: 'p2' })
    expect([ui.selected, ui.tab, ui.errorFocus]).toEqual(['p2', 'logs', null])
    ui.reveal('p3')
    expect(ui.selected).toBe('p3')
  })
})
