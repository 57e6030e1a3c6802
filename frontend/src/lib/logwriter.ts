// LogWriter turns log lines into what the terminal shows for one view (one
// process, or all of them merged) and keeps the terminal from falling behind
// a process that prints faster than anyone can read.
//
// It is plain logic with no DOM: LogView.svelte feeds it lines and, once per
// animation frame, writes what take() returns to xterm.js, telling it when
// xterm has parsed a chunk (done). The backend paces and bounds the feed
// (events.ForwardLogs: an event at most every 33 ms, each bounded in lines
// and bytes, long lines cut) and sanitises every line (only SGR colours and
// OSC 8 links reach us; backend/events/safe_test.go holds it to that), so
// this writes what arrives as it is, in writes small enough that xterm lets
// frames render between them (CHUNK). Its one bound is for lines that cannot
// be written yet, while xterm still has more than MAX_INFLIGHT characters
// to parse or the view is paused: at most MAX_PENDING wait, the oldest
// skipped beyond that. Lines skipped here or dropped by the backend show as
// one "N lines skipped" note; a skipped line shows again when the view is
// reopened (its newest TAIL lines, lib/terminal.ts).
import type { LogLine } from './types'
import { clockTime } from './format'

/**
 * Characters handed to xterm but not yet parsed, above which we wait; also
 * the most one frame hands it (the rest waits for the next frame), so what
 * xterm holds stays a fraction of a second of its work.
 */
export const MAX_INFLIGHT = 128 * 1024
/**
 * The most characters of one write to xterm. xterm parses each write whole
 * and only then looks at its time slice (12 ms) and lets a frame render, so
 * one write of a frame's 5,000 lines held the page for 100 ms and more under
 * a flood; writes of this size end a few milliseconds apart.
 */
export const CHUNK = 16 * 1024
/** Lines kept waiting for the terminal; older ones are skipped beyond this. */
export const MAX_PENDING = 5000

/** 256-colour palette indices that read well on light and dark backgrounds. */
export const PALETTE = [33, 208, 170, 41, 214, 99, 44, 205, 148, 75, 177, 172]

export interface Names {
  name(proc: string): string
  colour(proc: string): number
}

export interface WriterOptions {
  timestamps: boolean
}

export class LogWriter {
  /** '' for the merged view of all processes, else one process ID. */
  readonly view: string
  /** The newest sequence number taken into this view. */
  lastSeq = 0
  /** Lines skipped since the last note about it. */
  skipped = 0
  /** Characters written to the terminal and not yet parsed. */
  inflight = 0
  /** Lines written and lines skipped since the view opened, for the record. */
  totalWritten = 0
  totalSkipped = 0

  #pending: LogLine[] = []
  #first = true
  /** The last line written was one the process paused in (LogLine.open). */
  #open = false
  #names: Names
  #opts: WriterOptions
  #width = 0

  constructor(view: string, names: Names, opts: WriterOptions) {
    this.view = view
    this.#names = names
    this.#opts = opts
  }

  /** Lines waiting for the next frame. */
  get pending(): number {
    return this.#pending.length
  }

  /**
   * Adds lines from a page or an event batch. Lines of other processes and
   * lines already taken (seq <= lastSeq) are ignored, so a page and an event
   * that overlap show each line once.
   */
  push(lines: LogLine[]): void {
    for (const l of lines) {
      if (this.view && l.proc !== this.view) continue
      // What a full-screen program drew is only readable in its own view.
      if (!this.view && l.screen) continue
      if (l.seq <= this.lastSeq) continue
      this.lastSeq = l.seq
      this.#pending.push(l)
    }
    const over = this.#pending.length - MAX_PENDING
    if (over > 0) {
      this.#pending.splice(0, over)
      this.skipped += over
      this.totalSkipped += over
    }
  }

  /** Continues after seq: lines up to it count as already shown. */
  after(seq: number): this {
    this.lastSeq = Math.max(this.lastSeq, seq)
    return this
  }

  /** Takes every waiting line out, e.g. to hand them to a new writer. */
  drain(): LogLine[] {
    const out = this.#pending
    this.#pending = []
    return out
  }

  /** Records that lines were lost before reaching us (store gap or drop). */
  gap(n: number): void {
    if (n > 0) {
      this.skipped += n
      this.totalSkipped += n
    }
  }

  /** Whether the terminal is ready for more this frame. */
  ready(): boolean {
    return this.inflight < MAX_INFLIGHT
  }

  /**
   * Returns what to write this frame, as writes of at most CHUNK characters
   * each split at a line's end (none when nothing waits or the terminal is
   * still busy): the waiting lines, oldest first, up to MAX_INFLIGHT
   * characters in all (at least one line); the rest waits for the next
   * frame. It counts them as in flight; call done(chunk.length) as xterm
   * parses each.
   */
  take(): string[] {
    if (!this.ready() || (this.#pending.length === 0 && this.skipped === 0)) return []
    const budget = MAX_INFLIGHT - this.inflight
    const chunks: string[] = []
    let chunk = ''
    let total = 0
    const add = (text: string, joined = false) => {
      const piece = (joined ? '' : this.#nl()) + text
      if (chunk && chunk.length + piece.length > CHUNK) {
        chunks.push(chunk)
        chunk = ''
      }
      chunk += piece
      total += piece.length
    }
    if (this.skipped > 0) {
      add(`\x1b[2m··· ${this.skipped.toLocaleString('en-US')} lines skipped to keep up ···\x1b[0m`)
      this.skipped = 0
      this.#open = false
    }
    let n = 0
    for (const l of this.#pending) {
      // In a process's own view, the line after one the process paused in
      // goes on the same row, as on its terminal ("Name? " then "ada").
      const joined = !!this.view && this.#open
      const text = joined ? this.body(l) : this.format(l)
      if (n > 0 && total + text.length + 2 > budget) break
      add(text, joined)
      this.#open = !!l.open
      n++
    }
    if (chunk) chunks.push(chunk)
    this.#pending.splice(0, n)
    this.totalWritten += n
    this.inflight += total
    return chunks
  }

  /** xterm parsed n characters of what take returned. */
  done(n: number): void {
    this.inflight = Math.max(0, this.inflight - n)
  }

  /**
   * One line as the terminal shows it in this view: Hum's prefix, then the
   * backend's text as it is. A line a full-screen program drew (only in its
   * own view) is written bare: its cursor moves place it.
   */
  format(l: LogLine): string {
    if (l.screen) return l.raw
    let prefix = ''
    if (this.#opts.timestamps) prefix += `\x1b[90m${clockTime(l.time)}\x1b[0m `
    if (!this.view) {
      const name = this.#names.name(l.proc)
      this.#width = Math.min(24, Math.max(this.#width, name.length))
      const shown = name.length > this.#width ? name.slice(0, this.#width - 1) + '…' : name.padEnd(this.#width)
      prefix += `\x1b[38;5;${this.#names.colour(l.proc)}m${shown}\x1b[0m \x1b[90m│\x1b[0m `
    }
    if (l.stream === 'stderr') prefix += '\x1b[31m▍\x1b[0m'
    return prefix + this.body(l)
  }

  /**
   * A line's text without Hum's prefix. A process's own view also switches
   * the input modes the line did (bracketed paste, application cursor keys,
   * the mouse), so what the user types there is what the program expects.
   */
  body(l: LogLine): string {
    if (l.screen) return l.raw
    return l.raw + '\x1b[0m' + (this.view && l.modes ? l.modes : '')
  }

  #nl(): string {
    if (this.#first) {
      this.#first = false
      return ''
    }
    return '\r\n'
  }
}

/** The CSS colour of a 256-colour palette index from the 6×6×6 cube (16–231). */
export function ansi256(n: number): string {
  if (n < 16 || n > 231) return 'var(--accent)'
  const levels = [0, 95, 135, 175, 215, 255]
  const i = n - 16
  const r = levels[Math.floor(i / 36)]
  const g = levels[Math.floor(i / 6) % 6]
  const b = levels[i % 6]
  return `rgb(${r}, ${g}, ${b})`
}
