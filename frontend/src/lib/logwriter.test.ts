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
  it('leaves what a full-screen program drew out of All, and writes it bare in its own view', () => {
    const batch: LogLine[] = [
      { seq: 1, proc: 'p1', stream: 'stdout', time: 0, raw: 'before less' },
      { seq: 2, proc: 'p1', stream: 'stdout', time: 0, raw: '\x1b[?1049h\x1b[Hrow 1', screen: true },
      { seq: 3, proc: 'p1', stream: 'stdout', time: 0, raw: '\x1b[7m(END)\x1b[27m', screen: true, open: true },
      { seq: 4, proc: 'p1', stream: 'stdout', time: 0, raw: '\r\x1b[K\x1b[?1049l', screen: true, open: true },
      { seq: 5, proc: 'p1', stream: 'stdout', time: 0, raw: 'after less' },
    ]
    const all = new LogWriter('', names, { timestamps: false })
    all.push(batch)
    const merged = all.take().join('')
    expect(merged).toContain('before less')
    expect(merged).toContain('after less')
    expect(merged).not.toContain('row 1')
    expect(merged).not.toContain('\x1b[?1049h')
    expect(all.lastSeq, 'skipped lines still count as seen').toBe(5)

    const own = new LogWriter('p1', names, { timestamps: true })
    own.push(batch)
    const drawn = own.take().join('')
    expect(drawn).toContain('\r\n\x1b[?1049h\x1b[Hrow 1\r\n\x1b[7m(END)\x1b[27m\r\x1b[K\x1b[?1049lafter less\x1b[0m')
  })

  it('switches the input modes a line did in its own view only', () => {
    const batch: LogLine[] = [{ seq: 1, proc: 'p1', stream: 'stdout', time: 0, raw: '>>> ', modes: '\x1b[?2004h' }]
    const own = new LogWriter('p1', names, { timestamps: false })
    own.push(batch)
    expect(own.take().join('')).toBe('>>> \x1b[0m\x1b[?2004h')
    const all = new LogWriter('', names, { timestamps: false })
    all.push(batch)
    expect(all.take().join('')).not.toContain('\x1b[?2004h')
  })

  it('goes on after a line the process paused in on the same row, in its own view only', () => {
    const batch: LogLine[] = [
      { seq: 1, proc: 'p1', stream: 'stderr', time: 0, raw: 'Name? ', open: true },
      { seq: 2, proc: 'p1', stream: 'stdout', time: 0, raw: 'ada' },
      { seq: 3, proc: 'p1', stream: 'stdout', time: 0, raw: 'hello ada' },
    ]
    const own = new LogWriter('p1', names, { timestamps: false })
    own.push(batch)
    expect(own.take().join('')).toBe('\x1b[31m▍\x1b[0mName? \x1b[0mada\x1b[0m\r\nhello ada\x1b[0m')
    const all = new LogWriter('', names, { timestamps: false })
    all.push(batch)
    expect(all.take().join('').split('\r\n').length, 'All keeps each line on its own row, prefixed').toBe(3)
  })

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
