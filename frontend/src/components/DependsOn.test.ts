import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte'
import type { Dependency, ProjectView } from '../lib/types'

// The backend: what Dependencies answers, and the calls made.
const backend = vi.hoisted(() => ({
  deps: [] as Dependency[],
  calls: [] as unknown[][],
  fail: null as null | { code: string; message: string },
}))
vi.mock('../lib/api', () => ({
  api: {
    dependencies: async () => backend.deps,
    setDependency: async (...args: unknown[]) => {
      backend.calls.push(['set', ...args])
      if (backend.fail) throw backend.fail
      return view(2)
    },
    removeDependency: async (...args: unknown[]) => {
      backend.calls.push(['remove', ...args])
      if (backend.fail) throw backend.fail
      return view(3)
    },
    recentProjects: async () => [],
  },
}))

import DependsOn from './DependsOn.svelte'
import { project } from '../stores/project.svelte'
import { ui } from '../stores/ui.svelte'

function view(revision: number): ProjectView {
  const script = (id: string, name: string, source: string) => ({ id, name, source, command: name, run: name, dir: '.' })
  return {
    root: '/p', name: 'p', serial: 1, revision, problems: [], favourites: [],
    groups: [
      { source: 'hum.yaml', label: 'hum.yaml', problems: [], scripts: [script('hum.yaml:hum.yaml:db', 'db', 'hum.yaml'), script('hum.yaml:hum.yaml:api', 'api', 'hum.yaml')] },
      { source: 'npm', label: 'package.json', problems: [], scripts: [script('npm:package.json:migrate', 'migrate', 'npm')] },
    ],
  }
}

const API = 'hum.yaml:hum.yaml:api'

describe('DependsOn', () => {
  beforeEach(() => {
    backend.deps = [{ id: 'hum.yaml:hum.yaml:db', ref: 'db', name: 'db', condition: 'ready' }]
    backend.calls = []
    backend.fail = null
    project.view = view(1)
    ui.toasts = []
  })
  afterEach(() => cleanup())

  it('lists the dependencies with their conditions', async () => {
    render(DependsOn, { scriptId: API, name: 'api' })
    await waitFor(() => expect(screen.getAllByTestId('dependency')).toHaveLength(1))
    expect(screen.getByTestId('dependency').textContent).toContain('db')
    expect(screen.getByTestId('dependency').textContent).toContain('ready')
  })

  it('adds one with the keyboard: a process and a condition', async () => {
    render(DependsOn, { scriptId: API, name: 'api' })
    await waitFor(() => screen.getByTestId('dependency'))
    await fireEvent.click(screen.getByTestId('dependency-new'))
    const pick = screen.getByTestId('dependency-pick') as HTMLSelectElement
    expect(document.activeElement, 'the picker takes the focus').toBe(pick)
    const offered = [...pick.querySelectorAll('option')].map((o) => o.value).filter(Boolean)
    expect(offered, 'neither itself nor what it depends on already').toEqual(['npm:package.json:migrate'])
    await fireEvent.change(pick, { target: { value: 'npm:package.json:migrate' } })
    await fireEvent.change(screen.getByTestId('dependency-condition'), { target: { value: 'completed_successfully' } })
    await fireEvent.submit(screen.getByTestId('dependency-form'))
    await waitFor(() => expect(backend.calls).toEqual([['set', API, 'npm:package.json:migrate', 'completed_successfully']]))
    await waitFor(() => expect(screen.queryByTestId('dependency-form')).toBeNull())
    expect(project.view?.revision, 'the edited project is shown').toBe(2)
  })

  it('says why an edit failed and keeps the form', async () => {
    backend.fail = { code: 'cannot_edit', message: 'hum.yaml is laid out in a way Hum cannot edit in place; edit it by hand' }
    render(DependsOn, { scriptId: API, name: 'api' })
    await waitFor(() => screen.getByTestId('dependency'))
    await fireEvent.click(screen.getByTestId('dependency-new'))
    await fireEvent.change(screen.getByTestId('dependency-pick'), { target: { value: 'npm:package.json:migrate' } })
    await fireEvent.submit(screen.getByTestId('dependency-form'))
    await waitFor(() => expect(ui.toasts).toHaveLength(1))
    expect(ui.toasts[0].text).toBe('Could not make api depend on migrate: hum.yaml is laid out in a way Hum cannot edit in place; edit it by hand')
    expect(screen.getByTestId('dependency-form'), 'what was picked stays').toBeTruthy()

    await fireEvent.keyDown(screen.getByTestId('dependency-pick'), { key: 'Escape' })
    await waitFor(() => expect(screen.queryByTestId('dependency-form')).toBeNull())
    expect(document.activeElement).toBe(screen.getByTestId('dependency-new'))
  })

  it('removes one', async () => {
    render(DependsOn, { scriptId: API, name: 'api' })
    await waitFor(() => screen.getByTestId('dependency'))
    await fireEvent.click(screen.getByRole('button', { name: 'Remove the dependency on db' }))
    await waitFor(() => expect(backend.calls).toEqual([['remove', API, 'hum.yaml:hum.yaml:db']]))
  })
})
