import { describe, expect, it } from 'vitest'
import { ProcessStore } from './processes.svelte'
import type { ProcState } from '../lib/types'

function st(id: string, version: number, extra: Partial<ProcState> = {}): ProcState {
  return {
    id, scriptId: '', name: id, source: '', command: '', dir: '', status: 'running', pid: 1,
    startedAt: Date.UTC(2026, 0, 1), endedAt: 0, exitCode: 0, err: '', restarts: 0,
    version, cpu: -1, rss: -1, urls: null, ...extra,
  }
}

describe('ProcessStore', () => {
  it('a full event (after the window was hidden) drops what it lacks and keeps the newest of the rest', () => {
    const s = new ProcessStore()
    s.apply({ states: [st('a', 1), st('b', 1), st('c', 1)], removed: [] })
    // While hidden: b ended and was removed, a changed, d started; no event said so.
    s.apply({ states: [st('a', 5), st('c', 1), st('d', 1)], removed: [], full: true })
    expect(s.list.map((p) => p.id)).toEqual(['a', 'c', 'd'])
    expect(s.get('a')?.version).toBe(5)
    expect(s.sparks.has('b')).toBe(false)
  })

  it('keeps the newest version whatever order states arrive in', () => {
    const cases: { name: string; versions: number[]; want: number }[] = [
      { name: 'in order', versions: [1, 2, 3], want: 3 },
      { name: 'reversed', versions: [3, 2, 1], want: 3 },
      { name: 'repeated', versions: [2, 2, 1, 2], want: 2 },
    ]
    for (const c of cases) {
      const s = new ProcessStore()
      for (const v of c.versions) s.apply({ states: [st('p1', v, { restarts: v })], removed: [] })
      expect(s.get('p1')?.version, c.name).toBe(c.want)
      expect(s.get('p1')?.restarts, c.name).toBe(c.want)
    }
  })

  it('lists processes in the order first seen, not by start time', () => {
    const s = new ProcessStore()
    s.apply({ states: [st('p2', 1, { startedAt: Date.UTC(2026, 0, 1, 0, 0, 5) })], removed: [] })
    s.apply({ states: [st('p1', 1, { startedAt: Date.UTC(2026, 0, 1, 0, 0, 1) })], removed: [] })
    s.apply({ states: [st('p2', 2, { startedAt: Date.UTC(2026, 0, 1, 0, 1, 0) })], removed: [] }) // a restart
    expect(s.list.map((p) => p.id)).toEqual(['p2', 'p1'])
  })

  it('a stale state (a call that returned late) neither reverts nor resurrects', () => {
    const s = new ProcessStore()
    s.apply({ states: [st('p1', 5), st('p2', 6), st('p3', 1)], removed: [] })
    s.apply({ states: [], removed: ['p2'] })
    // States from before those events, folded in as a call's return is.
    s.apply({ states: [st('p1', 4), st('p2', 7)], removed: [] })
    expect(s.get('p1')?.version).toBe(5)
    expect(s.get('p2')).toBeUndefined()
    expect(s.get('p3')?.version, 'untouched by the stale states').toBe(1)
  })

  it('the first view, a full event asked for at start, drops what it lacks', () => {
    const s = new ProcessStore()
    // A delta that raced the request, then the full event.
    s.apply({ states: [st('p1', 1), st('p2', 1)], removed: [] })
    s.apply({ states: [st('p2', 2)], removed: [], full: true })
    expect(s.list.map((p) => p.id)).toEqual(['p2'])
    expect(s.get('p2')?.version).toBe(2)
  })

  it('records CPU and memory samples for sparklines, bounded', () => {
    const s = new ProcessStore()
    for (let v = 1; v <= 80; v++) s.apply({ states: [st('p1', v, { cpu: v, rss: v * 1000 })], removed: [] })
    const spark = s.sparks.get('p1')!
    expect(spark.cpu.length).toBe(60)
    expect(spark.cpu.at(-1)).toBe(80)
    expect(spark.rss.at(-1)).toBe(80000)
  })

  it('finds the newest process of a script', () => {
    const s = new ProcessStore()
    s.apply({ states: [st('p1', 1, { scriptId: 'a' }), st('p2', 1, { scriptId: 'b' }), st('p3', 1, { scriptId: 'a' })], removed: [] })
    expect(s.forScript('a')?.id).toBe('p3')
    expect(s.forScript('c')).toBeUndefined()
  })
})
