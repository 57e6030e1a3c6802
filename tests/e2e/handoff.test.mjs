// A second launch of Hum hands its folder to the window that runs. Any
// local program can do that over D-Bus, so while processes run the window
// only asks, and nothing stops until the user clicks Open. Runs the real dev
// build under the private D-Bus session run.sh starts, where Wails' single-
// instance lock lives.
import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { startApp, stopApp, openPage, closeBrowser, waitFor, screenshotsDir, tempDir, devBin } from './harness.mjs'

mkdirSync(screenshotsDir, { recursive: true })

let app
const dirs = []
after(async () => {
  await closeBrowser()
  if (app) await stopApp(app)
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

/** Launches the dev binary again on dir, as a user or a program would, and waits for it to hand over and exit. */
async function launchAgain(dir, env) {
  const second = spawn(devBin, [dir], { env, stdio: 'ignore' })
  const code = await new Promise((ok) => second.once('exit', (c, s) => ok(c ?? s)))
  return code
}

test('a second launch asks before stopping running processes, and only Open opens', async () => {
  const first = tempDir('hum-first-')
  writeFileSync(join(first, 'Makefile'), 'build:\n\t@echo built\n')
  const other = tempDir('hum-other-')
  dirs.push(first, other)
  writeFileSync(join(other, 'Makefile'), 'test:\n\t@echo tested\n')
  app = await startApp({ mode: 'dev', project: first })
  const page = await openPage(app)
  await page.waitForSelector('[data-testid=sidebar]', { timeout: 30_000 })
  const st = await page.evaluate(() => window.go.main.App.StartCommand('exec sleep 300', ''))
  await page.locator(`[data-testid=process][data-status=running]`).waitFor({ timeout: 30_000 })

  const env = { ...process.env, HUM_CONFIG_DIR: app.configDir, NO_AT_BRIDGE: '1' }
  await launchAgain(other, env)
  const dialog = page.locator('[data-testid=open-request]')
  await dialog.waitFor({ timeout: 30_000 })
  const text = await dialog.textContent()
  assert.match(text, new RegExp(`Open ${other}\\?`), `dialog: ${text}`)
  assert.match(text, /1 process is running in/, `dialog: ${text}`)
  await page.screenshot({ path: join(screenshotsDir, 'open-request.png') })

  const running = async () => (await page.evaluate(() => window.go.main.App.Processes()))
    .filter((p) => p.status === 'running').map((p) => p.id)
  assert.deepEqual(await running(), [st.id], 'nothing stopped while the window asks')
  const root = async () => (await page.evaluate(() => window.go.main.App.Project())).root

  // Cancel: nothing changes.
  await page.locator('[data-testid=open-request-cancel]').click()
  await dialog.waitFor({ state: 'detached' })
  assert.equal(await root(), first)
  assert.deepEqual(await running(), [st.id])

  // Asked again, Open: the folder opens and the old process is stopped.
  await launchAgain(other, env)
  await dialog.waitFor({ timeout: 30_000 })
  await page.locator('[data-testid=open-request-open]').click()
  await waitFor('the other folder to open', async () => (await root()) === other)
  await page.locator('[data-testid=script][data-name=test]').waitFor({ timeout: 30_000 })
  assert.deepEqual(await running(), [], 'the new project starts empty')
  await page.close()
})

test('a config file with a typo is moved aside, and the window says where', async () => {
  if (app) await stopApp(app)
  const cfg = tempDir('hum-e2e-typo-')
  dirs.push(cfg)
  writeFileSync(join(cfg, 'config.json'), '{"recent": [],}\n')
  app = await startApp({ mode: 'dev', env: { HUM_CONFIG_DIR: cfg } })
  const page = await openPage(app)
  const toast = page.locator('[data-testid=toast]', { hasText: 'config.json' })
  await toast.waitFor({ timeout: 30_000 })
  const text = await toast.textContent()
  assert.match(text, new RegExp(`moved to ${cfg}/config\\.json\\.corrupt-\\d{8}T\\d{6}`), `toast: ${text}`)
  assert.match(text, /line 1/, `toast: ${text}`)
  await page.screenshot({ path: join(screenshotsDir, 'config-moved-aside.png') })
  await page.close()
})
