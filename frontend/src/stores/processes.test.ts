import { describe, expect, it } from 'vitest'
import { ProcessStore } from './processes.svelte'
import { MetricsHistory, SPARK_MS, held, tail } from './metrics.svelte'
import type { ProcState } from '../lib/types'

/** A store whose history asks a backend that knows nothing, on a clock the test moves. */
function store(clock = { now: Date.UTC(2026, 0, 1) }): ProcessStore {
  return new ProcessStore(new MetricsHistory(async () => [], () => clock.now))
}

function st(id: string, version: number, extra: Partial<ProcState> = {}): ProcState {
  return {
    id, scriptId: '', name: id, source: '', command: '', dir: '', status: 'running', pid: 1,
    startedAt: Date.UTC(2026, 0, 1), endedAt: 0, exitCode: 0, err: '', restarts: 0,
    version, cpu: -1, rss: -1, urls: null, ...extra,
  }
}

describe('ProcessStore', () => {
  it('a full event (after the window was hidden) drops what it lacks and keeps the newest of the rest', () => {
    const s = store()
    s.apply({ states: [st('a', 1), st('b', 1), st('c', 1)], removed: [] })
    // While hidden: b ended and was removed, a changed, d started; no event said so.
    s.apply({ states: [st('a', 5), st('c', 1), st('d', 1)], removed: [], full: true })
    expect(s.list.map((p) => p.id)).toEqual(['a', 'c', 'd'])
    expect(s.get('a')?.version).toBe(5)
    expect(s.history.points('b')).toEqual([])
  })

  it('keeps the newest version whatever order states arrive in', () => {
    const cases: { name: string; versions: number[]; want: number }[] = [
      { name: 'in order', versions: [1, 2, 3], want: 3 },
      { name: 'reversed', versions: [3, 2, 1], want: 3 },
      { name: 'repeated', versions: [2, 2, 1, 2], want: 2 },
    ]
    for (const c of cases) {
      const s = store()
      for (const v of c.versions) s.apply({ states: [st('p1', v, { restarts: v })], removed: [] })
      expect(s.get('p1')?.version, c.name).toBe(c.want)
      expect(s.get('p1')?.restarts, c.name).toBe(c.want)
    }
  })

  it('lists processes in the order first seen, not by start time', () => {
    const s = store()
    s.apply({ states: [st('p2', 1, { startedAt: Date.UTC(2026, 0, 1, 0, 0, 5) })], removed: [] })
    s.apply({ states: [st('p1', 1, { startedAt: Date.UTC(2026, 0, 1, 0, 0, 1) })], removed: [] })
    s.apply({ states: [st('p2', 2, { startedAt: Date.UTC(2026, 0, 1, 0, 1, 0) })], removed: [] }) // a restart
    expect(s.list.map((p) => p.id)).toEqual(['p2', 'p1'])
  })

  it('a stale state (one delivered late) neither reverts nor resurrects', () => {
    const s = store()
    s.apply({ states: [st('p1', 5), st('p2', 6), st('p3', 1)], removed: [] })
    s.apply({ states: [], removed: ['p2'] })
    // States from before those events, delivered late.
    s.apply({ states: [st('p1', 4), st('p2', 7)], removed: [] })
    expect(s.get('p1')?.version).toBe(5)
    expect(s.get('p2')).toBeUndefined()
    expect(s.get('p3')?.version, 'untouched by the stale states').toBe(1)
  })

  it('the first view, a full event asked for at start, drops what it lacks', () => {
    const s = store()
    // A delta that raced the request, then the full event.
    s.apply({ states: [st('p1', 1), st('p2', 1)], removed: [] })
    s.apply({ states: [st('p2', 2)], removed: [], full: true })
    expect(s.list.map((p) => p.id)).toEqual(['p2'])
    expect(s.get('p2')?.version).toBe(2)
  })

  it('records CPU and memory samples for sparklines, bounded', () => {
    const clock = { now: Date.UTC(2026, 0, 1) }
    const s = store(clock)
    for (let v = 1; v <= 80; v++) {
      clock.now += 1000
      s.apply({ states: [st('p1', v, { cpu: v, rss: v * 1000 })], removed: [] })
    }
    // The sparkline is the last minute of the history: a sample a second.
    const spark = tail(held(s.history.points('p1'), clock.now), clock.now - SPARK_MS)
    expect(spark.length - 1, 'one-second steps over the last minute').toBe(60)
    expect(spark.at(-1)?.cpu).toBe(80)
    expect(spark.at(-1)?.rss).toBe(80000)
  })

  it("a process's history ends where it ended, and starts again after a restart", () => {
    const clock = { now: Date.UTC(2026, 0, 1) }
    const s = store(clock)
    const t0 = clock.now
    s.apply({ states: [st('p1', 1, { cpu: 5, rss: 500 })], removed: [] })
    clock.now = t0 + 3000
    // Stopped: the state keeps its last figures; the history does not hold them on.
    s.apply({ states: [st('p1', 2, { cpu: 5, rss: 500, status: 'stopped', endedAt: t0 + 2500 })], removed: [] })
    expect(s.history.points('p1')).toEqual([{ t: t0, cpu: 5, rss: 500 }, { t: t0 + 2500, cpu: -1, rss: -1 }])
    expect(held(s.history.points('p1'), clock.now + 60_000).length, 'an ended process holds nothing').toBe(2)
    clock.now = t0 + 10_000
    s.apply({ states: [st('p1', 3, { status: 'starting' })], removed: [] })
    s.apply({ states: [st('p1', 4, { cpu: 1, rss: 400 })], removed: [] })
    expect(s.history.points('p1').map((p) => p.cpu)).toEqual([5, -1, 1])
  })

  it('finds the newest process of a script', () => {
    const s = store()
    s.apply({ states: [st('p1', 1, { scriptId: 'a' }), st('p2', 1, { scriptId: 'b' }), st('p3', 1, { scriptId: 'a' })], removed: [] })
    expect(s.forScript('a')?.id).toBe('p3')
    expect(s.forScript('c')).toBeUndefined()
  })
})
