// A state enters the store only by the "processes" event: a call's answer
// says which process to select, and nothing else.
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { ProcState } from './types'

const answer = vi.hoisted(() => ({
  state: (id: string, version: number): ProcState => ({
    id, scriptId: 's', name: id, source: 'command', command: 'sleep 1', dir: '/tmp', status: 'running', pid: 7,
    startedAt: 1, endedAt: 0, exitCode: 0, err: '', restarts: 0, version, cpu: -1, rss: -1, urls: null,
  }),
}))
vi.mock('./api', () => ({
  api: {
    start: async () => answer.state('p1', 3),
    startCommand: async () => answer.state('p2', 2),
    stop: async () => ({ ...answer.state('p1', 9), status: 'stopped' }),
    restart: async () => ({ ...answer.state('p1', 12), restarts: 1 }),
    remove: async () => {},
    history: async () => [],
  },
}))

import { remove, restart, runCommand, runScript, stop } from './actions'
import { processes } from '../stores/processes.svelte'
import { ui } from '../stores/ui.svelte'

describe('actions', () => {
  afterEach(() => {
    processes.clear()
    ui.select('')
  })

  it('starting selects the new process but leaves its state to the event', async () => {
    await runScript('s', 'p1')
    expect(ui.selected).toBe('p1')
    expect(processes.get('p1'), 'no state from the call').toBeUndefined()
    expect(processes.gone('p1'), 'selected before it arrives: not a ghost').toBe(false)
    processes.apply({ states: [answer.state('p1', 1)], removed: [] })
    expect(processes.get('p1')?.version).toBe(1)

    expect(await runCommand('sleep 1')).toBe(true)
    expect(ui.selected).toBe('p2')
    expect(processes.get('p2')).toBeUndefined()
  })

  it('stop, restart and remove change nothing until their events come', async () => {
    processes.apply({ states: [answer.state('p1', 1)], removed: [] })
    await stop('p1')
    await restart('p1')
    expect(processes.get('p1')?.version, 'the event\'s state, not the calls\'').toBe(1)
    await remove('p1')
    expect(processes.get('p1')).toBeDefined()
    processes.apply({ states: [], removed: ['p1'] })
    expect(processes.get('p1')).toBeUndefined()
    expect(processes.gone('p1')).toBe(true)
  })
})
