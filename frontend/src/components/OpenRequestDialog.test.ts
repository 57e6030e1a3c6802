import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte'
import type { OpenRequest, ProjectView } from '../lib/types'

// The backend as the dialog sees it: one waiting request, and a log of answers.
const backend = vi.hoisted(() => ({
  pending: { id: '', dir: '', current: '', running: 0 } as OpenRequest,
  accepted: [] as string[],
  declined: [] as string[],
}))
vi.mock('../lib/api', () => ({
  api: {
    pendingOpenRequest: async () => ({ ...backend.pending }),
    acceptOpenRequest: async (id: string): Promise<ProjectView> => {
      backend.accepted.push(id)
      return { root: '/home/u/x', name: 'x', serial: 2, revision: 0, groups: [], problems: [], favourites: [] }
    },
    declineOpenRequest: async (id: string) => {
      backend.declined.push(id)
    },
    recentProjects: async () => [],
  },
}))

import OpenRequestDialog from './OpenRequestDialog.svelte'
import { openRequest } from '../stores/openrequest.svelte'
import { project } from '../stores/project.svelte'

const req: OpenRequest = { id: 'abc', dir: '/home/u/x', current: '/home/u/y', running: 3 }

describe('OpenRequestDialog', () => {
  beforeEach(() => {
    backend.pending = { id: '', dir: '', current: '', running: 0 }
    backend.accepted = []
    backend.declined = []
    openRequest.request = null
  })
  afterEach(() => cleanup())

  it('shows nothing until a second launch asks', () => {
    render(OpenRequestDialog)
    expect(screen.queryByTestId('open-request')).toBeNull()
  })

  it('says what opening stops, and only Open opens', async () => {
    render(OpenRequestDialog)
    openRequest.show(req)
    const dialog = await screen.findByTestId('open-request')
    expect(dialog.textContent).toContain('Open /home/u/x?')
    expect(dialog.textContent).toMatch(/3 processes are running in\s+\/home\/u\/y and will be stopped/)
    expect(backend.accepted).toEqual([])
    // The dialog appeared by itself: Enter must not open, so Cancel has the focus.
    expect(document.activeElement).toBe(screen.getByTestId('open-request-cancel'))

    await fireEvent.click(screen.getByTestId('open-request-open'))
    await waitFor(() => expect(backend.accepted).toEqual(['abc']))
    await waitFor(() => expect(screen.queryByTestId('open-request')).toBeNull())
    expect(project.view?.root).toBe('/home/u/x')
    expect(backend.declined).toEqual([])
  })

  it('Cancel and Escape decline, and open nothing', async () => {
    render(OpenRequestDialog)
    openRequest.show(req)
    await fireEvent.click(await screen.findByTestId('open-request-cancel'))
    expect(screen.queryByTestId('open-request')).toBeNull()
    await waitFor(() => expect(backend.declined).toEqual(['abc']))

    openRequest.show({ ...req, id: 'def', running: 1 })
    const dialog = await screen.findByTestId('open-request')
    expect(dialog.textContent).toMatch(/1 process is running/)
    await fireEvent.keyDown(screen.getByTestId('open-request-cancel'), { key: 'Escape' })
    expect(screen.queryByTestId('open-request')).toBeNull()
    await waitFor(() => expect(backend.declined).toEqual(['abc', 'def']))
    expect(backend.accepted).toEqual([])
  })

  it('keys in the dialog never reach the window shortcuts', async () => {
    render(OpenRequestDialog)
    openRequest.show(req)
    const seen: string[] = []
    const onKey = (e: KeyboardEvent) => seen.push(e.key)
    window.addEventListener('keydown', onKey)
    await fireEvent.keyDown(await screen.findByTestId('open-request-cancel'), { key: 's' })
    window.removeEventListener('keydown', onKey)
    expect(seen).toEqual([])
  })

  it('shows a request that came before the window listened', async () => {
    backend.pending = { ...req, id: 'early' }
    render(OpenRequestDialog)
    await openRequest.load()
    expect((await screen.findByTestId('open-request')).textContent).toContain('/home/u/x')
  })
})
