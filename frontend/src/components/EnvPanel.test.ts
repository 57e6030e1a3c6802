import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte'
import type { EnvVar, ProcState } from '../lib/types'

// The backend's answer to Env(proc), per process ID.
const backend = vi.hoisted(() => ({ env: {} as Record<string, EnvVar[]>, calls: [] as string[], restarts: [] as string[] }))
vi.mock('../lib/api', () => ({
  api: {
    env: async (id: string) => {
      backend.calls.push(id)
      if (!(id in backend.env)) throw { code: 'not_found', message: `no such process: ${id}` }
      return backend.env[id]
    },
    restart: async (id: string) => {
      backend.restarts.push(id)
      return undefined
    },
  },
}))

import EnvPanel from './EnvPanel.svelte'
import { processes } from '../stores/processes.svelte'

function proc(id: string, over: Partial<ProcState> = {}): ProcState {
  return {
    id, scriptId: 's', name: 'api', source: 'procfile', command: 'node api.js', dir: '/p', status: 'running',
    pid: 10, startedAt: 1000, endedAt: 0, exitCode: 0, err: '', restarts: 0, version: 1, cpu: 0, rss: 0, urls: null, ...over,
  }
}

const rows = () => screen.getAllByTestId('env-row')
const row = (name: string) => rows().find((r) => r.dataset.name === name)!
const valueOf = (name: string) => row(name).querySelector('[data-testid=env-value]')!.textContent
const layerOf = (name: string) => row(name).querySelector('[data-testid=env-layer]')!.textContent

describe('EnvPanel', () => {
  beforeEach(() => {
    backend.calls = []
    backend.restarts = []
    backend.env = {
      p000001: [
        { name: 'API_KEY', value: 'k-123', layer: '.env.local' },
        { name: 'DATABASE_URL', value: 'postgres://localhost/dev', layer: '.env' },
        { name: 'db_password', value: 'hunter2', layer: 'api.env' },
        { name: 'GITHUB_TOKEN', value: 'ghp_abc', layer: 'login shell' },
        { name: 'PATH', value: '/usr/bin', layer: 'login shell' },
        { name: 'PORT', value: '3000', layer: 'hum.yaml' },
      ],
      p000002: [{ name: 'OTHER', value: 'x', layer: "Hum's environment" }],
    }
    processes.apply({ states: [proc('p000001'), proc('p000002', { name: 'web' })], removed: [], full: true })
  })
  afterEach(() => cleanup())

  it('shows every variable with its layer and masks the ones that look secret', async () => {
    render(EnvPanel, { view: 'p000001' })
    await waitFor(() => expect(rows()).toHaveLength(6))
    expect(rows().map((r) => r.dataset.name)).toEqual(['API_KEY', 'DATABASE_URL', 'db_password', 'GITHUB_TOKEN', 'PATH', 'PORT'])
    expect(valueOf('DATABASE_URL')).toBe('postgres://localhost/dev')
    expect(layerOf('DATABASE_URL')).toBe('.env')
    expect(layerOf('GITHUB_TOKEN')).toBe('login shell')
    expect(layerOf('PORT')).toBe('hum.yaml')
    for (const secret of ['API_KEY', 'db_password', 'GITHUB_TOKEN']) {
      expect(valueOf(secret)).toBe('••••••••')
    }
    const text = screen.getByTestId('env-panel').textContent!
    for (const hidden of ['k-123', 'hunter2', 'ghp_abc']) expect(text).not.toContain(hidden)
    expect(row('PATH').querySelector('[data-testid=env-reveal]')).toBeNull()
  })

  it('reveals one secret on click and hides it again', async () => {
    render(EnvPanel, { view: 'p000001' })
    await waitFor(() => expect(rows()).toHaveLength(6))
    await fireEvent.click(screen.getByRole('button', { name: 'Show GITHUB_TOKEN' }))
    expect(valueOf('GITHUB_TOKEN')).toBe('ghp_abc')
    expect(valueOf('API_KEY')).toBe('••••••••') // only that one
    await fireEvent.click(screen.getByRole('button', { name: 'Hide GITHUB_TOKEN' }))
    expect(valueOf('GITHUB_TOKEN')).toBe('••••••••')
  })

  it('reads the environment again for a new run, with secrets masked again', async () => {
    render(EnvPanel, { view: 'p000001' })
    await waitFor(() => expect(rows()).toHaveLength(6))
    await fireEvent.click(screen.getByRole('button', { name: 'Show API_KEY' }))
    expect(valueOf('API_KEY')).toBe('k-123')

    backend.env.p000001 = [{ name: 'API_KEY', value: 'k-456', layer: '.env' }]
    processes.apply({ states: [proc('p000001', { restarts: 1, startedAt: 2000, version: 2 })], removed: [] })
    await waitFor(() => expect(rows()).toHaveLength(1))
    expect(valueOf('API_KEY')).toBe('••••••••')
    expect(layerOf('API_KEY')).toBe('.env')
    expect(backend.calls).toEqual(['p000001', 'p000001'])
  })

  it('filters by name, layer and unmasked values, never by a masked value', async () => {
    backend.env.p000001 = Array.from({ length: 20 }, (_, i) => ({ name: `VAR_${i}`, value: `v${i}`, layer: '.env' }))
    backend.env.p000001.push({ name: 'SESSION_SECRET', value: 'needle', layer: 'login shell' })
    render(EnvPanel, { view: 'p000001' })
    await waitFor(() => expect(rows()).toHaveLength(21))
    const box = screen.getByTestId('env-filter')
    await fireEvent.input(box, { target: { value: 'var_1' } })
    expect(rows().map((r) => r.dataset.name)).toEqual(['VAR_1', 'VAR_10', 'VAR_11', 'VAR_12', 'VAR_13', 'VAR_14', 'VAR_15', 'VAR_16', 'VAR_17', 'VAR_18', 'VAR_19'])
    await fireEvent.input(box, { target: { value: 'login' } })
    expect(rows().map((r) => r.dataset.name)).toEqual(['SESSION_SECRET'])
    await fireEvent.input(box, { target: { value: 'needle' } })
    expect(screen.queryAllByTestId('env-row')).toHaveLength(0)
    expect(screen.getByTestId('env-panel').textContent).toContain('No variable matches')
  })

  it('has no filter box for a few variables, and asks to pick a process in the All view', async () => {
    const { unmount } = render(EnvPanel, { view: 'p000002' })
    await waitFor(() => expect(rows()).toHaveLength(1))
    expect(screen.queryByTestId('env-filter')).toBeNull()
    expect(layerOf('OTHER')).toBe("Hum's environment")
    unmount()
    render(EnvPanel, { view: '' })
    expect(screen.getByTestId('env-panel').textContent).toMatch(/Select a process/)
    expect(backend.calls).toEqual(['p000002'])
  })

  it('says when an env file changed since the start, and restarts on request only', async () => {
    processes.apply({ states: [proc('p000001', { envChanged: '.env, api.env', version: 3 })], removed: [] })
    render(EnvPanel, { view: 'p000001' })
    await waitFor(() => expect(rows()).toHaveLength(6))
    expect(screen.getByTestId('env-stale').textContent).toContain('.env, api.env changed since this process started')
    expect(backend.restarts).toEqual([])
    await fireEvent.click(screen.getByTestId('env-restart'))
    await waitFor(() => expect(backend.restarts).toEqual(['p000001']))

    processes.apply({ states: [proc('p000001', { envChanged: '.env', status: 'stopped', version: 4 })], removed: [] })
    await waitFor(() => expect(screen.queryByTestId('env-stale')).toBeNull()) // an ended process starts afresh anyway
  })

  it('says why it cannot show an environment', async () => {
    processes.apply({ states: [proc('p000009')], removed: [] })
    render(EnvPanel, { view: 'p000009' })
    await waitFor(() => expect(screen.getByTestId('env-failure').textContent).toContain('no such process: p000009'))
  })
})
