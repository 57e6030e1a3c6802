// Several projects at once, in the real dev build: the API repository and
// the frontend repository open side by side; a process started in one keeps
// running while the other is shown, the sidebar's project list counts it,
// and closing a project whose processes run asks first. A screenshot of
// the list goes to the harness's screenshotsDir (docs/screenshots/ with
// HUM_UPDATE_DOCS=1).
import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { startApp, stopApp, openPage, closeBrowser, waitFor, screenshotsDir, tempDir } from './harness.mjs'

mkdirSync(screenshotsDir, { recursive: true })

let app
const dirs = []
after(async () => {
  await closeBrowser()
  if (app) await stopApp(app)
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

/** A project folder named name (the list shows folder names) with a Procfile. */
function project(name, procfile) {
  const parent = tempDir('hum-e2e-projects-')
  dirs.push(parent)
  const dir = join(parent, name)
  mkdirSync(dir)
  writeFileSync(join(dir, 'Procfile'), procfile)
  return dir
}

const entry = (page, root) => page.locator(`[data-testid=project][data-root="${root}"]`)
const runningText = async (page, root) => (await entry(page, root).locator('[data-testid=project-running]').count())
  ? (await entry(page, root).locator('[data-testid=project-running]').textContent()).trim() : ''
/** The text the log view shows now (its visible rows). */
const logText = (page) => page.evaluate(() => document.querySelector('[data-testid=log-view] .xterm-rows')?.textContent ?? '')
const alive = (pid) => { try { process.kill(pid, 0); return true } catch { return false } }

test('two projects side by side: switching stops nothing, closing with running processes asks', async () => {
  const api = project('api', 'server: echo api listening on http://localhost:4800 && exec sleep 300\n')
  const front = project('frontend', 'dev: echo vite ready && exec sleep 300\nlint: echo 3 problems && exit 1\n')
  app = await startApp({ mode: 'dev', project: api })
  const page = await openPage(app)
  await page.waitForSelector('[data-testid=sidebar]', { timeout: 30_000 })
  await entry(page, api).waitFor({ timeout: 30_000 })

  // Start api's server from its script row.
  const st = await page.evaluate(() => window.go.main.App.Start('procfile:Procfile:server'))
  await page.locator('[data-testid=process][data-name=server][data-status=running]').waitFor({ timeout: 30_000 })

  // Open the frontend repository beside it (what Open folder… does once the dialog answers).
  await page.evaluate((dir) => window.go.main.App.OpenProject(dir), front)
  await page.locator('[data-testid=script][data-name=lint]').waitFor({ timeout: 30_000 })
  await waitFor('api to count 1 running in the background', async () => (await runningText(page, api)) === '1 running')
  assert.equal(await entry(page, front).getAttribute('data-active'), 'true')
  assert.equal(await page.locator('[data-testid=process][data-name=server]').count(), 0, 'the frontend shows its own processes')
  assert.ok(alive(st.pid), 'api\'s server runs on')
  await page.locator('[data-testid=scan-status]').waitFor({ state: 'detached', timeout: 30_000 })

  // Back to api: its server is there, still running, never restarted.
  await entry(page, api).locator('button[title]').first().click()
  await page.locator('[data-testid=process][data-name=server][data-status=running]').waitFor({ timeout: 30_000 })
  assert.equal(await entry(page, api).getAttribute('data-active'), 'true')
  await waitFor('api\'s own logs', async () => (await logText(page)).includes('api listening'))
  const states = await page.evaluate(() => window.go.main.App.Processes())
  assert.deepEqual(states.map((p) => [p.id, p.status, p.restarts]), [[st.id, 'running', 0]])

  // The frontend's lint fails and dev runs, while api is shown.
  await entry(page, front).locator('button[title]').first().click()
  await page.locator('[data-testid=script][data-name=lint]').waitFor({ timeout: 30_000 })
  await page.evaluate(() => Promise.all([window.go.main.App.Start('procfile:Procfile:lint'), window.go.main.App.Start('procfile:Procfile:dev')]))
  await entry(page, front).locator('[data-testid=project-failed]').waitFor({ timeout: 30_000 })
  await waitFor('frontend to count 1 running', async () => (await runningText(page, front)) === '1 running')
  await waitFor('the frontend\'s own logs', async () => (await logText(page)).includes('vite ready'))
  assert.doesNotMatch(await logText(page), /api listening/, 'another project\'s lines in the log view')
  // The README's picture: the project list beside the shown project's processes.
  await page.mouse.move(900, 700) // no hover highlight
  await page.screenshot({ path: join(screenshotsDir, 'projects.png'), clip: { x: 0, y: 0, width: 1280, height: 400 } })

  // Close api while its server runs: asked, and Cancel closes nothing.
  await entry(page, api).locator('[data-testid=project-close]').click()
  const dialog = page.locator('[data-testid=project-close-confirm]')
  await dialog.waitFor({ timeout: 10_000 })
  assert.match(await dialog.textContent(), /api has 1 running process\b/)
  await page.locator('[data-testid=project-close-cancel]').click()
  await dialog.waitFor({ state: 'detached' })
  assert.equal(await page.locator('[data-testid=project]').count(), 2)
  assert.ok(alive(st.pid))

  // Stop them and close: api's server ends, and the frontend stays shown.
  await entry(page, api).locator('[data-testid=project-close]').click()
  await page.locator('[data-testid=project-close-stop]').click()
  await entry(page, api).waitFor({ state: 'detached', timeout: 30_000 })
  await waitFor('api\'s server to end', async () => !alive(st.pid))
  assert.equal(await entry(page, front).getAttribute('data-active'), 'true')
  assert.equal(await page.locator('[data-testid=process][data-name=dev][data-status=running]').count(), 1)

  // Closing the last one: asked again (dev runs), then the welcome screen, which lists both as recent.
  await entry(page, front).locator('[data-testid=project-close]').click()
  await page.locator('[data-testid=project-close-stop]').click()
  await page.locator('[data-testid=welcome]').waitFor({ timeout: 30_000 })
  const welcome = await page.locator('[data-testid=welcome]').textContent()
  assert.match(welcome, /frontend/)
  assert.match(welcome, /api/)
  assert.deepEqual(await page.evaluate(() => window.go.main.App.Projects()), [])
  await page.close()
})
