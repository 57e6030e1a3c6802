// Keyboard shortcuts never steal typing. The reproduction: run `sleep 300`
// from the command box, then type `sleep 301` and press Enter. The s of
// "sleep" was taken as the Stop shortcut (the running sleep stopped, and
// "leep 301" failed as "command not found"); r restarted it the same way.
// Here every command starts with a shortcut letter and is typed right after
// the previous Enter, in the real dev build driven by Chromium.
import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { startApp, stopApp, openPage, closeBrowser, waitFor, tempDir } from './harness.mjs'

let app
after(async () => {
  await closeBrowser()
  if (app) await stopApp(app)
})

const processes = (page) => page.evaluate(() => window.go.main.App.Processes())

test('commands typed right after Enter go to the command box, not to the shortcuts', async () => {
  const project = tempDir('hum-e2e-keys-')
  writeFileSync(join(project, 'Procfile'), 'web: sleep 300\n')
  app = await startApp({ mode: 'dev', project })
  const page = await openPage(app)
  const box = page.locator('[data-testid=command-input]')
  await box.waitFor({ timeout: 30_000 })

  await box.click()
  await page.keyboard.type('sleep 300')
  await page.keyboard.press('Enter')
  const first = await waitFor('sleep 300 to run and be selected', async () => {
    const p = (await processes(page)).find((x) => x.command === 'sleep 300')
    const selected = await page.locator('[data-testid=process][aria-selected=true]').getAttribute('data-id').catch(() => null)
    return p && p.status === 'running' && selected === p.id && p
  })

  // One per shortcut: s (stop), r (restart), j and k (select), / (search).
  const typed = ['sleep 301', 'rm -f no-such-file-here', 'jobs', 'kill -0 $$', '/bin/echo slash']
  for (const line of typed) {
    await page.keyboard.type(line)
    await page.keyboard.press('Enter')
  }

  const all = await waitFor('every typed command to start', async () => {
    const ps = await processes(page)
    return typed.every((c) => ps.some((p) => p.command === c)) && ps
  }).catch(async (e) => {
    const ps = await processes(page)
    assert.fail(`${e.message}; what ran: ${ps.map((p) => `${JSON.stringify(p.command)} (${p.status})`).join(', ')}`)
  })
  const wrong = all.filter((p) => p.command !== 'sleep 300' && !typed.includes(p.command) && p.name !== 'web')
  assert.deepEqual(wrong.map((p) => p.command), [], 'commands that ran other than as typed')
  const now = all.find((p) => p.id === first.id)
  assert.equal(now.status, 'running', `sleep 300 was ${now.status} after typing: a shortcut took a key`)
  assert.equal(now.pid, first.pid, 'sleep 300 was restarted')
  assert.equal(now.restarts, first.restarts, 'sleep 300 was restarted')
  await waitFor('the quick commands to succeed', async () => {
    const ps = await processes(page)
    return typed.slice(1).every((c) => ps.find((p) => p.command === c)?.status === 'succeeded')
  })
  assert.equal(await box.inputValue(), '', 'the command box keeps text after the last Enter')
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'command-input',
    'the command box lost the focus')
})
