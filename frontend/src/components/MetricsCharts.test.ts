// The charts and a row's sparklines draw one history per process: the
// pushed states feed it, the backend is asked only for what they cannot
// tell (a process first seen, a full event), and nothing redraws without a
// new point for it.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { cleanup, render } from '@testing-library/svelte'
import { flushSync } from 'svelte'
import type { Point, ProcState } from '../lib/types'

// The backend's history, per process, as App.History answers it.
const backend = vi.hoisted(() => ({ history: new Map<string, Point[]>(), calls: [] as string[] }))
vi.mock('../lib/api', () => ({
  api: {
    history: async (id: string) => {
      backend.calls.push(id)
      return backend.history.get(id) ?? []
    },
  },
}))

// uPlot draws on a canvas, which jsdom lacks: record what each chart is given.
const plots = vi.hoisted(() => [] as { title: string; data: (number | null)[][]; draws: number; dead: boolean }[])
vi.mock('uplot', () => {
  class FakePlot {
    static paths = { stepped: () => () => null }
    rec: (typeof plots)[number]
    constructor(opts: { title: string }, data: (number | null)[][]) {
      this.rec = { title: opts.title, data, draws: 1, dead: false }
      plots.push(this.rec)
    }
    setData(data: (number | null)[][]) {
      this.rec.data = data
      this.rec.draws++
    }
    setSize() {}
    destroy() {
      this.rec.dead = true
    }
  }
  return { default: FakePlot }
})

// jsdom lays nothing out, observes no sizes and has no 2D canvas.
Element.prototype.scrollIntoView = () => {}
HTMLCanvasElement.prototype.getContext = (() => null) as unknown as HTMLCanvasElement['getContext']
globalThis.ResizeObserver ??= class {
  observe() {}
  disconnect() {}
  unobserve() {}
} as unknown as typeof ResizeObserver

import MetricsCharts from './MetricsCharts.svelte'
import ProcessList from './ProcessList.svelte'
import Sparkline from './Sparkline.svelte'
import { processes } from '../stores/processes.svelte'
import { SPARK_MS, tail } from '../stores/metrics.svelte'

const T0 = Date.UTC(2026, 0, 2, 12, 0, 0)

function proc(id: string, version: number, over: Partial<ProcState> = {}): ProcState {
  return {
    id, scriptId: '', name: id, source: 'command', command: 'sleep 3600', dir: '/tmp', status: 'running',
    pid: 1000, startedAt: T0 - 60_000, endedAt: 0, exitCode: 0, err: '', restarts: 0, version,
    cpu: 0, rss: 1 << 20, urls: null, ...over,
  }
}

/** Lets the history's answers (promises) land, then renders. */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve()
  flushSync()
}

const live = (title: string) => plots.filter((p) => p.title === title && !p.dead)
/** The points a chart was last given, in ms, as the sparkline reads them. */
function chartPoints(title: string): { t: number; v: number }[] {
  const [plot] = live(title)
  const [ts, vs] = plot.data
  return ts.map((t, i) => ({ t: (t as number) * 1000, v: vs[i] ?? -1 }))
}

const sparkPath = (c: Element, id: string, label: string) =>
  c.querySelector(`[data-id=${id}] svg[aria-label=${label}] [data-testid=spark-line]`)?.getAttribute('d') ?? ''

describe('one history for the charts and the sparklines', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: T0, toFake: ['Date', 'setTimeout', 'setInterval', 'clearTimeout', 'clearInterval'] })
    backend.history.clear()
    backend.calls = []
    plots.length = 0
  })
  afterEach(() => {
    cleanup()
    processes.clear()
    vi.useRealTimers()
  })

  it('a chart and a sparkline of the same process show the same points', async () => {
    // Sampled before this window looked: the backend tells that part.
    backend.history.set('p1', [
      { t: T0 - 3000, cpu: 5, rss: 100 << 20 },
      { t: T0 - 2000, cpu: 40, rss: 110 << 20 },
      { t: T0 - 1000, cpu: 12, rss: 120 << 20 },
    ])
    processes.apply({ states: [proc('p1', 1, { cpu: 12, rss: 120 << 20 })], removed: [], full: true })
    const list = render(ProcessList)
    render(MetricsCharts, { view: 'p1' })
    await settle()
    // Then a pushed sample.
    vi.setSystemTime(T0 + 1000)
    processes.apply({ states: [proc('p1', 2, { cpu: 60, rss: 90 << 20 })], removed: [] })
    flushSync()

    const cpu = chartPoints('CPU')
    expect(cpu.map((p) => p.v), 'the CPU chart: the backend\'s past, then the pushed sample').toEqual([5, 40, 12, 12, 60])
    expect(cpu.at(-1)?.t).toBe(T0 + 1000)
    expect(chartPoints('Memory').at(-1)?.v).toBe(90 << 20)

    // The row's sparkline draws exactly what a sparkline of the chart's
    // last minute draws (here younger than a minute: all of it).
    for (const [title, label, max] of [['CPU', 'CPU', 100], ['Memory', 'Memory', 0]] as const) {
      const now = T0 + 1000
      const from = Math.max(now - SPARK_MS, chartPoints(title)[0].t)
      expect(from, 'the sparkline starts where the history does').toBe(T0 - 3000)
      const want = render(Sparkline, { points: tail(
        chartPoints(title).map((p) => ({ t: p.t, cpu: p.v, rss: p.v })), from).map((p) => ({ t: p.t, v: p.cpu })),
        from, to: now, max, label: `want-${label}` })
      const d = want.container.querySelector('[data-testid=spark-line]')?.getAttribute('d') ?? ''
      expect(d, `${label}: the reference sparkline draws`).not.toBe('')
      expect(sparkPath(list.container, 'p1', label), `${label} sparkline`).toBe(d)
    }
  })

  it('nothing is pulled or redrawn on a timer; a point redraws only its own process', async () => {
    processes.apply({ states: [proc('p1', 1), proc('p2', 1)], removed: [], full: true })
    const list = render(ProcessList)
    render(MetricsCharts, { view: 'p1' })
    await settle()
    expect([...backend.calls].sort(), 'asked once per process first seen').toEqual(['p1', 'p2'])
    const draws = () => live('CPU')[0].draws
    const before = draws()
    const spark = sparkPath(list.container, 'p1', 'Memory')

    // Half a minute of nothing changing (the backend sends no state for a
    // sample equal to the last one).
    for (let s = 1; s <= 30; s++) {
      vi.advanceTimersByTime(1000)
      await settle()
    }
    expect(backend.calls.length, 'no pull as time passes').toBe(2)
    expect(draws(), 'no chart redraw as time passes').toBe(before)
    expect(sparkPath(list.container, 'p1', 'Memory'), 'the sparkline stays as it was').toBe(spark)

    processes.apply({ states: [proc('p2', 2, { cpu: 50 })], removed: [] })
    flushSync()
    expect(draws(), "another process's point").toBe(before)
    processes.apply({ states: [proc('p1', 2, { cpu: 50 })], removed: [] })
    flushSync()
    expect(draws(), 'its own point').toBe(before + 1)
    expect(chartPoints('CPU').at(-1)).toEqual({ t: Date.now(), v: 50 })
    expect(backend.calls.length, 'pushed points need no pull').toBe(2)
  })

  it('a full event (the window shown again) refills the history from the backend', async () => {
    backend.history.set('p1', [{ t: T0 - 1000, cpu: 1, rss: 100 }])
    processes.apply({ states: [proc('p1', 1, { cpu: 1, rss: 100 })], removed: [], full: true })
    render(MetricsCharts, { view: 'p1' })
    await settle()
    expect(chartPoints('CPU').map((p) => p.v)).toEqual([1, 1])

    // Hidden for a minute: no events, while the backend kept sampling.
    vi.setSystemTime(T0 + 60_000)
    backend.history.set('p1', [
      { t: T0 - 1000, cpu: 1, rss: 100 },
      { t: T0 + 20_000, cpu: 70, rss: 300 },
      { t: T0 + 40_000, cpu: 30, rss: 200 },
    ])
    processes.apply({ states: [proc('p1', 9, { cpu: 30, rss: 200 })], removed: [], full: true })
    flushSync()
    await settle()
    expect(backend.calls).toEqual(['p1', 'p1'])
    const pts = chartPoints('CPU')
    expect(pts.map((p) => p.v), 'the samples taken while hidden are drawn').toEqual([1, 70, 30, 30])
    expect(pts.at(-1)?.t, 'the pushed point after the last sample the backend told').toBe(T0 + 60_000)
  })
})
