// Foundation checks: the dev build serves the real frontend with live Go
// bindings, and the production build opens a real window and quits cleanly.
import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { startApp, stopApp, openPage, closeBrowser, outDir, expectedVersion,
  screenshotDisplay, imageSpread, findWindows, waitFor } from './harness.mjs'

after(closeBrowser)

test('the dev build serves the UI and a bound method round-trips', async () => {
  const app = await startApp({ mode: 'dev' })
  try {
    const page = await openPage(app)
    const version = await page.evaluate(() => window.go.main.App.Version())
    assert.equal(version, expectedVersion, `Version(): got ${version}, want ${expectedVersion}`)
    await page.screenshot({ path: join(outDir, 'smoke-dev.png') })
  } finally {
    const res = await stopApp(app)
    assert.ok(res.graceful, `the dev build did not exit on SIGTERM:\n${app.output}`)
  }
})

test('the production build opens its window and exits cleanly on SIGTERM', async () => {
  const app = await startApp({ mode: 'prod' })
  let res
  try {
    const [win] = await waitFor('a window titled Hum', () => {
      const ids = findWindows('^Hum$')
      return ids.length > 0 && ids
    }, { timeout: 60_000 })
    // The window maps before WebKit paints: wait until its content is more
    // than one flat colour, i.e. the frontend has rendered.
    const shot = join(outDir, 'smoke-window.png')
    await waitFor('the window to paint', () => imageSpread(screenshotDisplay(shot, win)) > 0.01, { timeout: 30_000, interval: 500 })
    screenshotDisplay(join(outDir, 'smoke-display.png'))
  } finally {
    res = await stopApp(app)
  }
  assert.ok(res.graceful, `hum did not exit on SIGTERM:\n${app.output}`)
  assert.equal(res.code, 0, `exit code: got ${res.code} (signal ${res.signal}), want 0\n${app.output}`)
})
