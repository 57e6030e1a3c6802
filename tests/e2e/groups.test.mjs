// hum.yaml's groups in the sidebar: a click on a group's start button
// starts both members (one of hum.yaml's processes, one discovered Procfile
// entry), the count follows, and its stop button stops both.
import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { mkdirSync, writeFileSync } from 'node:fs'
import { startApp, stopApp, openPage, closeBrowser, waitFor, screenshotsDir, tempDir } from './harness.mjs'

let app
after(async () => {
  await closeBrowser()
  if (app) await stopApp(app)
})

function stackProject() {
  const dir = join(tempDir('hum-e2e-groups-'), 'shop') // a plain name for the screenshot
  mkdirSync(dir)
  writeFileSync(join(dir, 'Procfile'), 'web: echo "web up on $PORT" && exec sleep 300\n')
  writeFileSync(join(dir, 'hum.yaml'), `# the e2e stack
processes:
  db:
    command: echo "db ready on $DB_PORT" && exec sleep 300
    env: {DB_PORT: 5432}
    description: a database stand-in
scripts:
  web:
    env: {PORT: 4000}
groups:
  dev:
    description: db and web
    members: [db, web]
`)
  return dir
}

/** The status of each process row, by name. */
async function statuses(page) {
  return page.$$eval('[data-testid=process]', (rows) => Object.fromEntries(rows.map((r) => [r.dataset.name, r.dataset.status])))
}

test('a group starts and stops from the sidebar, both members with it', async () => {
  app = await startApp({ project: stackProject() })
  const page = await openPage(app)
  const group = '[data-testid=group][data-name=dev]'
  await page.waitForSelector(group, { timeout: 30_000 })
  assert.equal((await page.textContent(`${group} [data-testid=group-count]`)).trim(), '0/2')
  assert.match(await page.textContent(group), /db, web/)
  assert.match(await page.textContent('[data-testid=script-group][data-source="hum.yaml"]'), /db/, "hum.yaml's process is listed as a source")

  await page.click(`${group} [data-testid=group-start]`)
  await waitFor('both members running', async () => {
    const s = await statuses(page)
    return s.db === 'running' && s.web === 'running'
  }, { timeout: 30_000 })
  await waitFor('the count to say 2/2', async () => (await page.textContent(`${group} [data-testid=group-count]`)).trim() === '2/2')
  assert.equal(await page.isDisabled(`${group} [data-testid=group-start]`), true, 'nothing more to start')

  // Each member got its environment from hum.yaml.
  const logs = async (id) => (await page.evaluate((p) => window.go.main.App.TailLogs(p, 50), id)).lines.map((l) => l.raw).join('\n')
  const procs = await page.evaluate(() => window.go.main.App.Processes())
  const byName = Object.fromEntries(procs.map((p) => [p.name, p.id]))
  await waitFor("the members' output", async () =>
    (await logs(byName.db)).includes('db ready on 5432') && (await logs(byName.web)).includes('web up on 4000'))
  await page.screenshot({ path: join(screenshotsDir, 'groups.png') })

  await page.click(`${group} [data-testid=group-stop]`)
  await waitFor('both members stopped', async () => {
    const s = await statuses(page)
    return s.db === 'stopped' && s.web === 'stopped'
  }, { timeout: 30_000 })
  await waitFor('the count to say 0/2', async () => (await page.textContent(`${group} [data-testid=group-count]`)).trim() === '0/2')
})
