// A list of processes that do nothing must draw nothing: the clock ticking
// and metrics ticks that change one figure touch only what they change.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { cleanup, render } from '@testing-library/svelte'
import { flushSync } from 'svelte'
import type { ProcState } from '../lib/types'

vi.mock('../lib/api', () => ({ api: {} }))
// jsdom lays nothing out.
Element.prototype.scrollIntoView = () => {}

import ProcessList from './ProcessList.svelte'
import { processes } from '../stores/processes.svelte'
import { clock } from '../stores/clock.svelte'

const T0 = Date.UTC(2026, 0, 2, 12, 0, 0)

function proc(i: number, over: Partial<ProcState> = {}): ProcState {
  return {
    id: `p${String(i).padStart(6, '0')}`, scriptId: '', name: `sleep ${i}`, source: 'command', command: `sleep ${3600 + i}`,
    dir: '/tmp', status: 'running', pid: 1000 + i, startedAt: T0 - 5 * 60_000, endedAt: 0,
    exitCode: 0, err: '', restarts: 0, version: 1, cpu: 0, rss: 1 << 20, urls: null, ...over,
  }
}

/** Records every DOM change under el until stop is called. */
function watch(el: Element): { records: () => MutationRecord[]; stop: () => void } {
  const seen: MutationRecord[] = []
  const obs = new MutationObserver((rs) => seen.push(...rs))
  obs.observe(el, { subtree: true, childList: true, characterData: true, attributes: true })
  return { records: () => (seen.push(...obs.takeRecords()), seen), stop: () => obs.disconnect() }
}

const rowOf = (n: Node): string | undefined =>
  (n instanceof Element ? n : n.parentElement)?.closest('[data-testid=process]')?.getAttribute('data-id') ?? undefined

// Generous: the machine may be busy, and nothing here is timed.
const SLOW = 60_000

describe('ProcessList', () => {
  afterEach(() => {
    cleanup()
    processes.clear()
  })

  it('20 idle processes draw nothing while the clock ticks between minutes', () => {
    clock.now = T0
    processes.apply({ states: Array.from({ length: 20 }, (_, i) => proc(i + 1)), removed: [], full: true })
    const { container } = render(ProcessList)
    flushSync()
    expect(container.querySelectorAll('[data-testid=process]').length).toBe(20)
    const uptimes = [...container.querySelectorAll('td.uptime')].map((e) => e.textContent)
    expect(uptimes[0]).toBe('5m')

    const w = watch(container)
    for (let s = 1; s <= 50; s++) {
      clock.now = T0 + s * 1000
      flushSync()
    }
    const got = w.records()
    w.stop()
    expect(got.length, `DOM changes over 50 ticks of the clock: got ${got.length}, want 0`).toBe(0)
  }, SLOW)

  it('a new CPU figure for one process changes only that process', () => {
    clock.now = T0
    processes.apply({ states: Array.from({ length: 20 }, (_, i) => proc(i + 1)), removed: [], full: true })
    const { container } = render(ProcessList)
    flushSync()
    const w = watch(container)
    processes.apply({ states: [proc(7, { version: 2, cpu: 12.5 })], removed: [] })
    flushSync()
    const got = w.records()
    w.stop()
    expect(got.length).toBeGreaterThan(0)
    const rows = new Set(got.map((r) => rowOf(r.target)))
    expect([...rows], 'rows whose DOM changed').toEqual(['p000007'])
    const cpu = container.querySelector('[data-id=p000007] .metric span')?.textContent
    expect(cpu).toBe('13%')
  }, SLOW)

  it('asks the clock for a tick only when a shown uptime changes', async () => {
    vi.useFakeTimers({ now: T0 })
    try {
      clock.now = T0
      // 20 rows 5m30s old: their text changes in 30 s, all at once.
      const old = Array.from({ length: 20 }, (_, i) => proc(i + 1, { startedAt: T0 - 330_000 }))
      processes.apply({ states: old, removed: [], full: true })
      const { container } = render(ProcessList)
      flushSync()
      const ticks = new Set<number>()
      const uptimes = () => [...container.querySelectorAll('td.uptime')].map((e) => e.textContent).join(' ')
      for (let s = 1; s <= 31; s++) {
        await vi.advanceTimersByTimeAsync(1000)
        flushSync()
        if (clock.now !== T0) ticks.add(clock.now - T0)
        if (s === 29) expect(ticks.size, `the clock ticked at ${[...ticks].join(', ')} ms with no text to change`).toBe(0)
      }
      expect([...ticks], 'ticks in 31 s').toEqual([30_000])
      expect(uptimes()).toBe(Array(20).fill('6m').join(' '))

      // It appears a second after the last tick: its first text is still right.
      processes.apply({ states: [proc(99, { startedAt: Date.now() - 10_000 })], removed: [] })
      flushSync()
      await vi.advanceTimersByTimeAsync(0)
      flushSync()
      const young = () => container.querySelector('[data-id=p000099] td.uptime')?.textContent
      expect(young()).toBe('10s')
      await vi.advanceTimersByTimeAsync(1000)
      flushSync()
      expect(young(), 'a process in its first minute ticks each second').toBe('11s')
    } finally {
      vi.useRealTimers()
    }
  }, SLOW)

  it('rows started at different times share their minute ticks', async () => {
    vi.useFakeTimers({ now: T0 })
    try {
      clock.now = T0
      // 100 rows started a second apart, all past their first minute.
      const rows = Array.from({ length: 100 }, (_, i) => proc(i + 1, { startedAt: T0 - 120_000 - i * 1000 }))
      processes.apply({ states: rows, removed: [], full: true })
      const { container } = render(ProcessList)
      flushSync()
      const ticks = new Set<number>()
      for (let s = 1; s <= 60; s++) {
        await vi.advanceTimersByTimeAsync(1000)
        flushSync()
        if (clock.now !== T0) ticks.add(clock.now - T0)
      }
      expect(ticks.size, `clock ticks in a minute: at ${[...ticks].join(', ')} ms`).toBeLessThanOrEqual(5)
      const uptimes = [...container.querySelectorAll('td.uptime')].map((e) => e.textContent)
      // At T0 + 60 s, on the step, every row shows its exact figure.
      const want = rows.map((_, i) => (180 + i < 240 ? '3m' : '4m'))
      expect(uptimes.join(' '), 'after a minute').toBe(want.join(' '))
    } finally {
      vi.useRealTimers()
    }
  }, SLOW)
})
