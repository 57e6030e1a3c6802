import { describe, expect, it } from 'vitest'
import { CHUNK, LogWriter, MAX_INFLIGHT, MAX_PENDING, ansi256 } from './logwriter'
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
    const text = w.take().join('')
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
    expect(all.take().join('')).toContain('name-p2')
  })

  it('writes every waiting line when the terminal is ready, the next ones on a new line', () => {
    const w = new LogWriter('p1', names, { timestamps: false })
    w.push(lines(1, 4000)) // one event's worth (LogCap)
    expect(w.take().join('').split('\r\n').length).toBe(4000)
    w.done(MAX_INFLIGHT * 10)
    w.push(lines(4001, 4010))
    const next = w.take().join('')
    expect(next.startsWith('\r\n'), 'continues on a new line').toBe(true)
    expect(next.split('\r\n').filter(Boolean).length).toBe(10)
  })

  it('hands xterm writes of at most CHUNK characters, each ending at a line end', () => {
    const w = new LogWriter('p1', names, { timestamps: false })
    w.push(lines(1, 4000)) // one event's worth (LogCap), about 50,000 characters
    const chunks = w.take()
    expect(chunks.length).toBeGreaterThan(2)
    for (const c of chunks) expect(c.length).toBeLessThanOrEqual(CHUNK)
    for (const c of chunks.slice(1)) expect(c.startsWith('\r\n'), 'a chunk starts a new line').toBe(true)
    const shown = chunks.join('').split('\r\n')
    expect(shown.length).toBe(4000)
    expect(shown).toEqual(lines(1, 4000).map((l) => `${l.raw}\x1b[0m`))
  })

  it('hands xterm at most MAX_INFLIGHT characters a frame and the rest, in order, in the next ones', () => {
    const w = new LogWriter('p1', names, { timestamps: false })
    const long = lines(1, 3000).map((l) => ({ ...l, raw: `${l.raw} ${'x'.repeat(200)}` })) // about 640,000 characters
    w.push(long)
    let text = ''
    let frames = 0
    while (w.pending > 0) {
      const chunks = w.take()
      const n = chunks.reduce((sum, c) => sum + c.length, 0)
      expect(n, `frame ${frames}`).toBeLessThanOrEqual(MAX_INFLIGHT)
      text += chunks.join('')
      w.done(n) // xterm parsed it
      frames++
    }
    expect(frames).toBeGreaterThanOrEqual(5)
    const shown = text.split('\r\n')
    expect(shown.length).toBe(3000)
    expect(shown[2999]).toContain('line 3000 ')
    expect(w.totalSkipped, 'nothing skipped while the terminal keeps up').toBe(0)
  })

  it('waits while the terminal is busy, then skips the oldest with a note', () => {
    const now = 1_000_000
    const w = new LogWriter('p1', names, { timestamps: false })
    w.inflight = MAX_INFLIGHT
    w.push(lines(1, MAX_PENDING + 500, 'p1', now))
    expect(w.take().join(''), 'busy terminal: nothing written').toBe('')
    expect(w.pending).toBe(MAX_PENDING)
    expect(w.skipped).toBe(500)
    w.done(MAX_INFLIGHT)
    const shown = w.take().join('').split('\r\n')
    expect(shown[0]).toMatch(/^\S*··· 500 lines skipped/)
    // eslint-disable-next-line no-control-regex -- the line goes on with an escape sequence
    expect(shown[1]).toMatch(/line 501\x1b/)
    expect(w.skipped).toBe(0)
  })

  it('skips nothing of what arrives while the terminal keeps up, however old', () => {
    // The backend paces and bounds the feed; the view does not second-guess it.
    const w = new LogWriter('p1', names, { timestamps: false })
    w.push(lines(1, 3500, 'p1', 0))
    const shown = w.take().join('').split('\r\n')
    expect(shown.length).toBe(3500)
    expect(shown[0]).toBe('line 1\x1b[0m')
    expect(w.totalSkipped).toBe(0)
  })

  it('writes the backend text as it is, colours and links included', () => {
    // backend/events/safe_test.go holds the backend to sending only SGR and
    // OSC 8 escapes; the view no longer cleans lines a second time.
    const w = new LogWriter('p1', names, { timestamps: false })
    const raw = '\x1b[31mred\x1b[0m \x1b]8;;http://x/\x1b\\link\x1b]8;;\x1b\\ tab\there'
    expect(w.format({ seq: 1, proc: 'p1', stream: 'stdout', time: 0, raw })).toBe(raw + '\x1b[0m')
  })

  it('counts lines dropped upstream as skipped', () => {
    const w = new LogWriter('', names, { timestamps: false })
    w.gap(42)
    expect(w.take().join('')).toContain('42 lines skipped')
  })

  it('prefixes timestamps when asked', () => {
    const w = new LogWriter('p1', names, { timestamps: true })
    const text = w.format({ seq: 1, proc: 'p1', stream: 'stderr', time: new Date(2026, 0, 1, 14, 3, 7, 9).getTime(), raw: 'x' })
    expect(text).toContain('14:03:07.009')
  })
})

describe('ansi256', () => {
  it('maps cube colours', () => {
    expect(ansi256(16)).toBe('rgb(0, 0, 0)')
    expect(ansi256(231)).toBe('rgb(255, 255, 255)')
    expect(ansi256(33)).toBe('rgb(0, 135, 255)')
  })
})
