// Typing into a process's terminal from its log view, in the real dev build
// driven by Chromium: a prompting script is answered, keys reach a program
// that reads raw keys (arrows, Ctrl-C as bytes), Vite's own key shortcuts
// work from Hum's window, and none of Hum's shortcuts fire while typing.
import { test, after, before } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { startApp, stopApp, openPage, closeBrowser, waitFor, tempDir, screenshotsDir, repoRoot, freePort } from './harness.mjs'

let app
let page
let project
before(async () => {
  project = tempDir('hum-e2e-terminal-')
  writeFileSync(join(project, 'Procfile'), 'idle: sleep 300\n')
  app = await startApp({ mode: 'dev', project })
  page = await openPage(app)
  await page.locator('[data-testid=command-input]').waitFor({ timeout: 30_000 })
})
after(async () => {
  await closeBrowser()
  if (app) await stopApp(app)
})

const processes = () => page.evaluate(() => window.go.main.App.Processes())
const state = async (id) => (await processes()).find((p) => p.id === id)
const logText = () => page.evaluate(() => document.querySelector('[data-testid=log-view] .xterm-rows')?.textContent ?? '')

/** Starts command, selects its row and waits for its log view. */
async function startAndSelect(command, dir = '') {
  const st = await page.evaluate(([c, d]) => window.go.main.App.StartCommand(c, d), [command, dir])
  assert.ok(st.tty, `${command} runs on a pseudo-terminal`)
  await page.locator(`[data-testid=process][data-id="${st.id}"]`).click()
  await page.locator(`[data-testid=log-view][data-view="${st.id}"][data-tty=true]`).waitFor({ timeout: 30_000 })
  return st
}

test('a prompting script is answered by typing into its log view', async () => {
  const st = await startAndSelect(`sh -c 'read -p "Name? " n; echo "hello $n"; sleep 300'`)
  const row = page.locator(`[data-testid=process][data-id="${st.id}"]`)
  await row.locator('[data-testid=waiting-input]').waitFor({ timeout: 30_000 })
  await waitFor('the prompt in the log view', async () => (await logText()).includes('Name?'))

  await page.locator('[data-testid=log-view]').click()
  const hint = page.locator('[data-testid=typing-hint]')
  await hint.waitFor({ timeout: 10_000 })
  assert.match(await hint.textContent(), /Typing goes to .* — Esc to leave/)
  // Letters that are Hum's shortcuts (r restart, s stop, j/k select, /
  // search) go to the program like any other.
  await page.keyboard.type('rosa/jk')
  await waitFor('the typing echoed by the terminal', async () => (await logText()).includes('Name? rosa/jk'))
  await page.screenshot({ path: join(screenshotsDir, 'terminal-input.png') })
  await page.keyboard.press('Enter')
  await waitFor('the answer echoed', async () => (await logText()).includes('hello rosa/jk'))
  assert.ok((await logText()).includes('Name? rosa/jk'), `the answer on the prompt's row: ${await logText()}`)
  const now = await state(st.id)
  assert.equal(now.status, 'running', 'a shortcut stopped it')
  assert.equal(now.restarts, 0, 'a shortcut restarted it')
  assert.equal(await page.locator('[data-testid=process][aria-selected=true]').getAttribute('data-id'), st.id, 'a shortcut moved the selection')
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), null, 'the search box took the focus')
  await waitFor('the badge gone once answered', async () => (await row.locator('[data-testid=waiting-input]').count()) === 0)

  // Esc leaves input mode; the shortcuts work again.
  await page.keyboard.press('Escape')
  await waitFor('input mode left', async () => (await hint.count()) === 0)
  await page.keyboard.press('k')
  await waitFor('k selects the row above again', async () =>
    (await page.locator('[data-testid=process][aria-selected=true]').getAttribute('data-id').catch(() => null)) !== st.id)
  await page.evaluate((id) => window.go.main.App.Stop(id), st.id).catch(() => {})
})

test('keys reach a program reading raw keys: arrows, Ctrl-C as a byte, Shift+Esc as Esc; a click outside leaves', async () => {
  const dir = tempDir('hum-e2e-rawkeys-')
  writeFileSync(join(dir, 'keys.js'), `
process.stdin.setRawMode(true)
process.stdin.resume()
console.log('ready for keys, ' + process.stdout.columns + ' columns')
process.stdout.on('resize', () => console.log('resized to ' + process.stdout.columns + 'x' + process.stdout.rows))
process.stdin.on('data', (d) => {
  console.log('key ' + JSON.stringify(d.toString()))
  if (d.toString() === 'q') process.exit(0)
})
`)
  const st = await startAndSelect('node keys.js', dir)
  await waitFor('the program ready', async () => (await logText()).includes('ready for keys'))
  await page.locator('[data-testid=type-input]').click()
  await page.locator('[data-testid=typing-hint]').waitFor({ timeout: 10_000 })
  // One key at a time: keys typed while one is on its way go together.
  for (const [press, want] of [['x', 'key "x"'], ['ArrowUp', 'key "\\u001b[A"'], ['Control+c', 'key "\\u0003"'], ['Shift+Escape', 'key "\\u001b"']]) {
    await page.keyboard.press(press)
    await waitFor(`${want} printed`, async () => (await logText()).includes(want))
      .catch(async (e) => assert.fail(`${e.message}; the view shows: ${await logText()}`))
  }
  assert.equal((await state(st.id)).status, 'running', 'Ctrl-C in raw mode is a byte for the program, not a signal')

  // The terminal follows the view's size: a narrower window resizes it.
  const sizes = async () => [...(await logText()).matchAll(/resized to (\d+)x(\d+)/g)].map((m) => Number(m[1]))
  const wide = (await sizes()).at(-1) ?? 120
  const before = page.viewportSize()
  await page.setViewportSize({ width: 900, height: before.height })
  await waitFor('the program told of a narrower terminal', async () => ((await sizes()).at(-1) ?? wide) < wide - 20)
    .catch(async (e) => assert.fail(`${e.message}; the view shows: ${await logText()}`))
  await page.setViewportSize(before)

  // A click outside the view leaves input mode: q is Hum's again (nothing bound), not the program's.
  await page.locator('[data-testid=log-title]').click()
  await waitFor('input mode left', async () => (await page.locator('[data-testid=typing-hint]').count()) === 0)
  await page.keyboard.press('q')
  assert.equal((await state(st.id)).status, 'running', 'q reached the program after leaving input mode')
  await page.locator('[data-testid=log-view]').click()
  await page.locator('[data-testid=typing-hint]').waitFor({ timeout: 10_000 })
  await page.keyboard.press('q')
  await waitFor('q ends it', async () => (await state(st.id)).status === 'succeeded')
  await waitFor('input mode ends with the process', async () => (await page.locator('[data-testid=typing-hint]').count()) === 0)
})

const vite = join(repoRoot, 'frontend/node_modules/.bin/vite')
test("Vite's dev server shows its help on h and restarts on r, typed in Hum's window", { skip: !existsSync(vite) && 'no vite in frontend/node_modules' }, async () => {
  const dir = tempDir('hum-e2e-vite-')
  mkdirSync(join(dir, 'src'))
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>t</title><script type="module" src="/src/main.js"></script>\n')
  writeFileSync(join(dir, 'src/main.js'), 'console.log(1)\n')
  const port = await freePort()
  // Vite binds its keys only on a terminal and without CI set, and the CI
  // machine that runs this test sets CI=true: run it as a developer would.
  const st = await startAndSelect(`env -u CI ${vite} --port ${port} --strictPort`, dir)
  await waitFor('vite ready', async () => (await logText()).includes('press h + enter'), { timeout: 60_000 })
  await page.locator('[data-testid=log-view]').click()
  await page.locator('[data-testid=typing-hint]').waitFor({ timeout: 10_000 })
  await page.keyboard.press('h')
  await page.keyboard.press('Enter')
  await waitFor("vite's help", async () => (await logText()).includes('press r + enter to restart the server'))
  await page.keyboard.press('r')
  await page.keyboard.press('Enter')
  await waitFor('vite restarted', async () => /server restarted/i.test(await logText()), { timeout: 60_000 })
  assert.equal((await state(st.id)).restarts, 0, "Vite restarted itself; Hum's r did not restart the process")
  await page.keyboard.press('Escape')
  await page.evaluate((id) => window.go.main.App.Stop(id), st.id).catch(() => {})
})
