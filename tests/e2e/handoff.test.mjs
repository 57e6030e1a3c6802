// A second launch of Hum hands its folder to the window that runs. Any
// local program can do that over D-Bus, so a hand-off must never run or stop
// anything: the folder opens beside the open projects, whose processes run
// on. Runs the real dev build under the private D-Bus session run.sh starts,
// where Wails' single-instance lock lives.
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

test('a second launch adds its folder beside the open project and stops nothing', async () => {
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
  await page.locator('[data-testid=script][data-name=test]').waitFor({ timeout: 30_000 })
  const root = async () => (await page.evaluate(() => window.go.main.App.Project())).root
  assert.equal(await root(), other, 'the launch\'s folder is shown')
  const list = await page.evaluate(() => window.go.main.App.Projects())
  assert.deepEqual(list.map((p) => [p.root, p.running]), [[first, 1], [other, 0]], 'the first project runs on')
  const running = page.locator(`[data-testid=project][data-root="${first}"] [data-testid=project-running]`)
  await running.waitFor({ timeout: 30_000 })
  assert.equal((await running.textContent()).trim(), '1 running')

  // Launched again on the first folder: it is shown, not reopened.
  await launchAgain(first, env)
  await waitFor('the first folder to be shown', async () => (await root()) === first)
  const procs = await page.evaluate(() => window.go.main.App.Processes())
  assert.deepEqual(procs.map((p) => [p.id, p.status]), [[st.id, 'running']])
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
