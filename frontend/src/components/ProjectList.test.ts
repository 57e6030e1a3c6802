// The sidebar's list of open projects: each with its running and failed
// counts, the active one marked; a click switches (stopping nothing), and
// closing one whose processes run asks first.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte'
import type { ProjectSummary, ProjectView } from '../lib/types'

const backend = vi.hoisted(() => ({
  list: [] as ProjectSummary[],
  calls: [] as string[],
  /** The code CloseProject fails with when not forced, '' for none. */
  refuse: '',
}))
vi.mock('../lib/api', () => ({
  api: {
    projects: async () => backend.list.map((p) => ({ ...p })),
    switchProject: async (root: string) => {
      backend.calls.push(`switch ${root}`)
      backend.list = backend.list.map((p) => ({ ...p, active: p.root === root }))
      return { root, name: root.slice(1), serial: 7, revision: 0, groups: [], problems: [], favourites: [] } satisfies ProjectView
    },
    closeProject: async (root: string, force: boolean) => {
      backend.calls.push(`close ${root}${force ? ' force' : ''}`)
      if (!force && backend.refuse) throw { code: backend.refuse, message: 'the project has running processes' }
      backend.list = backend.list.filter((p) => p.root !== root)
    },
    recentProjects: async () => [],
    pickFolder: async () => '',
  },
}))

import ProjectList from './ProjectList.svelte'
import { projects } from '../stores/projects.svelte'
import { project } from '../stores/project.svelte'

const api: ProjectSummary = { root: '/api', name: 'api', active: false, running: 3, failed: 1, total: 5 }
const web: ProjectSummary = { root: '/web', name: 'web', active: true, running: 0, failed: 0, total: 0 }

function rows(): string[] {
  return screen.getAllByTestId('project').map((r) => r.textContent!.replace(/\s+/g, ' ').trim())
}

describe('ProjectList', () => {
  beforeEach(() => {
    backend.list = [api, web]
    backend.calls = []
    backend.refuse = ''
    projects.list = []
    projects.closing = null
    project.view = null
  })
  afterEach(() => cleanup())

  it('lists every open project with its counts and marks the active one', async () => {
    render(ProjectList)
    await projects.load()
    await waitFor(() => expect(rows()).toEqual(['api 3 running 1 failed ×', 'web ×']))
    const active = screen.getAllByTestId('project').filter((r) => r.dataset.active === 'true')
    expect(active.map((r) => r.dataset.root)).toEqual(['/web'])
  })

  it('follows the counts of the "projects" event', async () => {
    render(ProjectList)
    projects.take([{ ...api, running: 1, failed: 0 }, web])
    await waitFor(() => expect(rows()[0]).toBe('api 1 running ×'))
  })

  it('switches on a click, and shows the project it switched to', async () => {
    render(ProjectList)
    await projects.load()
    await fireEvent.click(await screen.findByTitle('/api'))
    await waitFor(() => expect(project.view?.root).toBe('/api'))
    expect(backend.calls).toEqual(['switch /api'])
    expect(screen.getAllByTestId('project').find((r) => r.dataset.active === 'true')?.dataset.root).toBe('/api')
    // The active one again: nothing to do.
    await fireEvent.click(screen.getByTitle('/api'))
    expect(backend.calls).toEqual(['switch /api'])
  })

  it('closes a project with nothing running at once', async () => {
    render(ProjectList)
    await projects.load()
    await fireEvent.click(screen.getByLabelText('Close web'))
    await waitFor(() => expect(rows()).toEqual(['api 3 running 1 failed ×']))
    expect(backend.calls).toEqual(['close /web'])
    expect(screen.queryByTestId('project-close-confirm')).toBeNull()
  })

  it('asks before closing one whose processes run; Cancel has the focus and closes nothing', async () => {
    render(ProjectList)
    await projects.load()
    await fireEvent.click(screen.getByLabelText('Close api'))
    const dialog = await screen.findByTestId('project-close-confirm')
    expect(dialog.textContent).toContain('api has 3 running processes')
    expect(backend.calls).toEqual([]) // nothing asked of the backend yet
    expect(document.activeElement).toBe(screen.getByTestId('project-close-cancel'))

    await fireEvent.click(screen.getByTestId('project-close-cancel'))
    await waitFor(() => expect(screen.queryByTestId('project-close-confirm')).toBeNull())
    expect(backend.calls).toEqual([])
    expect(rows()).toHaveLength(2)

    await fireEvent.click(screen.getByLabelText('Close api'))
    await fireEvent.click(await screen.findByTestId('project-close-stop'))
    await waitFor(() => expect(rows()).toEqual(['web ×']))
    expect(backend.calls).toEqual(['close /api force'])
  })

  it('Escape answers Cancel', async () => {
    render(ProjectList)
    await projects.load()
    await fireEvent.click(screen.getByLabelText('Close api'))
    await fireEvent.keyDown(await screen.findByTestId('project-close-confirm'), { key: 'Escape' })
    await waitFor(() => expect(screen.queryByTestId('project-close-confirm')).toBeNull())
    expect(backend.calls).toEqual([])
  })

  it('asks when a process started after the list was read', async () => {
    backend.list = [{ ...web, running: 0 }]
    backend.refuse = 'project_running'
    render(ProjectList)
    await projects.load()
    await fireEvent.click(screen.getByLabelText('Close web'))
    const dialog = await screen.findByTestId('project-close-confirm')
    expect(dialog.textContent).toContain('web has 1 running process')
    expect(backend.calls).toEqual(['close /web'])
  })
})
