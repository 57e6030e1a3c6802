// The sidebar's Groups section: each group with how many of its members
// run, counted live from the processes store, and buttons that start and
// stop the whole group.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { cleanup, fireEvent, render, waitFor } from '@testing-library/svelte'
import { flushSync } from 'svelte'
import type { ProcState, ProjectView, StackGroup } from '../lib/types'

const api = vi.hoisted(() => ({
  startGroup: vi.fn(async () => []),
  stopGroup: vi.fn(async () => {}),
  setAutostartGroup: vi.fn(async (group: string) => ({ group, chosen: true, fileDefault: 'dev', approved: false })),
  autostart: vi.fn(async () => ({ group: 'dev', chosen: false, fileDefault: 'dev', approved: true })),
  createGroup: vi.fn(),
  deleteGroup: vi.fn(),
  removeFromGroup: vi.fn(),
  addProcess: vi.fn(),
}))
vi.mock('../lib/api', () => ({ api }))

import GroupList from './GroupList.svelte'
import { processes } from '../stores/processes.svelte'
import { project } from '../stores/project.svelte'
import { autostart } from '../stores/autostart.svelte'
import { ui } from '../stores/ui.svelte'

const DB = 'hum.yaml:hum.yaml:db'
const WEB = 'procfile:Procfile:web'

const view: ProjectView = {
  root: '/p', name: 'p', serial: 1, revision: 0, problems: [], favourites: [],
  groups: [
    { source: 'hum.yaml', label: 'hum.yaml', problems: [], scripts: [{ id: DB, source: 'hum.yaml', name: 'db', command: 'postgres', run: 'postgres', dir: '.' }] },
    { source: 'procfile', label: 'Procfile', problems: [], scripts: [{ id: WEB, source: 'procfile', name: 'web', command: 'node s.js', run: 'node s.js', dir: '.' }] },
  ],
}

const dev: StackGroup = { name: 'dev', description: 'db and web', members: [DB, WEB], running: 0, autostart: true }
const empty: StackGroup = { name: 'later', description: '', members: [], running: 0, autostart: false }

function proc(id: string, scriptId: string, status: ProcState['status'], version = 1): ProcState {
  return {
    id, scriptId, name: id, source: 'x', command: 'x', dir: '/p', status, pid: 1, startedAt: 1, endedAt: 0,
    exitCode: 0, err: '', restarts: 0, version, cpu: 0, rss: 0, urls: null,
  }
}

function row(container: HTMLElement, name: string): HTMLElement {
  return container.querySelector(`[data-testid=group][data-name="${name}"]`) as HTMLElement
}

describe('GroupList', () => {
  beforeEach(() => {
    project.view = view
  })
  afterEach(() => {
    cleanup()
    processes.clear()
    project.view = null
    autostart.status = null
    vi.clearAllMocks()
  })

  it('offers a new group and a new process when there are no groups, and shows nothing without a project', () => {
    const { container } = render(GroupList, { groups: [] })
    expect(container.querySelector('[data-testid=groups-empty]')).not.toBeNull()
    expect(container.querySelector('[data-testid=group-new]')).not.toBeNull()
    expect(container.querySelector('[data-testid=process-new]')).not.toBeNull()
    cleanup()
    project.view = null
    const again = render(GroupList, { groups: [] })
    expect(again.container.querySelector('[data-testid=groups]')).toBeNull()
  })

  it('lists each group with its members by name and counts what runs', () => {
    const { container } = render(GroupList, { groups: [dev, empty] })
    const r = row(container, 'dev')
    expect(r.textContent).toContain('db, web')
    expect(r.querySelector('[data-testid=group-count]')!.textContent).toBe('0/2')
    expect((r.querySelector('[data-testid=group-stop]') as HTMLButtonElement).disabled).toBe(true)
    expect((r.querySelector('[data-testid=group-start]') as HTMLButtonElement).disabled).toBe(false)
    expect((row(container, 'later').querySelector('[data-testid=group-start]') as HTMLButtonElement).disabled).toBe(true)

    processes.apply({ states: [proc('p1', DB, 'running')], removed: [], full: false })
    flushSync()
    expect(r.querySelector('[data-testid=group-count]')!.textContent).toBe('1/2')
    expect((r.querySelector('[data-testid=group-stop]') as HTMLButtonElement).disabled).toBe(false)

    processes.apply({ states: [proc('p2', WEB, 'running')], removed: [], full: false })
    flushSync()
    expect(r.querySelector('[data-testid=group-count]')!.textContent).toBe('2/2')
    expect((r.querySelector('[data-testid=group-start]') as HTMLButtonElement).disabled).toBe(true) // everything runs

    processes.apply({ states: [proc('p2', WEB, 'failed', 2)], removed: [], full: false })
    flushSync()
    expect(r.querySelector('[data-testid=group-count]')!.textContent).toBe('1/2') // an ended member is not counted
  })

  it('starts and stops the whole group', async () => {
    const { container } = render(GroupList, { groups: [dev] })
    const r = row(container, 'dev')
    await fireEvent.click(r.querySelector('[data-testid=group-start]')!)
    expect(api.startGroup).toHaveBeenCalledWith('dev')

    processes.apply({ states: [proc('p1', DB, 'running')], removed: [], full: false })
    flushSync()
    await fireEvent.click(r.querySelector('[data-testid=group-stop]')!)
    expect(api.stopGroup).toHaveBeenCalledWith('dev')
  })

  it("ticks the group that starts on open for this user, and changes it in the user's config", async () => {
    autostart.status = { group: 'dev', chosen: false, fileDefault: 'dev', approved: true }
    const other: StackGroup = { name: 'jobs', description: '', members: [WEB], running: 0, autostart: false }
    const { container } = render(GroupList, { groups: [dev, other] })
    const box = (name: string) => row(container, name).querySelector('[data-testid=group-autostart]') as HTMLInputElement
    expect(box('dev').checked).toBe(true)
    expect(box('jobs').checked).toBe(false)
    expect(box('dev').closest('label')!.title).toContain("hum.yaml's default is dev")

    await fireEvent.click(box('jobs'))
    expect(api.setAutostartGroup).toHaveBeenCalledWith('jobs')
    flushSync()
    expect(box('jobs').checked).toBe(true)
    expect(box('dev').checked).toBe(false)
    expect(box('jobs').closest('label')!.title).toContain('Hum asks before its commands first run')

    await fireEvent.click(box('jobs')) // off: none starts for this user
    expect(api.setAutostartGroup).toHaveBeenLastCalledWith('')
  })

  it('a choice that could not be saved leaves the box as it was', async () => {
    autostart.status = { group: 'dev', chosen: false, fileDefault: 'dev', approved: true }
    api.setAutostartGroup.mockRejectedValueOnce({ code: 'permission', message: 'config.json: permission denied' })
    const { container } = render(GroupList, { groups: [dev] })
    const box = row(container, 'dev').querySelector('[data-testid=group-autostart]') as HTMLInputElement
    await fireEvent.click(box)
    await waitFor(() => expect(api.setAutostartGroup).toHaveBeenCalledWith(''))
    await waitFor(() => expect(box.checked).toBe(true))
    expect(ui.toasts.map((t) => t.text).join()).toContain('permission denied')
  })

  it('has no autostart for a group without members', () => {
    autostart.status = { group: '', chosen: false, fileDefault: '', approved: false }
    const { container } = render(GroupList, { groups: [empty] })
    expect((row(container, 'later').querySelector('[data-testid=group-autostart]') as HTMLInputElement).disabled).toBe(true)
  })

  it('creates a group from the header, and keeps the name typed when hum.yaml refuses it', async () => {
    api.createGroup.mockRejectedValueOnce({ code: 'name_taken', message: 'the name is taken already: group "dev"' })
    const { container } = render(GroupList, { groups: [dev] })
    await fireEvent.click(container.querySelector('[data-testid=group-new]')!)
    const input = container.querySelector('[data-testid=group-new-name]') as HTMLInputElement
    await fireEvent.input(input, { target: { value: 'dev' } })
    await fireEvent.submit(container.querySelector('[data-testid=group-form]')!)
    await vi.waitFor(() => expect(ui.toasts.some((t) => t.text.includes('the name is taken already'))).toBe(true))
    expect(api.createGroup).toHaveBeenCalledWith('dev', [])
    expect((container.querySelector('[data-testid=group-new-name]') as HTMLInputElement).value).toBe('dev')

    api.createGroup.mockResolvedValueOnce({ ...view, revision: 1 })
    await fireEvent.input(input, { target: { value: 'ci' } })
    await fireEvent.submit(container.querySelector('[data-testid=group-form]')!)
    await vi.waitFor(() => expect(container.querySelector('[data-testid=group-form]')).toBeNull())
    expect(api.createGroup).toHaveBeenLastCalledWith('ci', [])
    expect(project.view?.revision).toBe(1)
  })

  it('adds a process with its command and folder', async () => {
    api.addProcess.mockResolvedValueOnce({ ...view, revision: 1 })
    const { container } = render(GroupList, { groups: [] })
    await fireEvent.click(container.querySelector('[data-testid=process-new]')!)
    const add = container.querySelector('[data-testid=process-add]') as HTMLButtonElement
    expect(add.disabled).toBe(true)
    await fireEvent.input(container.querySelector('[data-testid=process-name]')!, { target: { value: 'mail' } })
    await fireEvent.input(container.querySelector('[data-testid=process-command]')!, { target: { value: 'mailpit --smtp :1025' } })
    await fireEvent.input(container.querySelector('[data-testid=process-dir]')!, { target: { value: 'tools' } })
    expect(add.disabled).toBe(false)
    await fireEvent.click(add)
    await vi.waitFor(() => expect(container.querySelector('[data-testid=process-form]')).toBeNull())
    expect(api.addProcess).toHaveBeenCalledWith('mail', 'mailpit --smtp :1025', 'tools')
  })

  it('removes a member, and deletes the group only once confirmed', async () => {
    api.removeFromGroup.mockResolvedValueOnce({ ...view, revision: 1 })
    api.deleteGroup.mockResolvedValueOnce({ ...view, revision: 2 })
    const { container } = render(GroupList, { groups: [dev] })
    const r = row(container, 'dev')
    await fireEvent.click(r.querySelector('[data-testid=group-edit]')!)
    const members = [...r.querySelectorAll('[data-testid=member]')].map((m) => m.textContent?.replace('×', '').trim())
    expect(members).toEqual(['db', 'web'])
    await fireEvent.click(r.querySelector(`[data-testid=member][data-id="${WEB}"] [data-testid=member-remove]`)!)
    expect(api.removeFromGroup).toHaveBeenCalledWith('dev', WEB)

    await fireEvent.click(r.querySelector('[data-testid=group-delete]')!)
    expect(api.deleteGroup).not.toHaveBeenCalled()
    expect(r.querySelector('[data-testid=group-delete-confirm]')!.textContent).toContain('Delete dev from hum.yaml?')
    await fireEvent.click(r.querySelector('[data-testid=group-delete-yes]')!)
    expect(api.deleteGroup).toHaveBeenCalledWith('dev')
  })
})
