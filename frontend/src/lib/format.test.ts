import { describe, expect, it } from 'vitest'
import { tickTime, uptime, uptimeChangesAt, uptimeTickAt, UPTIME_STEP_MS } from './format'

describe('tickTime', () => {
  // Local times, so the test holds in any time zone.
  const at = (h: number, m: number, s: number) => new Date(2026, 0, 2, h, m, s).getTime() / 1000
  const cases: { name: string; sec: number; incr: number; want: string }[] = [
    { name: 'seconds, afternoon in 24-hour form', sec: at(14, 3, 7), incr: 1, want: '14:03:07' },
    { name: 'seconds, morning padded', sec: at(9, 5, 0), incr: 10, want: '09:05:00' },
    { name: 'midnight', sec: at(0, 0, 0), incr: 30, want: '00:00:00' },
    { name: 'whole minutes drop the seconds', sec: at(23, 59, 0), incr: 60, want: '23:59' },
    { name: 'five minutes', sec: at(11, 35, 0), incr: 300, want: '11:35' },
    { name: 'ninety seconds keep them', sec: at(11, 31, 30), incr: 90, want: '11:31:30' },
  ]
  for (const c of cases) {
    it(c.name, () => {
      const got = tickTime(c.sec, c.incr)
      expect(got).toBe(c.want)
      expect(got).not.toMatch(/AM|PM/i)
    })
  }
})

describe('uptimeChangesAt', () => {
  const start = 1_000_000
  it('is the moment the shown uptime changes: each second, then each minute', () => {
    for (const ms of [0, 999, 1000, 30_500, 59_999, 60_000, 61_000, 3_599_999, 3_600_000, 90_000_000]) {
      const at = uptimeChangesAt(start, start + ms)
      expect(at, `after ${ms} ms`).toBeGreaterThan(start + ms)
      expect(uptime(at - 1 - start), `the text changed before ${at - start} ms (from ${ms})`).toBe(uptime(ms))
      expect(uptime(at - start), `the text did not change at ${at - start} ms (from ${ms})`).not.toBe(uptime(ms))
    }
  })
})

describe('uptimeTickAt', () => {
  it('is exact in the first minute and on a shared 15 s step after it', () => {
    const now = Date.UTC(2026, 0, 2, 12, 0, 0)
    expect(uptimeTickAt(now - 10_500, now)).toBe(now + 500)
    // 100 rows started a second apart, all past their first minute: their
    // minute figures change at 100 different moments, their ticks at few.
    const ticks = new Set<number>()
    for (let i = 0; i < 100; i++) {
      const start = now - 120_000 - i * 1000
      const at = uptimeTickAt(start, now)
      expect(at % UPTIME_STEP_MS, 'on the step').toBe(0)
      expect(at).toBeGreaterThanOrEqual(uptimeChangesAt(start, now))
      expect(at - uptimeChangesAt(start, now)).toBeLessThan(UPTIME_STEP_MS)
      ticks.add(at)
    }
    expect(ticks.size, 'ticks the next minute needs for 100 rows').toBeLessThanOrEqual(5)
  })
})
