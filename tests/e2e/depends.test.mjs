// depends_on edited from the window: a dependency added in the selected
// process's detail strip is written into hum.yaml on disk, in the mapping
// form under the discovered script's settings, every comment kept; the
// strip lists it, and removing it there gives the file back as it was.
import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
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
`

test('a dependency added from the window is written into hum.yaml', async () => {
  const dir = join(tempDir('hum-e2e-depends-'), 'shop')
  mkdirSync(dir)
  writeFileSync(join(dir, 'Procfile'), 'web: echo "web up" && exec sleep 300\n')
  writeFileSync(join(dir, 'hum.yaml'), original)
  app = await startApp({ project: dir })
  const page = await openPage(app)
  const web = '[data-testid=process][data-name=web]'
  await page.click('[data-testid=script][data-name=web] [data-testid=script-run]', { timeout: 30_000 })
  await waitFor('web running', async () => (await page.getAttribute(web, 'data-status')) === 'running')
  await page.click(web)
  await page.waitForSelector('[data-testid=process-detail] [data-testid=depends-on]', { timeout: 10_000 })

  // With the keyboard from the "+ Add" button: the picker takes the focus.
  await page.focus('[data-testid=dependency-new]')
  await page.keyboard.press('Enter')
  await page.waitForSelector('[data-testid=dependency-pick]:focus', { timeout: 10_000 })
  await page.selectOption('[data-testid=dependency-pick]', 'hum.yaml:hum.yaml:db')
  await page.selectOption('[data-testid=dependency-condition]', 'ready')
  await page.click('[data-testid=dependency-add]')

  const file = join(dir, 'hum.yaml')
  const want = `${original}\nscripts:\n  procfile:Procfile:web:\n    depends_on:\n      db: ready\n`
  await waitFor('hum.yaml to have the dependency', async () => readFileSync(file, 'utf8') === want, { timeout: 15_000 })
  assert.equal(readFileSync(file, 'utf8'), want, 'every line of the file stays; only the dependency is added')
  await page.waitForSelector('[data-testid=dependency-form]', { state: 'detached', timeout: 10_000 })

  // The strip lists it as hum.yaml now says, and its ✕ takes it out again.
  const dep = '[data-testid=process-detail] [data-testid=dependency][data-id="hum.yaml:hum.yaml:db"]'
  await page.waitForSelector(dep, { timeout: 10_000 })
  assert.match(await page.textContent(dep), /db\s*ready/)
  await page.click(`${dep} [data-testid=remove-dependency]`)
  await waitFor('hum.yaml as it was', async () => readFileSync(file, 'utf8') === original, { timeout: 15_000 })
  await page.waitForSelector(dep, { state: 'detached', timeout: 10_000 })
})
