// The idle benchmark (issue 13): what an open Hum costs while its processes do
// nothing. It opens the production window under Xvfb on an empty project,
// starts N `sleep` processes the way a user does (typing into the command box,
// with xdotool), lets it settle, and measures over 30 s the CPU time (utime +
// stime from /proc/PID/stat) and the PSS (/proc/PID/smaps_rollup) of Hum and
// of its WebKit web and network processes: with the window shown, then hidden
// to the tray (the tray's "Hide Hum", clicked over DBus). Then the memory
// growth run: one process printing 1,000 lines a second (IDLE_RATE) for
// GROWTH minutes, with every 30 s (IDLE_SAMPLE_S) the PSS of each process,
// the Go heap (HUM_MEMLOG lines) and the web process's JavaScript heap
// (JSC_logGC lines), then the same once the stream has ended, to see that
// the memory is given back. And several projects at once (IDLE_PROJECTS):
// P copies of the demo project in one window, each other one opened by a
// second launch, IDLE_PER_PROJECT processes in each, with the Go heap.
//
// It reports and never fails on a figure. scripts/bench-idle.sh runs it under
// Xvfb and a private DBus session; HUM_BIN picks the binary (a baseline build
// can be measured beside the current one), IDLE_N the process counts,
// IDLE_GROWTH_MIN the length of the growth run (0 skips it), IDLE_OUT the report file.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { spawn, execFileSync } from 'node:child_process'
import { cpSync, readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { loadavg } from 'node:os'
import { repoRoot, prodBin, startApp, stopApp, waitFor, tempDir, findWindows, screenshotDisplay, outDir } from './harness.mjs'
import { menuWith, clickItem } from './dbusmenu.mjs'

const COUNTS = (process.env.IDLE_N ?? '0 20 100').split(/\s+/).filter(Boolean).map(Number)
/** Open projects (IDLE_PROJECTS, e.g. "1 5"; "" skips) and sleeping processes in each (IDLE_PER_PROJECT). */
const PROJECTS = (process.env.IDLE_PROJECTS ?? '1 5').split(/\s+/).filter(Boolean).map(Number)
const PER_PROJECT = Number(process.env.IDLE_PER_PROJECT ?? '4')
const GROWTH_MIN = Number(process.env.IDLE_GROWTH_MIN ?? '10')
/** Lines per second the growth run's process prints (IDLE_RATE), and how often it reports (IDLE_SAMPLE_S). */
const RATE = Number(process.env.IDLE_RATE ?? '1000')
const SAMPLE_S = Number(process.env.IDLE_SAMPLE_S ?? '30')
const WINDOW_S = 30 // measuring window
const SETTLE_S = 10 // after hiding or showing
// A row's uptime shows seconds in its process's first minute, so the list
// changes each second until the youngest process is a minute old: the
// settled figures are measured after that, the first-minute ones before.
const MINUTE_S = 62
const OUT = process.env.IDLE_OUT || join(outDir, 'docs/bench/idle.txt')
const TICK = 100 // clock ticks per second (getconf CLK_TCK on Linux)
const watcherBin = join(repoRoot, '.cache/e2e/snwatcher')

const report = [
  `scripts/bench-idle.sh (tests/e2e/idle.bench.mjs): production window under Xvfb, binary ${process.env.HUM_BIN || prodBin}`,
  `CPU over ${WINDOW_S} s (one core = 100%) from /proc/PID/stat utime+stime; PSS from /proc/PID/smaps_rollup; settle ${SETTLE_S} s; "settled": every process older than a minute, so no uptime ticks each second`,
  `load average (1 min) at start ${loadavg()[0].toFixed(1)}`,
  '',
]
const say = (line) => { report.push(line); console.log(line) }
let watcher

before(async () => {
  execFileSync('go', ['build', '-o', watcherBin, './backend/tray/internal/snwatcher/cmd/snwatcher'], { cwd: repoRoot, stdio: 'inherit' })
  watcher = spawn(watcherBin, [], { stdio: ['ignore', 'pipe', 'pipe'] })
  watcher.out = ''
  watcher.stdout.on('data', (d) => { watcher.out += d })
  watcher.stderr.on('data', (d) => { watcher.out += d })
  await waitFor('the StatusNotifierWatcher', () => watcher.out.includes('ready'))
})

after(async () => {
  if (watcher && watcher.exitCode === null && watcher.signalCode === null) {
    watcher.kill('SIGTERM')
    await new Promise((ok) => watcher.once('exit', ok))
  }
  mkdirSync(join(OUT, '..'), { recursive: true })
  writeFileSync(OUT, report.join('\n') + '\n')
})

const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms))

function stat(pid) {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const comm = s.slice(s.indexOf('(') + 1, s.lastIndexOf(')'))
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ')
    return { pid, comm, state: f[0], ppid: Number(f[1]), cpu: Number(f[11]) + Number(f[12]) }
  } catch {
    return undefined
  }
}

function children(pid) {
  return readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map((d) => stat(Number(d)))
    .filter((s) => s && s.ppid === pid && s.state !== 'Z')
}

function pss(pid) {
  const m = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))
  return m ? Number(m[1]) * 1024 : NaN
}

/** Hum and its two WebKit processes, by name. */
function parts(app) {
  const kids = children(app.child.pid)
  const web = kids.find((k) => k.comm.startsWith('WebKitWebProces'))
  const net = kids.find((k) => k.comm.startsWith('WebKitNetworkPr'))
  assert.ok(web && net, `WebKit processes of ${app.child.pid}: got ${kids.map((k) => k.comm).join(', ')}`)
  return [['Hum', app.child.pid], ['web', web.pid], ['network', net.pid]]
}

const mb = (b) => `${(b / 1048576).toFixed(0)} MB`

/** CPU% over WINDOW_S and PSS at its end, per part and summed, as one line. */
async function measure(app, label) {
  const ps = parts(app)
  const t0 = ps.map(([, pid]) => stat(pid).cpu)
  const began = process.hrtime.bigint()
  await sleep(WINDOW_S * 1000)
  const secs = Number(process.hrtime.bigint() - began) / 1e9
  const cpu = ps.map(([, pid], i) => (100 * (stat(pid).cpu - t0[i])) / TICK / secs)
  const mem = ps.map(([, pid]) => pss(pid))
  const sum = (a) => a.reduce((x, y) => x + y, 0)
  say(`${label.padEnd(22)} CPU ${sum(cpu).toFixed(2).padStart(6)}% (${ps.map(([n], i) => `${n} ${cpu[i].toFixed(2)}`).join(', ')})` +
    `   PSS ${mb(sum(mem))} (${ps.map(([n], i) => `${n} ${mb(mem[i])}`).join(', ')})`)
  return { cpu: sum(cpu), pss: sum(mem) }
}

/** The process trees Hum runs: its children but WebKit's. */
function sleeps(app) {
  return children(app.child.pid).filter((k) => !k.comm.startsWith('WebKit')).length
}

/** Types command into the window's command box and presses Enter, as a user does. */
function typeCommand(win, command) {
  // The command box sits at the top of the main area, right of the 280 px sidebar.
  // With no window manager on Xvfb, the window gets keyboard focus only when asked.
  execFileSync('xdotool', ['windowfocus', '--sync', win])
  execFileSync('xdotool', ['mousemove', '--window', win, '640', '24', 'click', '1'])
  // XTEST input to the focused window: GTK ignores the synthetic events
  // xdotool sends with --window.
  // Clear what a failed attempt left, without a modifier (ctrl+a made the
  // first letter typed after it arrive as ctrl+letter).
  execFileSync('xdotool', ['key', 'End', ...Array(40).fill('BackSpace')])
  execFileSync('xdotool', ['type', '--delay', '2', command])
  execFileSync('xdotool', ['key', 'Return'])
}

async function openHum(project, env = {}) {
  const configDir = tempDir('hum-idle-config-')
  const app = await startApp({ mode: 'prod', project, configDir, env: { HUM_MEMLOG: '5s', ...env } })
  const [win] = await waitFor('a window titled Hum', () => { const w = findWindows('^Hum$'); return w.length ? w : false }, { timeout: 60_000 })
  await waitFor('the tray to register', () => watcher.out.includes(`StatusNotifierItem-${app.child.pid}-1`) || watcher.out.includes('registered'), { timeout: 60_000 })
  await waitFor('the WebKit processes', () => { try { return parts(app) } catch { return false } }, { timeout: 60_000 })
  return { app, win }
}

async function startSleeps(app, win, n, command = (attempt) => `sleep ${3600 + attempt}`) {
  // The command box stays enabled while a command starts (CommandBar), so
  // the next one can be typed as soon as the previous one has started;
  // whatever did not start is typed again.
  for (let attempt = 0; sleeps(app) < n; attempt++) {
    if (attempt > 2 * n + 10) {
      screenshotDisplay(join(outDir, 'idle-failed.png'))
      throw new Error(`got ${sleeps(app)} processes running, want ${n} (screenshot: tests/e2e/out/idle-failed.png)`)
    }
    const had = sleeps(app)
    typeCommand(win, command(attempt))
    await waitFor('the command to start', () => sleeps(app) > had, { timeout: 6_000, interval: 50 }).catch(() => false)
  }
}

async function hide(app) {
  const menu = await menuWith(app, 'Hide Hum')
  clickItem(app, menu, 'Hide Hum')
  await waitFor('the window to be hidden', () => findWindows('^Hum$').length === 0, { timeout: 30_000 })
}

async function show(app) {
  const menu = await menuWith(app, 'Show Hum')
  clickItem(app, menu, 'Show Hum')
  await waitFor('the window to be shown', () => findWindows('^Hum$').length > 0, { timeout: 30_000 })
}

for (const n of COUNTS) {
  test(`idle: ${n} sleeping processes, shown and hidden`, async () => {
    const project = tempDir('hum-idle-project-')
    const { app, win } = await openHum(project)
    try {
      await startSleeps(app, win, n)
      const started = Date.now()
      assert.equal(sleeps(app), n, `sleep processes: got ${sleeps(app)}, want ${n}`)
      // Focus off the command box, as when the user has moved on: a focused
      // text field's blinking caret repaints the window twice a second.
      execFileSync('xdotool', ['mousemove', '--window', win, '140', '600', 'click', '1'])
      if (n > 0) await measure(app, `N=${n} first minute`)
      await sleep(Math.max(0, started + MINUTE_S * 1000 - Date.now()))
      screenshotDisplay(join(outDir, `idle-${n}.png`))
      await measure(app, `N=${n} shown, settled`)
      await hide(app)
      await sleep(SETTLE_S * 1000)
      await measure(app, `N=${n} hidden`)
      await show(app)
    } finally {
      await stopApp(app)
    }
  })
}

/** A copy of examples/demo in a folder of its own, named name. */
function demoCopy(name) {
  const dir = join(tempDir('hum-idle-projects-'), name)
  cpSync(join(repoRoot, 'examples/demo'), dir, { recursive: true })
  return dir
}

// Several projects at once (issue 20): P copies of the demo project open in
// one window, the first from the command line and each other one by a
// second launch (`hum DIR`, handed over D-Bus), PER_PROJECT sleeping
// processes typed into each; measured like the runs above, with the Go heap.
for (const p of PROJECTS) {
  test(`idle: ${p} open projects with ${PER_PROJECT} sleeping processes each, shown and hidden`, async () => {
    const dirs = Array.from({ length: p }, (_, i) => demoCopy(`demo${i + 1}`))
    const { app, win } = await openHum(dirs[0])
    try {
      await startSleeps(app, win, PER_PROJECT)
      for (const [i, dir] of dirs.entries()) {
        if (i === 0) continue
        const second = spawn(app.child.spawnargs[0], [dir], { env: { ...process.env, HUM_CONFIG_DIR: app.configDir }, stdio: 'ignore' })
        await new Promise((ok) => second.once('exit', ok))
        // The open has been committed once the project is among the recent ones.
        await waitFor(`${dir} to open`, () => readFileSync(join(app.configDir, 'config.json'), 'utf8').includes(JSON.stringify(dir)), { timeout: 60_000 })
        await sleep(1000) // the window shows it
        await startSleeps(app, win, PER_PROJECT * (i + 1))
      }
      const started = Date.now()
      assert.equal(sleeps(app), p * PER_PROJECT)
      execFileSync('xdotool', ['mousemove', '--window', win, '140', '600', 'click', '1'])
      await sleep(Math.max(0, started + MINUTE_S * 1000 - Date.now()))
      screenshotDisplay(join(outDir, `idle-projects-${p}.png`))
      const shown = await measure(app, `P=${p} shown, settled`)
      say(`${''.padEnd(22)} Go heap ${mb(heap(app))}`)
      await hide(app)
      await sleep(SETTLE_S * 1000)
      await measure(app, `P=${p} hidden`)
      say(`${''.padEnd(22)} Go heap ${mb(heap(app))}`)
      await show(app)
      assert.ok(shown.pss > 0)
    } finally {
      await stopApp(app)
    }
  })
}

/** The newest heap figure Hum logged (HUM_MEMLOG), in bytes. */
function heap(app) {
  const all = [...app.output.matchAll(/memstats: heap (\d+) bytes/g)]
  return all.length ? Number(all.at(-1)[1]) : NaN
}

/**
 * The web process's JavaScript heap after its newest garbage collection, in
 * bytes: JavaScriptCore prints one line per collection with JSC_logGC=1
 * ("... => 31579kb, p=..."), on the stderr Hum shares with it.
 */
function jsHeap(app) {
  // Each heap logs under its address; the page's is the one that collects
  // most (a worker's small heap also logs, "=> 0kb").
  const all = [...app.output.matchAll(/\[GC<(0x[0-9a-f]+)>:[^\n]*=> (\d+)kb, p=/g)]
  const counts = new Map()
  for (const m of all) counts.set(m[1], (counts.get(m[1]) ?? 0) + 1)
  const page = [...counts].sort((x, y) => y[1] - x[1])[0]?.[0]
  const mine = all.filter((m) => m[1] === page)
  return mine.length ? Number(mine.at(-1)[2]) * 1024 : NaN
}

/** Pss_Anon of pid (heaps and other private memory, no file mappings), in bytes. */
function pssAnon(pid) {
  const m = /^Pss_Anon:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))
  return m ? Number(m[1]) * 1024 : NaN
}

if (GROWTH_MIN > 0) {
  test(`memory growth: a process printing ${RATE.toLocaleString('en-US')} lines/s for ${GROWTH_MIN} minutes`, { timeout: (GROWTH_MIN + 8) * 60_000 }, async () => {
    const project = tempDir('hum-idle-growth-')
    const { app, win } = await openHum(project, { JSC_logGC: '1' })
    try {
      // RATE/10 lines every 100 ms; a line is about 30 characters. The
      // script is a file, so the command typed is short (xdotool on a loaded
      // machine sometimes loses a key of a long line).
      writeFileSync(join(project, 'printer.pl'),
        `$|=1; for (my $n=0;;) { print "line ", $n++, " of a steady stream\\n" for 1..${Math.max(1, Math.round(RATE / 10))}; select(undef,undef,undef,0.1) }\n`)
      // A key xdotool lost makes a command that fails at once ("perl
      // printer.p"): type it again until the printer keeps running.
      const printing = () => sleeps(app) > 0
      for (let attempt = 0; ; attempt++) {
        await startSleeps(app, win, 1, () => 'perl printer.pl')
        await sleep(3000)
        if (printing()) break
        if (attempt === 4) {
          screenshotDisplay(join(outDir, 'growth-failed.png'))
          throw new Error('the printer did not keep running (screenshot: tests/e2e/out/growth-failed.png)')
        }
      }
      const began = Date.now()
      const line = (label) => {
        const ps = parts(app)
        const total = ps.map(([, pid]) => pss(pid)).reduce((a, b) => a + b, 0)
        say(`${label.padEnd(22)} PSS ${mb(total)} (${ps.map(([n, pid]) => `${n} ${mb(pss(pid))}`).join(', ')}; web anon ${mb(pssAnon(ps[1][1]))})   Go heap ${mb(heap(app))}   JS heap ${mb(jsHeap(app))}`)
        return total
      }
      // A line every SAMPLE_S, to see when growth starts and whether it stops.
      let first = NaN
      const late = [] // the last 3 minutes: the range a garbage-collected heap moves in
      for (let s = SAMPLE_S; s <= GROWTH_MIN * 60; s += SAMPLE_S) {
        await sleep(Math.max(0, began + s * 1000 - Date.now()))
        const total = line(`growth at ${(s / 60).toFixed(1).padStart(4)} min`)
        if (s === 60) first = total
        if (s > (GROWTH_MIN - 3) * 60) late.push(total)
        if (s === GROWTH_MIN * 60) {
          say(`growth ${GROWTH_MIN} min vs 1 min: ${((100 * (total - first)) / first).toFixed(1)}% (target within 10%), Go heap ${mb(heap(app))} (target <= 30 MB)`)
          say(`last 3 minutes: PSS ${mb(Math.min(...late))} to ${mb(Math.max(...late))}`)
        }
      }
      // Is memory given back? The stream ends (the printer's process group,
      // which this run had Hum start, is killed); the window keeps what its
      // terminal holds, and the garbage should go.
      const printer = children(app.child.pid).find((k) => !k.comm.startsWith('WebKit'))
      assert.ok(printer, 'the printer ended before the run did: the figures above are not of a stream')
      {
        process.kill(-printer.pid, 'SIGKILL')
        const ended = Date.now()
        for (const s of [30, 60, 120]) {
          await sleep(Math.max(0, ended + s * 1000 - Date.now()))
          line(`stream ended +${s} s`)
        }
      }
    } finally {
      await stopApp(app)
    }
  })
}
