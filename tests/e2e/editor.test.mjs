// Opening a stack frame in the editor, in the real app: a process prints a
// stack whose frames name hostile files; clicking one opens it as one intact
// argument in $VISUAL (a recorder standing in for gedit) with a toast saying
// so, clicking a folder's frame refuses it with a toast saying why, and no
// shell ever runs a file name (the `$(touch marker)` frame makes no marker).
import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { existsSync, mkdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { startApp, stopApp, openPage, closeBrowser, waitFor, tempDir, outDir } from './harness.mjs'

const dir = realpathSync(tempDir('hum-e2e-editor-'))
const proj = join(dir, 'proj')
const bin = join(dir, 'My Editor')
const args = join(bin, 'args')
mkdirSync(join(proj, 'src', 'lib.js'), { recursive: true }) // a folder named like a file
mkdirSync(bin)
const hostile = ['x&calc&.ts', '$(touch marker).js']
for (const n of hostile) writeFileSync(join(proj, 'src', n), 'x\n')
writeFileSync(join(proj, 'package.json'), JSON.stringify({ name: 'editor-e2e', scripts: { boom: 'node boom.js' } }))
writeFileSync(join(proj, 'boom.js'), [
  `console.error('Error: boom')`,
  `console.error('    at main (${join(proj, 'src', hostile[0])}:12:3)')`,
  `console.error('    at load (${join(proj, 'src', hostile[1])}:7:1)')`,
  `console.error('    at dir (${join(proj, 'src', 'lib.js')}:3:1)')`,
  `process.exit(1)`,
].join('\n'))
// The recorder is called gedit so Hum passes the line the way it does to gedit.
writeFileSync(join(bin, 'gedit'), `#!/bin/sh\nfor a in "$@"; do printf '%s\\0' "$a"; done > '${args}.tmp'\nmv '${args}.tmp' '${args}'\n`, { mode: 0o755 })

let app
after(async () => {
  await closeBrowser()
  if (app) await stopApp(app)
  rmSync(dir, { recursive: true, force: true })
})

/** The arguments of the recorder's latest run. */
async function recorded() {
  await waitFor('the editor to run', async () => existsSync(args))
  const got = readFileSync(args, 'utf8').replace(/\0$/, '').split('\0')
  rmSync(args)
  return got
}

test('a frame opens in the editor with a toast; a folder is refused with one', async () => {
  app = await startApp({ mode: 'dev', project: proj, env: { VISUAL: `"${join(bin, 'gedit')}"`, EDITOR: '' } })
  const page = await openPage(app)
  await page.locator('[data-testid=script][data-script-id="package.json:package.json:boom"] [data-testid=script-run]').click({ timeout: 30_000 })
  const row = page.locator('[data-testid=process][data-name=boom]')
  await waitFor('boom to fail', async () => (await row.getAttribute('data-status')) === 'failed', { timeout: 30_000 })
  await row.click()
  await page.click('[data-testid=tab-errors]')
  const frames = page.locator('[data-testid=error-entry]').first().locator('[data-testid=frame]')
  await waitFor('three frames', async () => (await frames.count()) === 3)
  const toast = (text) => page.locator('[data-testid=toast]', { hasText: text })

  await frames.nth(0).click()
  await toast('Opened x&calc&.ts:12 in gedit').waitFor({ timeout: 20_000 })
  assert.deepEqual(await recorded(), ['+12', join(proj, 'src', hostile[0])])

  await frames.nth(1).click()
  await toast('Opened $(touch marker).js:7 in gedit').waitFor({ timeout: 20_000 })
  assert.deepEqual(await recorded(), ['+7', join(proj, 'src', hostile[1])])

  await frames.nth(2).click()
  const refused = toast('Could not open lib.js:3')
  await refused.waitFor({ timeout: 20_000 })
  assert.match(await refused.textContent(), /is a folder, not a file/)
  assert.equal(await refused.getAttribute('role'), 'alert')
  mkdirSync(outDir, { recursive: true })
  await page.screenshot({ path: join(outDir, 'editor-toasts.png') })

  for (const d of [proj, join(proj, 'src'), bin, process.cwd()]) {
    assert.ok(!existsSync(join(d, 'marker')), `a marker in ${d}: a shell ran a file name`)
  }
  assert.ok(!existsSync(args), 'the editor ran for the refused folder')
})
