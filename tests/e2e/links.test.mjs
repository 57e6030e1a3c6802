// Links open in the user's browser, never in Hum's window: OSC 8 hyperlinks
// and plain URLs in the log view, and a script's window.open. Observed where
// the browser is started: Wails' BrowserOpenURL runs xdg-open on Linux, and
// a recorder of that name first on Hum's PATH writes down what it was asked
// to open.
import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { startApp, stopApp, openPage, closeBrowser, waitFor, tempDir } from './harness.mjs'

let app
after(async () => {
  await closeBrowser()
  if (app) await stopApp(app)
})

const opened = (file) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [])

/** Moves the mouse over text in the log view until xterm shows a link there, then clicks it. */
async function clickLogText(page, text) {
  const box = await waitFor(`"${text}" in the log view`, () => page.evaluate((t) => {
    for (const row of document.querySelectorAll('[data-testid=log-view] .xterm-rows > div')) {
      const walker = document.createTreeWalker(row, NodeFilter.SHOW_TEXT)
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const at = n.textContent.indexOf(t)
        if (at < 0) continue
        const r = document.createRange()
        r.setStart(n, at)
        r.setEnd(n, at + t.length)
        const b = r.getBoundingClientRect()
        return { x: b.left + b.width / 2, y: b.top + b.height / 2 }
      }
    }
    return null
  }, text))
  await waitFor(`xterm to see a link under "${text}"`, async () => {
    await page.mouse.move(box.x - 2, box.y)
    await page.mouse.move(box.x, box.y)
    return page.evaluate(() => !!document.querySelector('[data-testid=log-view] .xterm-cursor-pointer'))
  })
  await page.mouse.click(box.x, box.y)
}

test('links in the log view and window.open go to the browser', async () => {
  const project = tempDir('hum-e2e-links-')
  writeFileSync(join(project, 'Procfile'), 'web: sleep 300\n')
  const bin = tempDir('hum-e2e-xdg-')
  const record = join(bin, 'opened.txt')
  writeFileSync(join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s\\n' "$*" >> '${record}'\n`)
  chmodSync(join(bin, 'xdg-open'), 0o755)
  app = await startApp({ mode: 'dev', project, env: { PATH: `${bin}:${process.env.PATH}` } })
  const page = await openPage(app)
  await page.locator('[data-testid=command-input]').waitFor({ timeout: 30_000 })

  const osc8 = 'https://example.com/osc8-target'
  const plain = 'https://example.com/plain-target'
  await page.evaluate(([a, b]) => window.go.main.App.StartCommand(
    `printf '\\033]8;;${a}\\033\\\\osc8-click-here\\033]8;;\\033\\\\\\n'; echo 'see ${b} now'; sleep 300`, ''), [osc8, plain])

  await clickLogText(page, 'osc8-click-here')
  await waitFor('the OSC 8 link to reach the browser', () => opened(record).includes(osc8))
  await clickLogText(page, 'plain-target')
  await waitFor('the plain URL to reach the browser', () => opened(record).includes(plain))

  const viaOpen = 'https://example.com/window-open'
  const got = await page.evaluate((u) => window.open(u, '_blank'), viaOpen)
  assert.equal(got, null, 'window.open returned a window')
  await waitFor('window.open to reach the browser', () => opened(record).includes(viaOpen))

  assert.deepEqual(opened(record), [osc8, plain, viaOpen], 'what Hum asked the browser to open')
  assert.ok(page.url().startsWith(app.url), `the page navigated away: ${page.url()}`)
})
