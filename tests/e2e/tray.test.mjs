// The tray, driven the way a desktop panel drives it: over DBus, with
// com.canonical.dbusmenu GetLayout (read the menu) and Event (click an item),
// against the real production binary. run.sh runs us under dbus-run-session,
// a private session bus with no panel on it, so we run a minimal
// StatusNotifierWatcher (backend/tray/internal/snwatcher) as the panel's
// stand-in; without it Hum must run without a tray.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { spawn, execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { repoRoot, startApp, stopApp, waitFor, tempDir, findWindows } from './harness.mjs'
import { trayName, shown, find, menuWith, clickItem as click, tooltip, nameHasOwner } from './dbusmenu.mjs'

const watcherBin = join(repoRoot, '.cache/e2e/snwatcher')

before(() => {
  if (!process.env.DBUS_SESSION_BUS_ADDRESS) {
    throw new Error('no session bus: run the tray tests under dbus-run-session (make test-e2e)')
  }
  mkdirSync(join(repoRoot, '.cache/e2e'), { recursive: true })
  execFileSync('go', ['build', '-o', watcherBin, './backend/tray/internal/snwatcher/cmd/snwatcher'], { cwd: repoRoot, stdio: 'inherit' })
})

// ---- processes, from /proc --------------------------------------------------

/** {pid: {ppid, state, start}} for every process now. */
function processTable() {
  const table = new Map()
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8')
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      table.set(Number(d), { state: rest[0], ppid: Number(rest[1]), start: rest[19] })
    } catch {
      // it ended while we looked
    }
  }
  return table
}

/** Every live process whose parent chain leads to pid, with its start time (so a reused PID is not mistaken for it). */
function descendants(pid) {
  const table = processTable()
  const out = []
  for (const [p, info] of table) {
    for (let q = info.ppid; q > 1; q = table.get(q)?.ppid ?? 0) {
      if (q === pid) {
        if (info.state !== 'Z') out.push({ pid: p, start: info.start })
        break
      }
    }
  }
  return out
}

/** Still running: present, not a zombie (PID 1 here reaps late), same start time. */
function alive({ pid, start }) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return rest[0] !== 'Z' && rest[19] === start
  } catch {
    return false
  }
}

function startOf(pid) {
  const info = processTable().get(pid)
  return info && info.state !== 'Z' ? { pid, start: info.start } : undefined
}

async function pidFrom(file) {
  const pid = await waitFor(`${file}`, () => existsSync(file) && Number(readFileSync(file, 'utf8').trim()))
  return pid
}

// ---- a project with two favourites -----------------------------------------

/** A project whose Procfile has two long runners, both starred, and a config that reopens it. */
function fixture() {
  const project = tempDir('hum-e2e-tray-project-')
  // "ticker" execs into sleep, so its PID is the one it wrote; "family" is a
  // shell with two children, a tree to stop.
  writeFileSync(join(project, 'Procfile'), [
    'ticker: echo $$ > ticker.pid; exec sleep 600',
    'family: echo $$ > family.pid; sleep 600 & sleep 600 & wait',
    '',
  ].join('\n'))
  const configDir = tempDir('hum-e2e-tray-config-')
  writeFileSync(join(configDir, 'config.json'), JSON.stringify({
    recent: [{ dir: project, name: 'tray-project', opened: new Date().toISOString() }],
    favourites: { [project]: ['procfile:Procfile:ticker', 'procfile:Procfile:family'] },
  }))
  return {
    project, configDir,
    cleanup() {
      rmSync(project, { recursive: true, force: true })
      rmSync(configDir, { recursive: true, force: true })
    },
  }
}

// ---- tests ----------------------------------------------------------------

test('without a StatusNotifier host Hum runs without a tray and says so once', async () => {
  assert.equal(nameHasOwner('org.kde.StatusNotifierWatcher'), false, 'a watcher is already on this bus')
  const fx = fixture()
  const app = await startApp({ mode: 'prod', project: fx.project, env: { HUM_CONFIG_DIR: fx.configDir } })
  try {
    await waitFor('a window titled Hum', () => findWindows('^Hum$').length > 0, { timeout: 60_000 })
    await waitFor('the log line about the missing tray', () => app.output.includes('running without a system tray'))
    const lines = app.output.split('\n').filter((l) => l.includes('running without a system tray'))
    assert.equal(lines.length, 1, `log lines about the tray: got ${lines.length}, want 1:\n${app.output}`)
    assert.match(lines[0], /no StatusNotifier host/, `got ${lines[0]}, want the reason`)
    assert.equal(nameHasOwner(trayName(app)), false, 'the app exported a tray anyway')
  } finally {
    await stopApp(app)
    fx.cleanup()
  }
  assert.doesNotMatch(app.output, /panic|SIGSEGV/, `the app crashed:\n${app.output}`)
})

let watcher
after(async () => {
  if (watcher && watcher.exitCode === null && watcher.signalCode === null) {
    watcher.kill('SIGTERM')
    await new Promise((ok) => watcher.once('exit', ok))
  }
})

test('the tray menu starts favourites, stops all and quits with nothing left behind', async () => {
  watcher = spawn(watcherBin, [], { stdio: ['ignore', 'pipe', 'pipe'] })
  let watcherOut = ''
  watcher.stdout.on('data', (d) => { watcherOut += d })
  watcher.stderr.on('data', (d) => { watcherOut += d })
  await waitFor('the StatusNotifierWatcher', () => watcherOut.includes('ready'))

  const fx = fixture()
  const app = await startApp({ mode: 'prod', project: fx.project, env: { HUM_CONFIG_DIR: fx.configDir } })
  let quit = false
  try {
    await waitFor('the tray to register with the watcher', () => watcherOut.includes('registered'), { timeout: 60_000 })

    // The menu as it opens: the project's favourites, nothing running.
    let menu = await menuWith(app, 'Start ticker')
    assert.deepEqual(shown(menu), [
      'Show Hum',
      'Hide Hum',
      '0 running, 0 failed (disabled)',
      'Favourites (disabled)',
      'Start ticker',
      'Start family',
      'Stop all (disabled)',
      'Quit Hum',
    ], `menu: got ${JSON.stringify(shown(menu))}`)
    // The tooltip is a property of its own, set apart from the menu: wait for it too.
    await waitFor('the tooltip to count nothing running', () => tooltip(app) === '0 running, 0 failed', { timeout: 30_000 })

    // Hide and Show act on the real window.
    await waitFor('a window titled Hum', () => findWindows('^Hum$').length > 0, { timeout: 60_000 })
    click(app, menu, 'Hide Hum')
    await waitFor('the window to hide', () => findWindows('^Hum$').length === 0)
    click(app, menu, 'Show Hum')
    await waitFor('the window to show again', () => findWindows('^Hum$').length > 0)

    // Starting a favourite starts its process: the script writes its PID,
    // and the menu (Hum's own state) lists it as running.
    click(app, menu, 'Start ticker')
    const ticker = startOf(await pidFrom(join(fx.project, 'ticker.pid')))
    assert.ok(ticker && alive(ticker), 'ticker is not running')
    menu = await menuWith(app, 'ticker — running')
    assert.ok(descendants(app.child.pid).some((d) => d.pid === ticker.pid), 'ticker is not a descendant of the app')
    assert.deepEqual(shown([find(menu, 'ticker — running')]), [{ 'ticker — running': ['Stop', 'Restart'] }])
    assert.ok(find(menu, 'ticker (running)'), 'the favourite does not say it is running')
    await waitFor('the tooltip to count ticker', () => tooltip(app) === '1 running, 0 failed')

    click(app, menu, 'Start family')
    const family = startOf(await pidFrom(join(fx.project, 'family.pid')))
    menu = await menuWith(app, 'family — running')
    await waitFor('the tooltip to count both', () => tooltip(app) === '2 running, 0 failed')

    // Stop all stops every tree: the scripts, the family's children too.
    const trees = descendants(app.child.pid).filter((d) =>
      d.pid === ticker.pid || d.pid === family.pid || processTable().get(d.pid)?.ppid === family.pid)
    assert.ok(trees.length >= 4, `ticker, family and its two sleeps: got ${JSON.stringify(trees)}`)
    click(app, menu, 'Stop all')
    await waitFor('every started process to end', () => trees.every((d) => !alive(d)), { timeout: 30_000 })
    menu = await menuWith(app, '0 running, 0 failed')
    assert.equal(find(menu, 'ticker — running'), undefined, 'a stopped process is still listed')
    assert.ok(find(menu, 'Start ticker')?.enabled, 'the favourite cannot start again')
    assert.equal(find(menu, 'Stop all')?.enabled, false, 'Stop all is enabled with nothing running')

    // Quit with something running: the app stops it and exits cleanly, and
    // nothing that descended from it stays (scripts, WebKit helpers).
    click(app, menu, 'Start ticker')
    menu = await menuWith(app, 'ticker — running')
    const left = descendants(app.child.pid)
    assert.ok(left.length > 0, 'no descendants before quitting')
    click(app, menu, 'Quit Hum')
    await waitFor('the app to exit', () => app.child.exitCode !== null || app.child.signalCode !== null, { timeout: 30_000 })
    quit = true
    assert.equal(app.child.signalCode, null, `the app died of ${app.child.signalCode}:\n${app.output}`)
    assert.equal(app.child.exitCode, 0, `exit code: got ${app.child.exitCode}, want 0:\n${app.output}`)
    await waitFor('every descendant of the app to end', () => left.every((d) => !alive(d)), { timeout: 20_000 })
  } finally {
    if (!quit) await stopApp(app)
    else rmSync(app.configDir, { recursive: true, force: true })
    fx.cleanup()
  }
  assert.doesNotMatch(app.output, /panic|SIGSEGV/, `the app crashed:\n${app.output}`)
})
