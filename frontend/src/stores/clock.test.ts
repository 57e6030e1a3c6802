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

describe('Clock', () => {
  afterEach(() => vi.useRealTimers())

  it('ticks each second while shown, not at all while hidden, and catches up on show', () => {
    vi.useFakeTimers({ now: 1_000_000 })
    const d = fakeDocument()
    const clock = new Clock(d.doc)
    vi.advanceTimersByTime(3000)
    expect(clock.now).toBe(1_003_000)

    d.set(true)
    vi.advanceTimersByTime(60_000)
    expect(clock.now, 'the clock ticked while hidden').toBe(1_003_000)
    expect(vi.getTimerCount(), 'a timer is left running while hidden').toBe(0)

    d.set(false)
    expect(clock.now, 'the clock did not catch up on show').toBe(1_063_000)
    vi.advanceTimersByTime(1000)
    expect(clock.now).toBe(1_064_000)
  })
})
