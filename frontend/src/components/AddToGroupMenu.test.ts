// A script row's "Add to group ▸" menu: hum.yaml's groups, the ones the
// script is in ticked, and a new group made with the script in it.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { cleanup, fireEvent, render } from '@testing-library/svelte'
import type { ProjectView, Script } from '../lib/types'

const api = vi.hoisted(() => ({
  addToGroup: vi.fn(),
  createGroup: vi.fn(),
}))
vi.mock('../lib/api', () => ({ api }))

import AddToGroupMenu from './AddToGroupMenu.svelte'
import { groups } from '../stores/groups.svelte'
import { project } from '../stores/project.svelte'
import { ui } from '../stores/ui.svelte'

const WEB = 'procfile:Procfile:web'
const web: Script = { id: WEB, source: 'procfile', name: 'web', command: 'node s.js', run: 'node s.js', dir: '.' }
const view: ProjectView = { root: '/p', name: 'p', serial: 1, revision: 0, problems: [], favourites: [], groups: [] }

describe('AddToGroupMenu', () => {
  beforeEach(() => {
    project.view = view
    groups.list = [
      { name: 'dev', description: '', members: [WEB], running: 0, autostart: false },
      { name: 'jobs', description: '', members: [], running: 0, autostart: false },
    ]
  })
  afterEach(() => {
    cleanup()
    project.view = null
    groups.list = []
    vi.clearAllMocks()
  })

  it('lists the groups, ticks the one the script is in, and adds it to another', async () => {
    api.addToGroup.mockResolvedValueOnce({ ...view, revision: 1 })
    const { container } = render(AddToGroupMenu, { script: web })
    expect(container.querySelector('[data-testid=add-to-group-menu]')).toBeNull()
    await fireEvent.click(container.querySelector('[data-testid=add-to-group]')!)
    const items = [...container.querySelectorAll<HTMLButtonElement>('[data-testid=add-to-group-item]')]
    expect(items.map((b) => [b.dataset.group, b.disabled, b.textContent?.includes('✓')])).toEqual([['dev', true, true], ['jobs', false, false]])
    await fireEvent.click(items[1])
    expect(api.addToGroup).toHaveBeenCalledWith('jobs', WEB)
    await vi.waitFor(() => expect(container.querySelector('[data-testid=add-to-group-menu]')).toBeNull())
    expect(project.view?.revision).toBe(1)
  })

  it('makes a new group with the script, and says why when it cannot', async () => {
    api.createGroup.mockRejectedValueOnce({ code: 'changed_on_disk', message: 'hum.yaml changed on disk meanwhile; nothing was written, try again' })
    const { container } = render(AddToGroupMenu, { script: web })
    await fireEvent.click(container.querySelector('[data-testid=add-to-group]')!)
    await fireEvent.click(container.querySelector('[data-testid=add-to-group-new]')!)
    const input = container.querySelector('[data-testid=add-to-group-name]') as HTMLInputElement
    await fireEvent.input(input, { target: { value: 'api' } })
    await fireEvent.click(container.querySelector('[data-testid=add-to-group-create]')!)
    expect(api.createGroup).toHaveBeenCalledWith('api', [WEB])
    await vi.waitFor(() => expect(ui.toasts.some((t) => t.text.includes('changed on disk meanwhile'))).toBe(true))
    expect((container.querySelector('[data-testid=add-to-group-name]') as HTMLInputElement).value).toBe('api')
  })
})
