// Issue 12 §4, against the real app's dev build in Chromium: a process
// printing 10,000 errors a second and one printing 1 MiB lines, for 10
// seconds. The window keeps answering clicks, the newest lines reach the
// screen, a long line shows cut with a note saying how much, and the
// Errors panel holds a bounded list. No frame-time thresholds: only what a
// user checks, with timeouts that hold on a busy 2-core machine.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { copyFileSync, writeFileSync } from 'node:fs'
import { startApp, stopApp, openPage, closeBrowser, waitFor, tempDir, repoRoot, screenshotsDir } from './harness.mjs'

const SECONDS = 10
// The fixtures are copied into the project, so the commands (and the
// process rows named after them) are short.
const errorsCmd = `node errors.js 10000 ${SECONDS}`
const longCmd = `node long-lines.js 1048576 20 ${SECONDS}`
// A row is named after the start of its command.
const row = (cmd) => `[data-testid=process][data-name^="${cmd.split(' ').slice(0, 2).join(' ')}"]`

// 200,000 lines in one write, a second after starting (so the view is open
// and following when they come): far more than one "logs" event carries.
const BURST_LINES = 200_000
const BURST = `setTimeout(() => {
  const out = []
  for (let i = 1; i <= ${BURST_LINES}; i++) out.push('burst line ' + i)
  process.stdout.write(out.join('\\n') + '\\n')
}, 1000)
`

let app
let page

before(async () => {
  const dir = tempDir('hum-flood-')
  for (const f of ['errors.js', 'long-lines.js']) copyFileSync(join(repoRoot, 'tests/flood', f), join(dir, f))
  writeFileSync(join(dir, 'burst.js'), BURST)
  app = await startApp({ mode: 'dev', project: dir })
  page = await openPage(app)
  await page.waitForSelector('[data-testid=no-processes]', { timeout: 30_000 })
})

after(async () => {
  await closeBrowser()
  if (app) await stopApp(app)
})

const logText = () => page.textContent('[data-testid=log-view]')

/** Clicks selector and waits until it shows as selected: the UI answered. */
async function clickSelects(selector, what) {
  await page.click(selector, { timeout: 30_000 })
  await waitFor(`${what} to show as selected after a click`,
    async () => (await page.getAttribute(selector, 'aria-selected')) === 'true', { timeout: 30_000 })
}

async function run(cmd) {
  await page.fill('[data-testid=command-input]', cmd)
  await page.press('[data-testid=command-input]', 'Enter')
  try {
    await page.waitForSelector(row(cmd), { timeout: 30_000 })
  } catch (e) {
    const names = await page.locator('[data-testid=process]').evaluateAll((els) => els.map((el) => el.dataset.name))
    await page.screenshot({ path: join(screenshotsDir, 'flood-start-failed.png') })
    throw new Error(`no row for ${cmd}; rows: ${JSON.stringify(names)}`, { cause: e })
  }
}

test('under a flood of errors and 1 MiB lines the window answers, shows the newest lines and bounds its lists', async () => {
  await run(errorsCmd)
  await run(longCmd)
  // The process started last is the one shown: its lines cut, each with a
  // note saying how much was cut (all of the line's remaining bytes when
  // they arrived in time, or what had arrived so far, a marker line ending it).
  const cutLine = /x… \d+\.\d [KM]iB more/
  await waitFor('a long line shown cut, with how much was cut', async () => cutLine.test(await logText()), { timeout: 60_000 })

  // While it floods: clicks answer.
  await clickSelects('[data-testid=process-all]', 'the "All processes" row')
  await clickSelects('[data-testid=tab-errors]', 'the Errors tab')
  await waitFor('errors in the Errors panel', async () => (await page.locator('[data-testid=error-entry]').count()) > 0)
  await clickSelects('[data-testid=tab-logs]', 'the Logs tab')
  await clickSelects(row(longCmd), 'the long-lines process row')

  // The newest line of each process reaches the screen.
  await waitFor('the long-lines process\'s last line', async () => /long-lines\.js printed \d+ lines/.test(await logText()), { timeout: 120_000 })
  await clickSelects(row(errorsCmd), 'the errors process row')
  await waitFor('the errors process\'s last line', async () => /errors\.js printed \d+ errors/.test(await logText()), { timeout: 120_000 })
  await page.screenshot({ path: join(screenshotsDir, 'flood-long-lines.png') })

  // The Errors panel holds a bounded list and says what it left out.
  await clickSelects('[data-testid=process-all]', 'the "All processes" row')
  await clickSelects('[data-testid=tab-errors]', 'the Errors tab')
  await waitFor('the note on errors not shown', async () => (await page.locator('[data-testid=errors-dropped]').count()) === 1)
  const shown = await page.locator('[data-testid=error-entry]').count()
  assert.ok(shown > 0 && shown <= 500, `error cards: got ${shown}, want 1..500`)
  const note = await page.textContent('[data-testid=errors-dropped]')
  assert.match(note, /more errors? were detected than\s+shown here/, `got ${note}`)
  await page.screenshot({ path: join(screenshotsDir, 'flood-errors.png') })

  for (const cmd of [errorsCmd, longCmd]) {
    assert.equal(await page.getAttribute(row(cmd), 'data-status'), 'succeeded', `${cmd}: the process ended normally`)
  }
})

test('a burst of 200,000 lines at once shows its newest line and says how many lines were skipped', async () => {
  // The backend keeps at most one event's worth of lines (LogCap) between
  // two events and counts the rest; the count travels in the event to the
  // view, which writes "N lines skipped" where they were.
  await clickSelects('[data-testid=tab-logs]', 'the Logs tab')
  await run('node burst.js')
  await waitFor('the burst\'s last line', async () => (await logText()).includes(`burst line ${BURST_LINES}`), { timeout: 120_000 })
  const skipped = Number(await page.getAttribute('[data-testid=log-view]', 'data-skipped'))
  assert.ok(skipped > 0 && skipped < BURST_LINES, `lines skipped: got ${skipped}, want 1..${BURST_LINES - 1}`)
  await page.fill('[data-testid=log-search]', 'lines skipped to keep up')
  await waitFor('the skip note in the log', async () => /^\d+ \/ \d+$/.test((await page.textContent('[data-testid=search-results]')).trim()), { timeout: 30_000 })
  await page.locator('[data-testid=log-search]').press('Escape')
  assert.equal(await page.getAttribute(row('node burst.js'), 'data-status'), 'succeeded', 'the burst ended normally')
})
