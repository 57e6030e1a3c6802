import { afterEach, describe, expect, it, vi } from 'vitest'
import { Clock } from './clock.svelte'

/** A document whose visibility the test sets. */
function fakeDocument() {
  const target = new EventTarget()
  const doc = Object.assign(target, { hidden: false })
  return {
    doc: doc as unknown as Document,
    set(hidden: boolean) {
      doc.hidden = hidden
      target.dispatchEvent(new Event('visibilitychange'))
    },
  }
}

/** Lets the clock's queued reschedule run. */
const settle = () => vi.advanceTimersByTimeAsync(0)

describe('Clock', () => {
  afterEach(() => vi.useRealTimers())

  it('does not tick when nobody asks', async () => {
    vi.useFakeTimers({ now: 1_000_000 })
    const clock = new Clock(fakeDocument().doc)
    await vi.advanceTimersByTimeAsync(10 * 60_000)
    expect(clock.now, 'the clock ticked with nothing to show').toBe(1_000_000)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('ticks once for asks within one second, on the whole second after them', async () => {
    vi.useFakeTimers({ now: 1_000_000 })
    const clock = new Clock(fakeDocument().doc)
    const ticks: number[] = []
    clock.wake(1_001_200)
    clock.wake(1_001_800)
    await settle()
    expect(vi.getTimerCount(), 'two asks in one second need one timer').toBe(1)
    for (let t = 0; t < 3000; t += 100) {
      await vi.advanceTimersByTimeAsync(100)
      if (ticks.at(-1) !== clock.now) ticks.push(clock.now)
    }
    expect(ticks).toEqual([1_000_000, 1_002_000])
  })

  it('forgets a withdrawn ask', async () => {
    vi.useFakeTimers({ now: 1_000_000 })
    const clock = new Clock(fakeDocument().doc)
    const cancel = clock.wake(1_005_000)
    await settle()
    cancel()
    await vi.advanceTimersByTimeAsync(10_000)
    expect(clock.now).toBe(1_000_000)
  })

  it('does not tick while hidden, and catches up on show', async () => {
    vi.useFakeTimers({ now: 1_000_000 })
    const d = fakeDocument()
    const clock = new Clock(d.doc)
    d.set(true)
    clock.wake(1_001_000)
    await vi.advanceTimersByTimeAsync(60_000)
    expect(clock.now, 'the clock ticked while hidden').toBe(1_000_000)
    expect(vi.getTimerCount(), 'a timer is left running while hidden').toBe(0)

    d.set(false)
    expect(clock.now, 'the clock did not catch up on show').toBe(1_060_000)
  })
})
