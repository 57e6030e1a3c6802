// How the UI holds up under load, measured in Chromium against the real
// app's dev build: a process printing 100,000 lines a second, and 50
// processes at once. Frame gaps come from requestAnimationFrame; the newest
// line's latency is the time from the producer stamping a line to that line
// being on screen. The figures are written to bench/ui.txt under the harness's docsDir.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { writeFileSync } from 'node:fs'
import { startApp, stopApp, openPage, closeBrowser, waitFor, tempDir, screenshotsDir, benchDir } from './harness.mjs'

const RATE = 100_000 // lines per second
const SECONDS = 8
const PROCS = 50

// Prints RATE lines a second in bursts every 5 ms, each stamped with the
// time it was written, then a summary.
const producer = `
const rate = ${RATE}, seconds = ${SECONDS}
const pad = 'x'.repeat(40)
const t0 = Date.now()
let i = 0
function burst() {
  const now = Date.now()
  const target = Math.min(rate * seconds, Math.floor(((now - t0) * rate) / 1000))
  let out = ''
  while (i < target) out += 'line ' + i++ + ' t=' + now + ' ' + pad + '\\n'
  if (out) process.stdout.write(out)
  if (i < rate * seconds) setTimeout(burst, 5)
  else process.stdout.write('produced ' + i + ' lines in ' + (Date.now() - t0) + ' ms\\n')
}
burst()
`

const results = {}
let app
let page

before(async () => {
  const dir = tempDir('hum-speed-')
  writeFileSync(join(dir, 'flood.js'), producer)
  app = await startApp({ mode: 'dev', project: dir })
  page = await openPage(app)
  await page.waitForSelector('[data-testid=no-processes]', { timeout: 30_000 })
})

after(async () => {
  await closeBrowser()
  if (app) await stopApp(app)
  writeReport()
})

function pct(values, p) {
  if (values.length === 0) return NaN
  const s = [...values].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]
}

/** Starts recording frame gaps and the newest visible line's latency. */
async function startMeasuring() {
  await page.evaluate(() => {
    const m = (window.__m = { gaps: [], latency: [], on: true })
    let last = performance.now()
    const frame = (t) => {
      m.gaps.push(t - last)
      last = t
      if (m.on) requestAnimationFrame(frame)
    }
    requestAnimationFrame(frame)
    m.timer = setInterval(() => {
      const rows = document.querySelector('[data-testid=log-view] .xterm-rows')?.textContent ?? ''
      let newest = 0
      for (const match of rows.matchAll(/t=(\d{13})/g)) newest = Math.max(newest, Number(match[1]))
      if (newest) m.latency.push(Date.now() - newest)
    }, 50)
  })
}

async function stopMeasuring() {
  return page.evaluate(() => {
    const m = window.__m
    m.on = false
    clearInterval(m.timer)
    return { gaps: m.gaps.slice(1), latency: m.latency }
  })
}

test(`a process printing ${RATE.toLocaleString('en-US')} lines/s keeps the UI responsive`, async () => {
  await page.fill('[data-testid=command-input]', 'node flood.js')
  await page.press('[data-testid=command-input]', 'Enter')
  await waitFor('the flood to show', async () => /t=\d{13}/.test(await page.textContent('[data-testid=log-view]')))
  await page.waitForTimeout(1000) // past the start-up
  await startMeasuring()
  await page.waitForTimeout((SECONDS - 3) * 1000)
  const m = await stopMeasuring()
  await waitFor('the producer to finish', async () => (await page.textContent('[data-testid=log-view]')).includes('produced '), { timeout: 60_000 })
  const procs = await page.evaluate(() => window.go.main.App.Processes())
  const tail = await page.evaluate((id) => window.go.main.App.TailLogs(id, 1), procs[0].id)
  const summary = tail.lines.at(-1).raw
  const [, lines, ms] = summary.match(/produced (\d+) lines in (\d+) ms/)
  const view = await page.evaluate(() => ({ ...document.querySelector('[data-testid=log-view]').dataset }))
  const r = (results.flood = {
    rate: Math.round((Number(lines) * 1000) / Number(ms)),
    written: Number(view.written),
    skipped: Number(view.skipped),
    frames: m.gaps.length,
    gapP50: pct(m.gaps, 50),
    gapP95: pct(m.gaps, 95),
    gapMax: Math.max(...m.gaps),
    latencyP50: pct(m.latency, 50),
    latencyP95: pct(m.latency, 95),
    latencyMax: Math.max(...m.latency),
    samples: m.latency.length,
  })
  console.log('flood', r)
  assert.ok(r.rate >= RATE * 0.9, `the producer reached ${r.rate} lines/s, want ~${RATE}`)
  assert.ok(r.frames > 20, `frames: got ${r.frames}`)
  assert.ok(r.gapP95 < 50, `frame gap p95: got ${r.gapP95.toFixed(1)} ms, want < 50 ms`)
  assert.ok(r.samples > 20, `latency samples: got ${r.samples}`)
  assert.ok(r.latencyP95 < 200, `newest-line latency p95: got ${r.latencyP95} ms, want < 200 ms`)
})

test(`${PROCS} running processes render without jank`, async () => {
  await page.click('[data-testid=process-all]')
  const t0 = Date.now()
  await page.evaluate(async (n) => {
    const starts = []
    for (let i = 0; i < n; i++) {
      // perl prints without forking, so the load is the UI's, not the workers'.
      starts.push(window.go.main.App.StartCommand(`exec perl -e '$|=1; for (my $n=0;;$n++) { print "worker ${i} tick $n\\n"; select(undef,undef,undef,0.5) }'`, ''))
    }
    await Promise.all(starts)
  }, PROCS)
  await waitFor(`${PROCS} running rows`, async () => {
    const n = await page.locator('[data-testid=process][data-status=running]').count()
    return n >= PROCS
  }, { timeout: 60_000 })
  const shown = Date.now() - t0
  await page.waitForTimeout(1500) // let metrics and sparklines arrive
  await startMeasuring()
  await page.waitForTimeout(5000)
  const m = await stopMeasuring()
  const r = (results.many = {
    procs: PROCS,
    allRowsMs: shown,
    frames: m.gaps.length,
    gapP50: pct(m.gaps, 50),
    gapP95: pct(m.gaps, 95),
    gapMax: Math.max(...m.gaps),
  })
  console.log('many', r)
  await page.screenshot({ path: join(screenshotsDir, 'fifty-processes.png') })
  await page.evaluate(() => window.go.main.App.StopAll())
  assert.ok(r.gapP95 < 50, `frame gap p95 with ${PROCS} processes: got ${r.gapP95.toFixed(1)} ms, want < 50 ms`)
})

function writeReport() {
  const f = (v) => (typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(1)) : String(v))
  const lines = [
    'make test-e2e (tests/e2e/run.sh tests/e2e/speed.test.mjs): Chromium (headless, Xvfb) on the dev build, 2-core machine',
    '',
  ]
  if (results.flood) {
    const r = results.flood
    lines.push(
      `flood: one process printing ${f(r.rate)} lines/s (target ${RATE}), the process's log view following`,
      `  frame gap (requestAnimationFrame) over ${r.frames} frames: p50 ${f(r.gapP50)} ms, p95 ${f(r.gapP95)} ms, max ${f(r.gapMax)} ms   (want p95 < 50 ms)`,
      `  newest line on screen, ${r.samples} samples: p50 ${f(r.latencyP50)} ms, p95 ${f(r.latencyP95)} ms, max ${f(r.latencyMax)} ms   (want < 200 ms)`,
      `  lines written to the view ${r.written}, skipped to keep up ${r.skipped} (${f((100 * r.written) / Math.max(1, r.written + r.skipped))}% shown)`,
      '',
    )
  }
  if (results.many) {
    const r = results.many
    lines.push(
      `many: ${r.procs} processes running, each printing 2 lines/s, "All" view`,
      `  all ${r.procs} rows shown as running ${f(r.allRowsMs)} ms after the starts were sent`,
      `  frame gap over ${r.frames} frames: p50 ${f(r.gapP50)} ms, p95 ${f(r.gapP95)} ms, max ${f(r.gapMax)} ms   (want p95 < 50 ms)`,
      '',
    )
  }
  writeFileSync(join(benchDir, 'ui.txt'), lines.join('\n'))
}
