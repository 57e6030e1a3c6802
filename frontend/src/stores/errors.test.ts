import { describe, expect, it } from 'vitest'
import { ERROR_CAP, ErrorStore } from './errors.svelte'
import type { ErrorEntry } from '../lib/types'

function entry(id: number, proc: string, sec: number): ErrorEntry {
  return { id, proc, time: Date.UTC(2026, 0, 1, 0, 0, sec), kind: 'node', title: `e${id}`, text: '', frames: [] }
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

  it('keeps a bounded list, newest first, whatever arrives', () => {
    const s = new ErrorStore()
    // 20 batches of 100, as a flood of 2,000 errors arrives, with a pull
    // of older ones in between.
    let id = 0
    for (let b = 0; b < 20; b++) {
      const batch = []
      for (let k = 0; k < 100; k++) {
        id++
        batch.push(entry(id, 'p1', 10 + Math.floor(id / 10)))
      }
      s.take({ errors: batch, dropped: b === 5 ? 40 : 0 })
      if (b === 10) s.add([entry(100_000, 'p2', 0)])
    }
    expect(s.list.length).toBe(ERROR_CAP)
    expect(s.list[0].id, 'the newest error comes first').toBe(2000)
    const ids = s.list.map((e) => e.id)
    expect(ids).toEqual([...ids].sort((a, b) => b - a))
    expect(s.list.at(-1)?.id).toBe(2000 - ERROR_CAP + 1)
    expect(s.dropped, 'what the backend dropped and what the cap let go').toBe(40 + 2001 - ERROR_CAP)
    s.add([entry(1, 'p1', 10)])
    expect(s.list.length, 'an error older than every kept one stays out').toBe(ERROR_CAP)
    expect(s.list.some((e) => e.id === 1)).toBe(false)
  })

  it('orders errors of the same second by ID', () => {
    const s = new ErrorStore()
    s.add([entry(2, 'p1', 5), entry(1, 'p1', 5)])
    s.add([entry(3, 'p1', 5)])
    expect(s.list.map((e) => e.id)).toEqual([3, 2, 1])
  })
})
