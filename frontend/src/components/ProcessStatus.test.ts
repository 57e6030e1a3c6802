// Each status the supervisor publishes reads at a glance in the table and
// the detail strip, and a restart's countdown ticks once a second only
// while something restarts.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte'
import { flushSync } from 'svelte'
import type { ProcState } from '../lib/types'

const backend = vi.hoisted(() => ({ restarts: [] as string[] }))
vi.mock('../lib/api', () => ({
  api: {
    restart: async (id: string) => {
      backend.restarts.push(id)
      return undefined
    },
    dependencies: async () => [],
  },
}))
Element.prototype.scrollIntoView = () => {}

import ProcessList from './ProcessList.svelte'
import ProcessDetail from './ProcessDetail.svelte'
import { processes } from '../stores/processes.svelte'
import { clock } from '../stores/clock.svelte'

const T0 = Date.UTC(2026, 0, 2, 12, 0, 0)

function proc(id: string, over: Partial<ProcState> = {}): ProcState {
  return {
    id, scriptId: '', name: id, source: 'hum.yaml', command: `./${id}`, dir: '/p', status: 'running', pid: 10,
    startedAt: T0 - 10 * 60_000, endedAt: 0, exitCode: 0, err: '', restarts: 0, version: 1, cpu: 0, rss: 0, urls: null, ...over,
  }
}

const row = (id: string) => document.querySelector(`[data-testid=process][data-id=${id}]`) as HTMLElement
const badge = (id: string) => row(id).querySelector('[data-testid=status]') as HTMLElement
const words = (id: string) => row(id).querySelector('[data-testid=status-words]')?.textContent ?? ''

describe('the statuses in the table', () => {
  afterEach(() => {
    cleanup()
    processes.clear()
    vi.useRealTimers()
  })

  it('says why each process waits, is blocked, was paused or is ready', async () => {
    clock.now = T0
    processes.apply({
      states: [
        proc('api', { status: 'waiting', pid: 0, detail: 'waiting for db (ready): tcp localhost:5432 refused, 4 tries' }),
        proc('web', { ready: true, readyNote: 'inferred from http://localhost:5173' }),
        proc('db', {}),
        proc('jobs', { status: 'blocked', pid: 0, detail: 'db failed (exit 1)' }),
        proc('mail', { status: 'crashloop', pid: 0, exitCode: 1, endedAt: T0, detail: 'failed 5 times in 60s; paused. Start it again when it is fixed' }),
      ],
      removed: [],
      full: true,
    })
    render(ProcessList)
    flushSync()

    expect(badge('api').textContent).toBe('waiting')
    expect(words('api')).toBe('waiting for db (ready): tcp localhost:5432 refused, 4 tries')

    expect(badge('web').textContent, 'a ready run').toBe('ready')
    expect(badge('web').dataset.status, 'ready is not a status of its own').toBe('running')
    expect(badge('web').title).toBe('ready (inferred from http://localhost:5173)')
    expect(badge('db').textContent, 'a run not known ready').toBe('running')

    expect(badge('jobs').textContent).toBe('blocked')
    expect(words('jobs')).toBe('db failed (exit 1)')

    expect(badge('mail').textContent).toBe('crash loop')
    expect(words('mail')).toBe('paused: failed 5 times in 60s')
    const start = row('mail').querySelector('[data-testid=restart]') as HTMLButtonElement
    expect(start.getAttribute('aria-label')).toBe('Start mail again')
    await fireEvent.click(start)
    expect(backend.restarts).toEqual(['mail'])

    // Waiting and blocked have nothing to restart or remove: Stop cancels them.
    expect(row('api').querySelector('[data-testid=stop]')).not.toBeNull()
    expect(row('api').querySelector('[data-testid=remove]')).toBeNull()
  })

  it('counts a restart down each second, and its timer stops when nothing restarts', async () => {
    vi.useFakeTimers({ now: T0 })
    clock.now = T0
    const restarting = proc('api', {
      status: 'restarting', pid: 0, exitCode: 1, endedAt: T0 - 1000, restarts: 2, nextStart: T0 + 3000,
      detail: 'restarting in 3s (exit 1; restart 3 of 10)',
    })
    // Ended long ago: nothing else in the table asks the clock for a tick.
    const old = proc('done', { status: 'succeeded', pid: 0, endedAt: T0 - 60_000 })
    processes.apply({ states: [restarting, old], removed: [], full: true })
    render(ProcessList)
    flushSync()
    await vi.advanceTimersByTimeAsync(0)
    const seen = [words('api')]
    for (let s = 1; s <= 3; s++) {
      await vi.advanceTimersByTimeAsync(1000)
      flushSync()
      seen.push(words('api'))
    }
    expect(seen).toEqual([
      'restarting in 3s (exit 1; restart 3 of 10)',
      'restarting in 2s (exit 1; restart 3 of 10)',
      'restarting in 1s (exit 1; restart 3 of 10)',
      'restarting now (exit 1; restart 3 of 10)',
    ])
    expect(vi.getTimerCount(), 'timers once the countdown is at zero').toBe(0)

    // A new countdown, then the restart is cancelled: no timer is left.
    processes.apply({ states: [{ ...restarting, version: 2, nextStart: Date.now() + 10_000 }], removed: [] })
    flushSync()
    await vi.advanceTimersByTimeAsync(0)
    expect(vi.getTimerCount(), 'a countdown runs one timer').toBe(1)
    processes.apply({ states: [{ ...restarting, version: 3, status: 'stopped', nextStart: 0 }], removed: [] })
    flushSync()
    await vi.advanceTimersByTimeAsync(0)
    expect(vi.getTimerCount(), 'timers once nothing restarts').toBe(0)
    const before = clock.now
    await vi.advanceTimersByTimeAsync(30_000)
    expect(clock.now, 'the clock did not tick').toBe(before)
  })
})

describe('the detail strip', () => {
  afterEach(() => {
    cleanup()
    vi.useRealTimers()
  })

  it('shows the run, the last exit, the ready note and a crash loop Start', async () => {
    const ended = new Date(2026, 0, 2, 10, 32, 5).getTime() // local time, as the window shows it
    const { rerender } = render(ProcessDetail, {
      proc: proc('api', { restarts: 3, ready: true, readyNote: 'inferred from http://localhost:5173', last: { status: 'failed', exitCode: 1, endedAt: ended, err: '' } }),
    })
    expect(screen.getByTestId('detail-words').textContent).toBe('ready (inferred from http://localhost:5173)')
    expect(screen.getByTestId('detail-run').textContent).toBe('run 4 · last exit 1 at 10:32:05')
    expect(screen.queryByTestId('detail-start')).toBeNull()

    await rerender({ proc: proc('api', { status: 'crashloop', detail: 'failed 5 times in 60s; paused. Start it again when it is fixed' }) })
    expect(screen.getByTestId('detail-words').textContent).toBe('paused: failed 5 times in 60s')
    backend.restarts = []
    await fireEvent.click(screen.getByTestId('detail-start'))
    expect(backend.restarts).toEqual(['api'])
  })
})
