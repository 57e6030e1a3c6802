// Desktop notifications on a real notification server: dunst on the test's
// X display and DBus session. A process crashes with a detected error; the
// notification dunst shows names it (and is the README's screenshot, next
// to Hum's window); a click on it brings Hum forward on that error, in the
// Errors tab, its first user frame's "Open" button focused.
import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { spawn, execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { startApp, stopApp, openPage, closeBrowser, waitFor, tempDir, screenshotsDir, outDir,
  screenshotDisplay, imageSpread, findWindows } from './harness.mjs'

after(closeBrowser)

function hasDunst() {
  try {
    execFileSync('dunst', ['-version'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

function serverUp() {
  try {
    const out = execFileSync('dbus-send', ['--session', '--print-reply', '--dest=org.freedesktop.DBus', '/org/freedesktop/DBus',
      'org.freedesktop.DBus.NameHasOwner', 'string:org.freedesktop.Notifications']).toString()
    return /boolean true/.test(out)
  } catch {
    return false
  }
}

/** dunst's popup windows on the display. */
function dunstWindows() {
  try {
    return execFileSync('xdotool', ['search', '--onlyvisible', '--classname', 'Dunst']).toString().trim().split('\n').filter(Boolean)
  } catch {
    return []
  }
}

test('a crash with a detected error is notified by name, and a click opens that error', { skip: !hasDunst() && 'dunst is not installed (scripts/bootstrap.sh --test installs it)' }, async () => {
  const conf = tempDir('hum-e2e-dunst-')
  writeFileSync(join(conf, 'dunstrc'), `[global]
    origin = top-right
    offset = 24x24
    width = 460
    height = 160
    font = DejaVu Sans 11
    frame_width = 1
    frame_color = "#5b6270"
    padding = 12
    horizontal_padding = 14
    corner_radius = 6
    format = "<b>%a</b>\\n<b>%s</b>\\n%b"
    show_indicators = no
    mouse_left_click = do_action, close_current
[urgency_normal]
    background = "#23262e"
    foreground = "#e6e8ee"
    timeout = 0
`)
  const dunst = spawn('dunst', ['-config', join(conf, 'dunstrc')], { stdio: 'ignore' })
  const project = join(tempDir('hum-e2e-notify-'), 'shop-api')
  mkdirSync(project)
  writeFileSync(join(project, 'Procfile'), 'api: sh ./boom.sh\nweb: exec sleep 600\n')
  writeFileSync(join(project, 'boom.sh'), `sleep 1
echo 'api listening on http://localhost:3000'
sleep 0.5
cat >&2 <<EOT
TypeError: handler is not a function
    at dispatch (${project}/node_modules/router/index.js:284:7)
    at handle (${project}/src/routes/users.js:42:13)
    at Server.<anonymous> (${project}/src/server.js:18:5)
    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)
EOT
exit 1
`)
  let app
  try {
    await waitFor('dunst on the session bus', serverUp, { timeout: 20_000 })
    app = await startApp({ mode: 'dev', project, env: { LANG: 'C', LC_ALL: 'C' } })
    const page = await openPage(app)
    await page.evaluate(() => window.go.main.App.Start('procfile:Procfile:web'))
    const api = await page.evaluate(() => window.go.main.App.Start('procfile:Procfile:api'))

    const [popup] = await waitFor('the notification', () => {
      const ids = dunstWindows()
      return ids.length > 0 && ids
    }, { timeout: 30_000, interval: 200 })
    const [win] = findWindows('^Hum$')
    assert.ok(win, "Hum's window is open beside it")
    const shot = join(screenshotsDir, 'notification.png')
    await waitFor('the window and the notification painted', () => imageSpread(screenshotDisplay(shot)) > 0.05, { timeout: 30_000, interval: 500 })

    // The page is elsewhere: the Logs tab of All.
    await page.click('[data-testid=process-all]')
    await page.click('[data-testid=tab-logs]')
    execFileSync('xdotool', ['mousemove', '--window', popup, '40', '20', 'click', '1'])
    await page.waitForSelector('[data-testid=open-user-frame]', { timeout: 20_000 })
    const state = await page.evaluate(() => ({
      selected: document.querySelector('[data-testid=process].selected')?.getAttribute('data-id'),
      tab: document.querySelector('[role=tab][aria-selected=true]')?.getAttribute('data-testid'),
      focused: document.activeElement?.getAttribute('data-testid'),
      label: document.activeElement?.textContent?.trim(),
    }))
    assert.deepEqual(state, { selected: api.id, tab: 'tab-errors', focused: 'open-user-frame', label: 'Open users.js:42' },
      'the click selected api, opened its Errors tab and focused its first user frame')
    screenshotDisplay(join(outDir, 'notification-clicked.png'))
    // What dunst got, now in its history since the click closed it: the
    // words as Hum sent them, one notification (web, still running, none).
    const history = JSON.parse(execFileSync('dunstctl', ['history']).toString()).data[0]
    assert.deepEqual(history.map((n) => [n.appname.data, n.summary.data, n.body.data]),
      [['Hum', 'api crashed: TypeError: handler is not a function', 'exit code 1']])
  } finally {
    if (app) await stopApp(app)
    dunst.kill('SIGTERM')
  }
})
