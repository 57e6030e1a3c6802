// Small formatters for figures the UI shows.

/** "1.2 GB", "340 MB", "12 kB"; "—" when unknown. */
export function bytes(n: number): string {
  if (n == null || n < 0) return '—'
  if (n < 1024) return `${n} B`
  const units = ['kB', 'MB', 'GB', 'TB']
  let v = n / 1024
  let i = 0
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024
    i++
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[i]}`
}

/** "12%" or "0.4%"; "—" when unknown. */
export function percent(n: number): string {
  if (n == null || n < 0) return '—'
  return n < 10 ? `${n.toFixed(1)}%` : `${Math.round(n)}%`
}

/** Compact duration: "45s", "12m 3s", "3h 20m", "2d 4h". */
export function duration(ms: number): string {
  if (!(ms >= 0)) return '—'
  const s = Math.floor(ms / 1000)
  if (s < 60) return `${s}s`
  const m = Math.floor(s / 60)
  if (m < 60) return `${m}m ${s % 60}s`
  const h = Math.floor(m / 60)
  if (h < 24) return `${h}h ${m % 60}m`
  return `${Math.floor(h / 24)}d ${h % 24}h`
}

/**
 * An uptime as a process row shows it: seconds only in the first minute
 * ("45s", "12m", "3h 20m", "2d 4h"), so a row's text changes once a minute
 * after that, not every second: a list of long-running processes then draws
 * nothing between minutes.
 */
export function uptime(ms: number): string {
  if (!(ms >= 0)) return '—'
  const m = Math.floor(ms / 60000)
  if (m < 1) return `${Math.floor(ms / 1000)}s`
  if (m < 60) return `${m}m`
  return duration(ms)
}

/**
 * When uptime(now - start) next shows another text, as unix ms: at the next
 * whole second in the first minute, minute in the first day, hour after.
 */
export function uptimeChangesAt(start: number, now: number): number {
  const ms = Math.max(0, now - start)
  const unit = ms < 60_000 ? 1000 : ms < 86_400_000 ? 60_000 : 3_600_000
  return start + (Math.floor(ms / unit) + 1) * unit
}

/** How late a row's uptime may redraw past its first minute (see uptimeTickAt). */
export const UPTIME_STEP_MS = 15_000

/**
 * When a row should next redraw its uptime, as unix ms: the moment the
 * text changes in the process's first minute; after it, that moment rounded
 * up to a whole UPTIME_STEP_MS of the clock, so rows started at different
 * times share a tick and a repaint (100 rows started a second apart would
 * otherwise redraw the window every second) at the cost of a minute figure
 * up to 15 s late.
 */
export function uptimeTickAt(start: number, now: number): number {
  const at = uptimeChangesAt(start, now)
  return at - start <= 60_000 ? at : Math.ceil(at / UPTIME_STEP_MS) * UPTIME_STEP_MS
}

/** "14:03:07.123" in local time, for a unix-ms time from the backend. */
export function clockTime(ms: number): string {
  const d = new Date(ms)
  const p = (n: number, w = 2) => String(n).padStart(w, '0')
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`
}

/** The last path element, for display. */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]/).filter(Boolean)
  return parts[parts.length - 1] ?? path
}

/**
 * A time axis tick at sec (unix seconds), 24-hour like the log timestamps:
 * "14:03:07", or "14:03" when the ticks step by whole minutes (incrSec).
 */
export function tickTime(sec: number, incrSec: number): string {
  const d = new Date(sec * 1000)
  const p = (n: number) => String(n).padStart(2, '0')
  const hm = `${p(d.getHours())}:${p(d.getMinutes())}`
  return incrSec >= 60 && incrSec % 60 === 0 ? hm : `${hm}:${p(d.getSeconds())}`
}
