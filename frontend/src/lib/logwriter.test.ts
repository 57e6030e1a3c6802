import { describe, expect, it } from 'vitest'
import { LogWriter, MAX_INFLIGHT, MAX_LAG, MAX_PENDING, MAX_PER_FRAME, sanitize, ansi256 } from './logwriter'
import type { LogLine } from './types'

const names = { name: (id: string) => `name-${id}`, colour: () => 33 }

function lines(from: number, to: number, proc = 'p1', time = 0): LogLine[] {
  const out: LogLine[] = []
  for (let s = from; s <= to; s++) out.push({ seq: s, proc, stream: 'stdout', time, raw: `line ${s}` })
  return out
}

describe('LogWriter', () => {
  it('shows each line once when a page and events overlap', () => {
    const w = new LogWriter('p1', names, { timestamps: false })
    w.push(lines(1, 10))
    w.push(lines(5, 12)) // an event batch that overlaps the page
    const text = w.take()
    const shown = text.split('\r\n')
    expect(shown.length).toBe(12)
    expect(shown[0]).toContain('line 1')
    expect(shown[11]).toContain('line 12')
  })

  it('keeps only its own process in a process view, every process in All', () => {
    const one = new LogWriter('p1', names, { timestamps: false })
    const all = new LogWriter('', names, { timestamps: false })
    const batch = [...lines(1, 2, 'p1'), ...lines(3, 4, 'p2')]
    one.push(batch)
    all.push(batch)
    expect(one.pending).toBe(2)
    expect(all.pending).toBe(4)
    expect(all.take()).toContain('name-p2')
  })

  it('writes at most MAX_PER_FRAME lines per frame, and a fresh burst whole', () => {
    const now = 1_000_000
    const w = new LogWriter('p1', names, { timestamps: false })
    w.push(lines(1, MAX_PER_FRAME + 10, 'p1', now - 10))
    expect(w.take(now).split('\r\n').length).toBe(MAX_PER_FRAME)
    w.done(MAX_INFLIGHT * 10)
    const next = w.take(now)
    expect(next.startsWith('\r\n'), 'continues on a new line').toBe(true)
    expect(next.split('\r\n').filter(Boolean).length).toBe(10)
  })

  it('waits while the terminal is busy, then skips the oldest with a note', () => {
    const now = 1_000_000
    const w = new LogWriter('p1', names, { timestamps: false })
    w.inflight = MAX_INFLIGHT
    w.push(lines(1, MAX_PENDING + 500, 'p1', now))
    expect(w.take(now), 'busy terminal: nothing written').toBe('')
    expect(w.pending).toBe(MAX_PENDING)
    expect(w.skipped).toBe(500)
    w.done(MAX_INFLIGHT)
    const shown = w.take(now).split('\r\n')
    expect(shown[0]).toMatch(/^\S*··· 500 lines skipped/)
    // eslint-disable-next-line no-control-regex -- the line goes on with an escape sequence
    expect(shown[1]).toMatch(/line 501\x1b/)
    expect(w.skipped).toBe(0)
  })

  it('skips lines too late to matter when behind, keeping one frame of the newest', () => {
    const now = 1_000_000
    const w = new LogWriter('p1', names, { timestamps: false })
    const late = 3000
    const total = late + 500
    w.push(lines(1, late, 'p1', now - MAX_LAG - 50))
    w.push(lines(late + 1, total, 'p1', now - 5)) // fresh
    const shown = w.take(now).split('\r\n')
    const skipped = total - MAX_PER_FRAME // every late line beyond one frame of the newest
    expect(shown[0]).toContain(`${skipped.toLocaleString('en-US')} lines skipped`)
    expect(shown.length).toBe(MAX_PER_FRAME + 1)
    expect(shown[1]).toMatch(new RegExp(`line ${skipped + 1}\x1b`))
    expect(shown.at(-1)).toMatch(new RegExp(`line ${total}\x1b`))
  })

  it('counts lines dropped upstream as skipped', () => {
    const w = new LogWriter('', names, { timestamps: false })
    w.gap(42)
    expect(w.take()).toContain('42 lines skipped')
  })

  it('prefixes timestamps when asked', () => {
    const w = new LogWriter('p1', names, { timestamps: true })
    const text = w.format({ seq: 1, proc: 'p1', stream: 'stderr', time: new Date(2026, 0, 1, 14, 3, 7, 9).getTime(), raw: 'x' })
    expect(text).toContain('14:03:07.009')
  })
})

describe('sanitize', () => {
  const cases: [string, string, string][] = [
    ['plain text stays', 'hello', 'hello'],
    ['colours stay', '\x1b[31mred\x1b[0m', '\x1b[31mred\x1b[0m'],
    ['cursor moves go', 'a\x1b[2Kb\x1b[1A', 'ab'],
    ['a progress bar keeps its last state', '10%\r50%\r100%', '100%'],
  ]
  for (const [name, input, want] of cases) {
    it(name, () => expect(sanitize(input)).toBe(want))
  }
})

describe('ansi256', () => {
  it('maps cube colours', () => {
    expect(ansi256(16)).toBe('rgb(0, 0, 0)')
    expect(ansi256(231)).toBe('rgb(255, 255, 255)')
    expect(ansi256(33)).toBe('rgb(0, 135, 255)')
  })
})
