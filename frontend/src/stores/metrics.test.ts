import { describe, expect, it } from 'vitest'
import { HISTORY_MS, MetricsHistory, held, tail } from './metrics.svelte'
import type { Point } from '../lib/types'

const T0 = Date.UTC(2026, 0, 3)

/** A history on a clock the test moves, whose backend answers when told to. */
function setup() {
  const clock = { now: T0 }
  const asked: { id: string; answer: (pts: Point[]) => void; fail: () => void }[] = []
  const h = new MetricsHistory(
    (id) => new Promise<Point[]>((answer, fail) => asked.push({ id, answer, fail: () => fail(new Error('gone')) })),
    () => clock.now,
  )
  return { h, clock, asked }
}

const flush = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve()
}

describe('MetricsHistory', () => {
  it('asks the backend only for a history marked stale, once per marking, when it is read', async () => {
    const { h, asked } = setup()
    h.add('p', 1, 10)
    expect(h.points('p').length).toBe(1)
    expect(asked.length, 'a pushed point alone: nothing to ask').toBe(0)
    h.stale('p')
    expect(asked.length, 'not read yet').toBe(0)
    h.points('p')
    h.points('p')
    expect(asked.map((a) => a.id)).toEqual(['p'])
  })

  it('an answer that comes late keeps the points pushed after its last sample', async () => {
    const { h, clock, asked } = setup()
    h.stale('p')
    h.points('p')
    clock.now = T0 + 500
    h.add('p', 9, 90) // pushed while the answer was on its way
    asked[0].answer([{ t: T0 - 2000, cpu: 1, rss: 10 }, { t: T0 - 1000, cpu: 2, rss: 20 }])
    await flush()
    expect(h.points('p').map((p) => p.cpu)).toEqual([1, 2, 9])
  })

  it('a failed answer (a removed process) keeps what was pushed', async () => {
    const { h, asked } = setup()
    h.add('p', 3, 30)
    h.stale('p')
    h.points('p')
    asked[0].fail()
    await flush()
    expect(h.points('p').map((p) => p.cpu)).toEqual([3])
  })

  it('an answer for a forgotten process is dropped', async () => {
    const { h, asked } = setup()
    h.stale('p')
    h.points('p')
    h.forget('p')
    asked[0].answer([{ t: T0, cpu: 1, rss: 1 }])
    await flush()
    expect(h.points('p')).toEqual([])
  })

  it('keeps ten minutes, with the value in force at the cutoff', () => {
    const { h, clock } = setup()
    h.add('p', 5, 50)
    clock.now = T0 + HISTORY_MS + 60_000
    h.add('p', 6, 60)
    clock.now += 1000
    h.add('p', 7, 70)
    const pts = h.points('p')
    expect(pts.map((p) => p.cpu)).toEqual([5, 6, 7])
    expect(pts[0].t, 'the old value, held to the cutoff').toBe(clock.now - HISTORY_MS)
  })

  it('a restart (both figures unavailable) is a gap, recorded once and never held', () => {
    const { h, clock } = setup()
    h.add('p', 5, 50)
    clock.now += 1000
    h.add('p', -1, -1)
    h.add('p', -1, -1)
    expect(h.points('p').map((p) => p.cpu)).toEqual([5, -1])
    expect(held(h.points('p'), clock.now + 5000).length, 'a gap is not held').toBe(2)
    clock.now += 1000
    h.add('p', -1, 40) // the new run: memory read, CPU not yet
    expect(held(h.points('p'), clock.now + 5000).at(-1)).toEqual({ t: clock.now + 5000, cpu: -1, rss: 40 })
  })

  it('a sparkline is the tail from its start, with the value then held in', () => {
    const pts: Point[] = [0, 10, 20, 30].map((s, i) => ({ t: T0 + s * 1000, cpu: i, rss: i }))
    expect(tail(pts, T0 + 15_000)).toEqual([{ t: T0 + 15_000, cpu: 1, rss: 1 }, pts[2], pts[3]])
    expect(tail(pts, T0 + 20_000)).toEqual([pts[2], pts[3]])
    expect(tail(pts, T0 - 1)).toEqual(pts)
    expect(tail(held(pts, T0 + 99_000), T0 + 60_000), 'flat for a minute').toEqual([
      { t: T0 + 60_000, cpu: 3, rss: 3 }, { t: T0 + 99_000, cpu: 3, rss: 3 },
    ])
  })
})
