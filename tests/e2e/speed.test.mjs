// The UI under load, against the real app's dev build in Chromium: what a
// user checks, with bounds that hold on a busy 2-core machine. How fast it
// stays (frame gaps, the newest line's latency) is a benchmark, not a test:
// tests/e2e/ui.bench.mjs, run by `make bench`.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { stopApp, closeBrowser, waitFor, screenshotsDir } from './harness.mjs'
import { openFloodProject, startFlood, startWorkers } from './load.mjs'

const RATE = 100_000 // lines per second
const SECONDS = 8
const PROCS = 50

let app
let page

before(async () => {
  ({ app, page } = await openFloodProject('hum-speed-', RATE, SECONDS))
})

after(async () => {
  await closeBrowser()
  if (app) await stopApp(app)
})

/** Clicks selector and waits until it shows as selected: the UI answered. */
async function clickSelects(selector, what) {
  await page.click(selector, { timeout: 30_000 })
  await waitFor(`${what} to show as selected after a click`,
    async () => (await page.getAttribute(selector, 'aria-selected')) === 'true', { timeout: 30_000 })
}

test(`under a process printing ${RATE.toLocaleString('en-US')} lines/s the UI answers clicks and shows the newest line`, async () => {
  await startFlood(page)
  const flood = '[data-testid=process][data-name="node flood.js"]'
  await clickSelects('[data-testid=process-all]', 'the "All processes" row')
  await clickSelects(flood, 'the flood\'s row')
  // The producer's last line is the newest line: it must reach the screen,
  // however many lines the view skipped to keep up.
  await waitFor('the producer\'s last line in the log view',
    async () => /produced \d+ lines in \d+ ms/.test(await page.textContent('[data-testid=log-view]')), { timeout: 120_000 })
})

test(`${PROCS} running processes all show, nothing animates, and a click selects a row`, async () => {
  await page.click('[data-testid=process-all]')
  await startWorkers(page, PROCS)
  await waitFor(`${PROCS} running rows`,
    async () => (await page.locator('[data-testid=process][data-status=running]').count()) >= PROCS, { timeout: 120_000 })
  // An infinite animation repaints the window every frame for as long as it
  // runs: with nothing changing, nothing may move.
  const endless = await page.evaluate(() => document.getAnimations()
    .filter((a) => a.playState === 'running' && a.effect?.getTiming().iterations === Infinity)
    .map((a) => `${a.animationName ?? a.constructor.name} on ${a.effect?.target?.className ?? '?'}`))
  assert.deepEqual(endless, [], `got ${endless.length} endless animations, want none: ${endless.slice(0, 3).join('; ')}`)
  await page.screenshot({ path: join(screenshotsDir, 'fifty-processes.png') })
  await clickSelects('[data-testid=process][data-status=running] >> nth=10', 'the 11th running row')
  await page.evaluate(() => window.go.main.App.StopAll())
})
