// Autostart with trust first: a project whose hum.yaml starts a group on
// open asks before its commands first run, starts them once approved (now
// and on every later open, here a second run of Hum), and asks again once
// a member's command changes in the file. The user's own "on open" choice
// overrides the file's and is asked about the same way.
import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { startApp, stopApp, openPage, closeBrowser, waitFor, tempDir, screenshotsDir } from './harness.mjs'

let app
const config = tempDir('hum-e2e-autostart-config-') // the user's config, kept across both runs of Hum
after(async () => {
  await closeBrowser()
  if (app) await stopApp(app)
  rmSync(config, { recursive: true, force: true })
})

function stackProject() {
  const dir = join(tempDir('hum-e2e-autostart-'), 'shop')
  mkdirSync(dir)
  writeFileSync(join(dir, '.env'), 'GREETING=hi\n')
  writeFileSync(join(dir, 'Procfile'), 'web: echo "web says $GREETING" && exec sleep 300\n')
  writeFileSync(join(dir, 'hum.yaml'), `processes:
  db:
    command: echo "db ready" && exec sleep 300
groups:
  dev:
    members: [db, web]
defaults:
  autostart: dev
`)
  return dir
}

/** The status of each process row, by name. */
async function statuses(page) {
  return page.$$eval('[data-testid=process]', (rows) => Object.fromEntries(rows.map((r) => [r.dataset.name, r.dataset.status])))
}

const prompt = '[data-testid=autostart-prompt]'

/** Opens dir again: closes it (stopping its processes), then opens it; opening an open folder only switches to it. */
const reopen = (page, dir) => page.evaluate(async (d) => {
  await window.go.main.App.CloseProject(d, true)
  return window.go.main.App.OpenProject(d)
}, dir)

test('the trust prompt shows first, approval starts the group on every open, a changed command asks again', async () => {
  const dir = stackProject()
  app = await startApp({ project: dir, env: { HUM_CONFIG_DIR: config } })
  let page = await openPage(app)

  // First open: the prompt says what would run, and nothing runs.
  await page.waitForSelector(prompt, { timeout: 30_000 })
  const members = await page.$$eval('[data-testid=autostart-member]', (ms) => ms.map((m) => m.dataset.name))
  assert.deepEqual(members, ['db', 'web'])
  const text = await page.textContent(prompt)
  assert.match(text, /echo "db ready" && exec sleep 300/)
  assert.match(text, /environment from\s+\.env/)
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'autostart-decline', 'the safe answer has the focus')
  assert.deepEqual(await statuses(page), {}, 'nothing starts before the user approves')
  assert.deepEqual(await page.evaluate(() => window.go.main.App.Processes()), [])
  await page.screenshot({ path: join(screenshotsDir, 'autostart-prompt.png') })

  await page.click('[data-testid=autostart-approve]')
  await waitFor('db and web running', async () => {
    const s = await statuses(page)
    return s.db === 'running' && s.web === 'running'
  }, { timeout: 30_000 })
  assert.equal(await page.$(prompt), null, 'the prompt is gone')
  assert.equal(await page.isChecked('[data-testid=group][data-name=dev] [data-testid=group-autostart]'), true)
  assert.match(readFileSync(join(config, 'config.json'), 'utf8'), /"approved": \[\s*"sha256:/, "remembered in the user's config")
  await page.close()
  await stopApp(app)

  // Hum again: the approved set starts by itself, without a question.
  app = await startApp({ project: dir, env: { HUM_CONFIG_DIR: config } })
  page = await openPage(app)
  await waitFor('the group started on open', async () => {
    const s = await statuses(page)
    return s.db === 'running' && s.web === 'running'
  }, { timeout: 30_000 })
  assert.equal(await page.$(prompt), null, 'an approved set is not asked about')
  assert.equal((await page.evaluate(() => window.go.main.App.PendingAutostart())).serial, 0)

  // A member's command changes in hum.yaml; the project is opened again.
  const yaml = readFileSync(join(dir, 'hum.yaml'), 'utf8')
  writeFileSync(join(dir, 'hum.yaml'), yaml.replace('echo "db ready"', 'echo "db v2 ready"'))
  await reopen(page, dir)
  await page.waitForSelector(prompt, { timeout: 30_000 })
  assert.match(await page.textContent(prompt), /echo "db v2 ready" && exec sleep 300/)
  await waitFor('the old processes gone with the old open', async () => Object.keys(await statuses(page)).length === 0)
  assert.deepEqual(await page.evaluate(() => window.go.main.App.Processes()), [], 'a changed set starts nothing')

  // Not now: still nothing runs.
  await page.click('[data-testid=autostart-decline]')
  await waitFor('the prompt to close', async () => (await page.$(prompt)) === null)
  assert.deepEqual(await page.evaluate(() => window.go.main.App.Processes()), [])

  // The user's own choice: "on open" unticked, this project starts nothing
  // for them and asks nothing, whatever hum.yaml says.
  const onOpen = '[data-testid=group][data-name=dev] [data-testid=group-autostart]'
  await page.uncheck(onOpen)
  await waitFor('the choice saved', async () => /"chosen": true/.test(readFileSync(join(config, 'config.json'), 'utf8')))
  assert.equal(readFileSync(join(dir, 'hum.yaml'), 'utf8'), yaml.replace('echo "db ready"', 'echo "db v2 ready"'), 'hum.yaml is left alone')
  await reopen(page, dir)
  assert.equal((await page.evaluate(() => window.go.main.App.PendingAutostart())).serial, 0, 'no group, no question')
  assert.deepEqual(await page.evaluate(() => window.go.main.App.Autostart()), { group: '', chosen: true, fileDefault: 'dev', approved: false })
  assert.equal(await page.isChecked(onOpen), false)
  assert.equal(await page.$(prompt), null)
  assert.deepEqual(await page.evaluate(() => window.go.main.App.Processes()), [])

  // Ticked again: its unapproved commands are asked about at once.
  await page.check(onOpen)
  await page.waitForSelector(prompt, { timeout: 30_000 })
  assert.match(await page.textContent(prompt), /echo "db v2 ready"/)
})
