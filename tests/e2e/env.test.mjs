// The Env tab, in the real app opened as from the desktop (no terminal):
// Hum captures the login shell's environment (a fake $SHELL whose rc file
// exports a tool's folder and chatters), a script's .env builds on it, and
// the Env tab shows each variable with the layer that set it, a secret
// masked until clicked, and the login shell's value where .env refers to it.
import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { startApp, stopApp, openPage, closeBrowser, waitFor, tempDir, screenshotsDir } from './harness.mjs'

const dir = tempDir('hum-e2e-env-')
const proj = join(dir, 'proj')
const shell = join(dir, 'loginsh')
mkdirSync(proj)
writeFileSync(join(proj, 'Procfile'), 'api: echo "api on $API_URL with $TOOL_HOME"; exec sleep 600\n')
writeFileSync(join(proj, '.env'), '# shared\nAPI_URL=http://localhost:${API_PORT}/v1\nAPI_PORT=5000\nTOOL_BIN=${TOOL_HOME}/bin\n')
writeFileSync(join(proj, '.env.local'), 'SECRET_TOKEN="s3cr3t value"\n')
// A login shell as zsh or bash would be: rc chatter on stdout and stderr,
// then the -c command Hum gives it.
writeFileSync(shell, '#!/bin/sh\necho "Welcome back!"\necho "rc: nvm loaded" >&2\nexport TOOL_HOME=/opt/tool\nexport API_PORT=4100\neval "$2"\n', { mode: 0o755 })

let app
let page // the first test's, which the second goes on with
after(async () => {
  await closeBrowser()
  if (app) await stopApp(app)
  rmSync(dir, { recursive: true, force: true })
})

test('the Env tab shows each variable, its layer, and masks a secret until clicked', async () => {
  app = await startApp({ mode: 'dev', project: proj, env: { SHELL: shell, HUM_LOGIN_ENV: '1' } })
  page = await openPage(app)
  await page.locator('[data-testid=script][data-name=api] [data-testid=script-run]').click({ timeout: 30_000 })
  const row = page.locator('[data-testid=process][data-name=api]')
  await waitFor('api to run', async () => (await row.getAttribute('data-status')) === 'running', { timeout: 30_000 })
  await row.click()
  await page.click('[data-testid=tab-env]')

  const envRow = (name) => page.locator(`[data-testid=env-row][data-name="${name}"]`)
  const cell = async (name, what) => (await envRow(name).locator(`[data-testid=env-${what}]`).textContent()).trim()
  await envRow('API_URL').waitFor({ timeout: 20_000 })
  assert.equal(await cell('API_URL', 'value'), 'http://localhost:4100/v1', 'expanded from the login shell, not the later line')
  assert.equal(await cell('API_URL', 'layer'), '.env')
  assert.equal(await cell('TOOL_HOME', 'value'), '/opt/tool')
  assert.equal(await cell('TOOL_HOME', 'layer'), 'login shell')
  assert.equal(await cell('TOOL_BIN', 'value'), '/opt/tool/bin')
  assert.equal(await cell('SECRET_TOKEN', 'layer'), '.env.local')
  assert.equal(await cell('SECRET_TOKEN', 'value'), '••••••••')
  assert.ok(!(await page.locator('[data-testid=env-panel]').textContent()).includes('s3cr3t'), 'the secret is not in the page')

  await page.getByRole('button', { name: 'Show SECRET_TOKEN' }).click()
  assert.equal(await cell('SECRET_TOKEN', 'value'), 's3cr3t value')
  await page.getByRole('button', { name: 'Hide SECRET_TOKEN' }).click()
  assert.equal(await cell('SECRET_TOKEN', 'value'), '••••••••')

  // The filter matches layers too: the project's own variables, and the
  // login shell's ones they build on, for the screenshot.
  const filter = page.locator('[data-testid=env-filter]')
  await filter.fill('.env')
  const names = async () => (await page.locator('[data-testid=env-row]').evaluateAll((rows) => rows.map((r) => r.dataset.name)))
  const shown = await names()
  for (const n of ['API_PORT', 'API_URL', 'SECRET_TOKEN', 'TOOL_BIN']) assert.ok(shown.includes(n), `${n} is shown: ${shown}`)
  assert.ok(!shown.includes('TOOL_HOME') && !shown.includes('PATH'), `login-shell rows are filtered out: ${shown}`)
  assert.equal(await cell('API_PORT', 'value'), '5000', 'the later line of .env sets API_PORT itself')
  await page.screenshot({ path: join(screenshotsDir, 'env-tab.png') })
  await filter.fill('')

  // The process itself got the same values.
  await page.click('[data-testid=tab-logs]')
  await waitFor('the line api printed', async () => (await page.locator('.xterm-rows').textContent()).includes('api on http://localhost:4100/v1 with /opt/tool'))

  // The settings menu says where processes start from.
  await page.click('[data-testid=settings]')
  await waitFor('the base environment', async () => (await page.locator('[data-testid=base-env]').textContent()).includes(`the login shell (${shell})`))
  assert.ok(!app.output.includes('Welcome back'), 'rc chatter is not in Hum\'s output')
  await page.keyboard.press('Escape')
})

test('a changed .env marks the process "restart to apply"; only the click restarts it', async () => {
  assert.ok(page, 'the first test opened the page')
  const row = page.locator('[data-testid=process][data-name=api]')
  const env = join(proj, '.env')
  writeFileSync(env, readFileSync(env, 'utf8').replace('/v1', '/v2'))
  const chip = row.locator('[data-testid=env-changed]')
  await chip.waitFor({ timeout: 20_000 })
  assert.match(await chip.textContent(), /\.env changed: restart to apply/)
  assert.equal(await row.locator('.restarts').textContent(), '0', 'nothing restarted by itself')

  await page.click('[data-testid=tab-env]')
  await page.locator('[data-testid=env-stale]').waitFor()
  await chip.click()
  const envRow = page.locator('[data-testid=env-row][data-name="API_URL"] [data-testid=env-value]')
  await waitFor('the new run\'s value', async () => (await envRow.textContent()).trim() === 'http://localhost:4100/v2')
  assert.equal(await row.locator('.restarts').textContent(), '1')
  assert.equal(await chip.count(), 0, 'the new run has the new file')
  assert.equal(await page.locator('[data-testid=env-stale]').count(), 0)
})
