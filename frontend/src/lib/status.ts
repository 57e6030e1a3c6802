// The words a process's status reads in: the table's second line, the
// detail strip and the badge's tooltip. The supervisor says why in
// ProcState.detail; these put it in the window's few words, and count a
// restart down from nextStart.
import type { ProcState, Status } from './types'

/** Statuses in which no run is alive but one will start: Stop cancels the wait. */
export function isPending(s: Pick<ProcState, 'status'>): boolean {
  return s.status === 'waiting' || s.status === 'blocked' || s.status === 'restarting'
}

/** Whole seconds to a restart at nextStart, seen at now; 0 once it is due. */
export function secondsTo(nextStart: number, now: number): number {
  return Math.max(0, Math.ceil((nextStart - now) / 1000))
}

/** "restarting in 3s", "restarting in 1m 5s", "restarting now". */
export function countdown(nextStart: number, now: number): string {
  const s = secondsTo(nextStart, now)
  if (s === 0) return 'restarting now'
  if (s < 60) return `restarting in ${s}s`
  return `restarting in ${Math.floor(s / 60)}m${s % 60 ? ` ${s % 60}s` : ''}`
}

/** When the countdown's text next changes after now (unix ms); 0 when it will not. */
export function countdownTickAt(nextStart: number, now: number): number {
  const s = secondsTo(nextStart, now)
  return s === 0 ? 0 : nextStart - (s - 1) * 1000
}

/**
 * What the status is about, in words, or '' when the badge says it all:
 * the supervisor's detail for waiting and blocked ("waiting for db (ready):
 * tcp localhost:5432 refused, 4 tries"), a live countdown with the reason
 * for restarting, "paused: failed 5 times in 60s" for a crash loop, and
 * "ready (inferred from …)" for a ready run.
 */
export function statusWords(p: ProcState, now: number): string {
  const detail = p.detail?.trim() ?? ''
  switch (p.status) {
    case 'waiting':
      return detail || 'waiting for its dependencies'
    case 'blocked':
      return detail || 'blocked by a dependency'
    case 'restarting': {
      if (!p.nextStart) return detail || 'restarting'
      // Detail says "restarting in 4s (exit 1; restart 3 of 10)": the
      // seconds are counted here, the reason is kept.
      const why = /\(([^()]*)\)\s*$/.exec(detail)?.[1]
      return countdown(p.nextStart, now) + (why ? ` (${why})` : '')
    }
    case 'crashloop': {
      // "failed 5 times in 60s; paused. Start it again when it is fixed"
      const head = detail.split(';')[0].trim()
      return head ? `paused: ${head}` : 'paused after failing repeatedly'
    }
    case 'running':
      return p.ready ? readyText(p) : ''
  }
  return ''
}

/** "ready (inferred from http://localhost:5173)", or "ready". */
export function readyText(p: Pick<ProcState, 'readyNote'>): string {
  return p.readyNote ? `ready (${p.readyNote})` : 'ready'
}

/** The tone of the words: the badge's colour. */
export function tone(status: Status): 'amber' | 'red' | 'green' | 'muted' {
  switch (status) {
    case 'waiting':
    case 'restarting':
      return 'amber'
    case 'blocked':
    case 'crashloop':
    case 'failed':
      return 'red'
    case 'running':
      return 'green'
  }
  return 'muted'
}

/**
 * "run 4 · last exit 1 at 10:32:05": which run this is and how the one
 * before ended; '' for a first run that has not ended.
 */
export function runText(p: ProcState, time: (ms: number) => string): string {
  const run = `run ${p.restarts + 1}`
  if (p.last) {
    const how = p.last.status === 'stopped' ? 'stopped' : `last exit ${p.last.exitCode}`
    return `${run} · ${how}${p.last.endedAt ? ` at ${time(p.last.endedAt)}` : ''}`
  }
  return p.restarts > 0 ? run : ''
}

/** "10:32:05" in local time. */
export function hms(ms: number): string {
  const d = new Date(ms)
  const p = (n: number) => String(n).padStart(2, '0')
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`
}
