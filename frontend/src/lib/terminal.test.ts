import { describe, expect, it } from 'vitest'
import { Terminal } from '@xterm/xterm'
import { SCROLLBACK, terminalOptions } from './terminal'

const write = (t: Terminal, s: string) => new Promise<void>((ok) => t.write(s, ok))

/** xterm keeps every line at the terminal's width: 3 32-bit words a cell. */
const BYTES_PER_CELL = 12

describe('the log view terminal', () => {
  it('keeps its lines under 20 MB at 130 columns through a minute of 1,000 lines/s, the newest last', { timeout: 120_000 }, async () => {
    const t = new Terminal({ ...terminalOptions({}, () => {}), cols: 130, rows: 24 })
    const total = 60_000
    for (let n = 0; n < total; n += 2000) {
      let chunk = ''
      for (let i = n; i < n + 2000; i++) chunk += (i ? '\r\n' : '') + `line ${i} of a steady stream\x1b[0m`
      await write(t, chunk)
    }
    const b = t.buffer.active
    // Bounded however much was printed: the screen plus the scrollback.
    expect(b.length).toBeLessThanOrEqual(SCROLLBACK + t.rows)
    expect(b.length * t.cols * BYTES_PER_CELL).toBeLessThanOrEqual(20 << 20)
    // The oldest lines went, in order; the newest is there.
    expect(b.getLine(b.length - 1)?.translateToString(true)).toBe(`line ${total - 1} of a steady stream`)
    expect(b.getLine(0)?.translateToString(true)).toBe(`line ${total - b.length} of a steady stream`)
    t.dispose()
  })
})
