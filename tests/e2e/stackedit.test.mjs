// hum.yaml edited from the window and from outside it: a group made in the
// sidebar and a script added to it from its row are written into a
// commented hum.yaml that keeps every comment, and a save made in an editor
// meanwhile shows in the sidebar without reopening the project.
import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { startApp, stopApp, openPage, closeBrowser, waitFor, tempDir } from './harness.mjs'

let app
after(async () => {
  await closeBrowser()
  if (app) await stopApp(app)
})

const original = `# the e2e stack: comments must survive edits from the window
processes:
  db:   # a stand-in database
    command: echo "db up" && exec sleep 300

groups:
  # what a developer runs
  dev:
    members: [db]   # db only, for now
`

test('a group made and filled from the sidebar is written into hum.yaml, comments kept', async () => {
  const dir = join(tempDir('hum-e2e-stackedit-'), 'shop')
  mkdirSync(dir)
  writeFileSync(join(dir, 'Procfile'), 'web: echo "web up" && exec sleep 300\n')
  writeFileSync(join(dir, 'hum.yaml'), original)
  app = await startApp({ project: dir })
  const page = await openPage(app)
  await page.waitForSelector('[data-testid=group][data-name=dev]', { timeout: 30_000 })

  // A new group from the Groups header.
  await page.click('[data-testid=group-new]')
  await page.fill('[data-testid=group-new-name]', 'ci')
  await page.click('[data-testid=group-create]')
  const ci = '[data-testid=group][data-name=ci]'
  await page.waitForSelector(ci, { timeout: 10_000 })
  assert.match(await page.textContent(ci), /no members/)

  // The Procfile's web joins it from its row's "Add to group" menu.
  const web = '[data-testid=script][data-name=web]'
  await page.hover(web)
  await page.click(`${web} [data-testid=add-to-group]`)
  await page.click('[data-testid=add-to-group-menu] [data-testid=add-to-group-item][data-group=ci]')
  await waitFor('ci to list web', async () => /web/.test(await page.textContent(`${ci} .members`)))
  assert.equal((await page.textContent(`${ci} [data-testid=group-count]`)).trim(), '0/1')

  const got = readFileSync(join(dir, 'hum.yaml'), 'utf8')
  assert.equal(got, `${original}  ci:\n    members: [web]\n`, 'every comment and line of the file stays; only the group is added')

  // The menu now ticks ci for web, and a second add is not offered.
  await page.hover(web)
  await page.click(`${web} [data-testid=add-to-group]`)
  assert.equal(await page.isDisabled('[data-testid=add-to-group-item][data-group=ci]'), true)
  await page.keyboard.press('Escape')

  // Saved in an editor (a temporary file renamed over it) while db runs:
  // the new process shows, db runs on with its PID, marked restart to apply.
  await page.click('[data-testid=script][data-name=db] [data-testid=script-run]')
  await waitFor('db running', async () => (await page.getAttribute('[data-testid=process][data-name=db]', 'data-status')) === 'running')
  const before = (await page.evaluate(() => window.go.main.App.Processes())).find((p) => p.name === 'db')
  const edited = got.replace('exec sleep 300', 'exec sleep 301') // db's command changes
  writeFileSync(join(dir, '.hum.yaml.tmp'), edited.replace('\ngroups:', '  cache:\n    command: exec sleep 300\n\ngroups:'))
  renameSync(join(dir, '.hum.yaml.tmp'), join(dir, 'hum.yaml'))
  await page.waitForSelector('[data-testid=script][data-name=cache]', { timeout: 15_000 })
  await page.waitForSelector('[data-testid=process][data-name=db] [data-testid=env-changed]', { timeout: 15_000 })
  assert.match(await page.textContent('[data-testid=process][data-name=db] [data-testid=env-changed]'), /hum\.yaml changed: restart to apply/)
  const now = (await page.evaluate(() => window.go.main.App.Processes())).find((p) => p.name === 'db')
  assert.equal(now.pid, before.pid, 'db was not restarted')
  assert.equal(now.status, 'running')
})
