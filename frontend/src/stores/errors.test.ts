import { describe, expect, it } from 'vitest'
import { ErrorStore } from './errors.svelte'
import type { ErrorEntry } from '../lib/types'

function entry(id: number, proc: string, sec: number): ErrorEntry {
  return { id, proc, time: new Date(Date.UTC(2026, 0, 1, 0, 0, sec)).toISOString(), kind: 'node', title: `e${id}`, text: '', frames: [] }
}

describe('ErrorStore', () => {
  it('adds each error once, newest first, whether pulled or pushed', () => {
    const s = new ErrorStore()
    s.add([entry(1, 'p1', 1), entry(2, 'p2', 2)]) // the pull
    s.add([entry(2, 'p2', 2)]) // the same error as an event
    s.add([entry(3, 'p1', 3)])
    expect(s.list.map((e) => e.id)).toEqual([3, 2, 1])
    expect(s.of('p1').map((e) => e.id)).toEqual([3, 1])
  })

  it('forgets a removed process', () => {
    const s = new ErrorStore()
    s.add([entry(1, 'p1', 1), entry(2, 'p2', 2)])
    s.forget('p1')
    expect(s.list.map((e) => e.id)).toEqual([2])
    s.add([entry(1, 'p1', 1)])
    expect(s.list.length, 'a forgotten error may come back from a new pull').toBe(2)
  })
})
