// Opening a huge, hostile repository: the window shows the scan's progress
// and stays usable, and the project opens with the cut said in one problem.
import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { join, basename } from 'node:path'
import { mkdirSync, writeFileSync } from 'node:fs'
import { startApp, stopApp, openPage, closeBrowser, waitFor, screenshotsDir, tempDir } from './harness.mjs'

let app
after(async () => {
  await closeBrowser()
  if (app) await stopApp(app)
})

/** A repository whose scan takes a while: a "**" workspace over many folders, and a 4 MiB Makefile of mistakes. */
function hugeRepo() {
  const dir = tempDir('hum-e2e-huge-')
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ workspaces: ['**'], scripts: { dev: 'vite' } }))
  writeFileSync(join(dir, 'Makefile'), 'x\n'.repeat(2 * 1024 * 1024))
  for (let i = 0; i < 200; i++) for (let j = 0; j < 100; j++) mkdirSync(join(dir, `d${i}`, `e${j}`), { recursive: true })
  return dir
}

test('a huge repository opens in the background with "Scanning… N files", and the cut is one problem', async () => {
  const huge = hugeRepo()
  app = await startApp()
  const page = await openPage(app)
  await page.waitForSelector('[data-testid=sidebar]')

  // Record every scan status the window shows, however briefly.
  await page.evaluate(() => {
    window.__scanTexts = []
    window.__scanAnimations = 0
    new MutationObserver(() => {
      const el = document.querySelector('[data-testid=scan-count]')
      if (el) window.__scanTexts.push(el.textContent)
      // Nothing animates while the status shows: an endless animation
      // repaints the window every frame for as long as it stays up.
      if (el) window.__scanAnimations = Math.max(window.__scanAnimations, document.getAnimations().length)
    }).observe(document.body, { subtree: true, childList: true, characterData: true })
  })
  // As the tray or a second launch would: the window learns of it by events.
  await page.evaluate((dir) => { window.__open = window.go.main.App.OpenProject(dir) }, huge)

  // The open project stays usable while the scan runs: a bound call answers.
  const t0 = Date.now()
  await page.evaluate(() => window.go.main.App.Processes())
  assert.ok(Date.now() - t0 < 5000, `Processes() took ${Date.now() - t0} ms during the scan`)

  try {
    await waitFor('the scan status', async () => page.isVisible('[data-testid=scan-status]'), { timeout: 10_000 })
    await page.screenshot({ path: join(screenshotsDir, 'scanning.png') })
  } catch {
    // A fast machine may finish before a poll sees it; the observer below has the proof.
  }
  await page.evaluate(() => window.__open)
  await waitFor('the new project', async () => (await page.textContent('[data-testid=project-name]')).trim() === basename(huge), { timeout: 60_000 })

  const seen = await page.evaluate(() => window.__scanTexts)
  assert.ok(seen.some((t) => /^Scanning… [\d,]+ files?$/.test(t)), `scan texts seen: ${seen.slice(0, 5)}`)
  assert.ok(seen.some((t) => /^Scanning… [\d,]*[1-9][\d,]* files?$/.test(t)), `a count above 0: ${seen.slice(-5)}`)
  // The project and the scan's end come as two events: the status goes
  // with the second, which a loaded machine may deliver a moment later.
  await waitFor('the status to go once the scan ends', async () => !(await page.isVisible('[data-testid=scan-status]')), { timeout: 10_000 })
  const animations = await page.evaluate(() => window.__scanAnimations)
  assert.equal(animations, 0, `got ${animations} running animations while the scan status showed, want none`)
  const text = await page.textContent('[data-testid=sidebar]')
  assert.match(text, /2,097,152 problems; showing the first 100|time ran out/)
})
