// The desktop UI, driven in Chromium against the real app's dev build on
// examples/demo: what a user does in their first minutes, checked on screen.
// Screenshots of the main states go to the harness's screenshotsDir
// (docs/screenshots/ with HUM_UPDATE_DOCS=1).
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { basename, join } from 'node:path'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { startApp, stopApp, openPage, closeBrowser, waitFor, screenshotsDir, tempDir,
  findWindows, screenshotDisplay, imageSpread } from './harness.mjs'

mkdirSync(screenshotsDir, { recursive: true })
const shot = (page, name) => page.screenshot({ path: join(screenshotsDir, `${name}.png`) })

/** The text the log view shows now (its visible rows). */
const logText = (page) => page.evaluate(() => document.querySelector('[data-testid=log-view] .xterm-rows')?.textContent ?? '')
const row = (page, name) => page.locator(`[data-testid=process][data-name="${name}"]`)
const script = (page, id) => page.locator(`[data-testid=script-group] [data-testid=script][data-script-id="${id}"]`)
const statusOf = (page, name) => row(page, name).getAttribute('data-status')

let app
let page
after(async () => {
  await closeBrowser()
  if (app) await stopApp(app)
})

test('the project opens with scripts from each source', async () => {
  app = await startApp({ mode: 'dev' })
  page = await openPage(app)
  await page.waitForSelector('[data-testid=sidebar]', { timeout: 30_000 })
  const sources = await page.locator('[data-testid=script-group]').evaluateAll((els) => els.map((e) => e.dataset.source))
  for (const want of ['package.json', 'makefile', 'procfile']) {
    assert.ok(sources.includes(want), `script groups: got ${sources}, want ${want} among them`)
  }
  const names = await page.locator('[data-testid=script]').evaluateAll((els) => els.map((e) => e.dataset.name))
  for (const want of ['dev', 'fail', 'chatty', 'build', 'serve', 'web', 'worker']) {
    assert.ok(names.includes(want), `scripts: got ${names}, want ${want}`)
  }
  assert.equal(await page.locator('[data-testid=project-name]').textContent(), 'demo')
  await page.waitForSelector('[data-testid=no-processes]')
  await shot(page, 'project')
})

test('the filter narrows the scripts', async () => {
  await page.fill('[data-testid=script-filter]', 'chatty')
  try {
    // Names and commands match: "chatty" itself, and the Procfile worker that runs chatty.js.
    await waitFor('the filter to apply', async () => (await page.locator('[data-testid=script]').count()) === 2)
    const names = await page.locator('[data-testid=script]').evaluateAll((els) => els.map((e) => e.dataset.name))
    assert.deepEqual(names.sort(), ['chatty', 'worker'], `filtered: got ${names}`)
  } finally {
    await page.fill('[data-testid=script-filter]', '')
  }
  await waitFor('the filter to clear', async () => (await page.locator('[data-testid=script]').count()) > 5)
})

test('a star makes a script a favourite, kept in the config', async () => {
  await script(page, 'package.json:package.json:dev').hover()
  await script(page, 'package.json:package.json:dev').locator('[data-testid=star]').click()
  await page.locator('[data-testid=favourites] [data-testid=script][data-name=dev]').waitFor()
  const favs = await page.evaluate(() => window.go.main.App.SetFavourite('package.json:package.json:dev', true))
  assert.deepEqual(favs, ['package.json:package.json:dev'], `favourites: got ${JSON.stringify(favs)}`)
})

test('close to tray is a setting, saved in the config folder and shown after a reload', async () => {
  const file = join(app.configDir, 'settings.json')
  const saved = () => JSON.parse(readFileSync(file, 'utf8'))
  const box = page.locator('[data-testid=close-to-tray]')
  const openSettings = async () => {
    await page.click('[data-testid=settings]')
    await page.locator('[data-testid=settings-panel]').waitFor()
    await waitFor('the saved setting to load', () => box.isEnabled())
  }

  // The settings button shares the footer with the keyboard hints: they must still fit.
  const hints = await page.locator('[data-testid=sidebar] footer .keys').evaluate((el) => [el.scrollWidth, el.clientWidth])
  assert.ok(hints[0] <= hints[1], `the footer's hints are cut: need ${hints[0]} px, have ${hints[1]} px`)
  await openSettings()
  assert.equal(await box.isChecked(), true, 'on by default')
  const note = await page.textContent('[data-testid=settings-panel]')
  assert.match(note, /applies the next time Hum starts/i, `the panel says when it applies: got ${note}`)
  await box.uncheck()
  await waitFor('settings.json to say off', () => saved().closeToTray === false)
  await waitFor('the save to finish', () => box.isEnabled())
  await shot(page, 'settings')
  await page.keyboard.press('Escape')
  await page.locator('[data-testid=settings-panel]').waitFor({ state: 'detached' })

  await page.reload()
  await page.waitForFunction(() => !!(window.go && window.go.main && window.go.main.App), null, { timeout: 30_000 })
  await page.waitForSelector('[data-testid=sidebar]', { timeout: 30_000 })
  await openSettings()
  assert.equal(await box.isChecked(), false, 'after a reload: got checked, want unchecked')

  await box.check()
  await waitFor('settings.json to say on', () => saved().closeToTray === true)
  await page.keyboard.press('Escape')
})

test('the Node server starts, shows running, its URL and its log lines', async () => {
  await script(page, 'package.json:package.json:dev').locator('[data-testid=script-run]').click()
  await waitFor('dev to run', async () => (await statusOf(page, 'dev')) === 'running')
  const url = row(page, 'dev').locator('[data-testid=url]')
  await url.waitFor({ timeout: 30_000 })
  const href = await url.getAttribute('href')
  assert.match(href, /^http:\/\/localhost:\d+$/, `URL: got ${href}`)
  const pid = Number(await row(page, 'dev').locator('[data-testid=pid]').textContent())
  assert.ok(pid > 0, `PID: got ${pid}`)
  // startedAt crosses the bridge as unix ms: the uptime is a duration since then.
  const uptime = (await row(page, 'dev').locator('.uptime').textContent()).trim()
  assert.match(uptime, /^(\d+s|\d+m)$/, `uptime: got ${uptime}`) // seconds in the first minute, then minutes
  // The two lines are two writes: the view may draw the first before the second arrives, so
  // both are waited for rather than the second asserted once the first shows.
  await waitFor('the server log lines', async () => (await logText(page)).includes('demo server ready'))
  await waitFor('the URL line in the log', async () => (await logText(page)).includes(href.replace('http://', '')))
  // Let a sample or two of CPU and memory arrive for the sparklines.
  await waitFor('a memory figure', async () => /\d+(\.\d)? (MB|kB)/.test(await row(page, 'dev').textContent()))
  await shot(page, 'running')
})

test('searching the log highlights the matching line', async () => {
  await page.keyboard.press('Escape')
  await page.locator('body').press('/')
  const focused = await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))
  assert.equal(focused, 'log-search', `/ focuses the search box: got ${focused}`)
  await page.keyboard.type('Local')
  await waitFor('a search result', async () => /^\d+ \/ \d+$/.test((await page.textContent('[data-testid=search-results]')).trim()))
  await page.keyboard.press('Enter')
  // xterm draws the highlights on a later frame.
  await waitFor('highlight decorations', () =>
    page.evaluate(() => document.querySelectorAll('[data-testid=log-view] .xterm-decoration-container > *').length > 0))
  await page.fill('[data-testid=log-search]', 'no such text anywhere')
  await waitFor('no match', async () => (await page.textContent('[data-testid=search-results]')).includes('no match'))
  await page.fill('[data-testid=log-search]', 'Local')
  await waitFor('a search result again', async () => /\d+ \/ \d+/.test(await page.textContent('[data-testid=search-results]')))
  await shot(page, 'search')
  await page.locator('[data-testid=log-search]').press('Escape')
})

test('stopping the server shows stopped', async () => {
  await row(page, 'dev').locator('[data-testid=stop]').click()
  await waitFor('dev to stop', async () => (await statusOf(page, 'dev')) === 'stopped')
  await waitFor('the server to log its SIGTERM', async () => (await logText(page)).includes('received SIGTERM'))
})

test('the failing script shows failed and its error with frames', async () => {
  await script(page, 'package.json:package.json:fail').locator('[data-testid=script-run]').click()
  await waitFor('fail to fail', async () => (await statusOf(page, 'fail')) === 'failed', { timeout: 30_000 })
  await row(page, 'fail').click()
  await page.click('[data-testid=tab-errors]')
  const entry = page.locator('[data-testid=error-entry]').first()
  await entry.waitFor({ timeout: 30_000 })
  const title = await entry.locator('h3').textContent()
  assert.match(title, /could not load config\.json/, `error title: got ${title}`)
  const frames = await entry.locator('[data-testid=frame]').allTextContents()
  assert.ok(frames.some((f) => /fail\.js:\d+/.test(f)), `frames: got ${frames}`)
  assert.equal(await page.textContent('[data-testid=error-count]'), '1')
  // The error's time crosses the bridge as unix ms and shows as the local time
  // of day it was printed: within a few minutes of now, not 1970's 00:00.
  const shown = (await entry.locator('[data-testid=error-time]').textContent()).trim()
  assert.match(shown, /^\d\d:\d\d:\d\d\.\d{3}$/, `error time: got ${shown}`)
  const [h, m] = shown.split(':').map(Number)
  const now = new Date()
  const apart = Math.abs((h * 60 + m) - (now.getHours() * 60 + now.getMinutes()))
  assert.ok(Math.min(apart, 24 * 60 - apart) <= 10, `error time ${shown}, now ${now.toTimeString()}`)
  await shot(page, 'errors')
})

test('restart runs the server again under the same row', async () => {
  await row(page, 'dev').click()
  await page.click('[data-testid=tab-logs]')
  await page.locator('body').press('r') // the keyboard shortcut
  await waitFor('dev to run again', async () => (await statusOf(page, 'dev')) === 'running')
  const restarts = await row(page, 'dev').locator('td').nth(4).textContent()
  assert.equal(restarts.trim(), '1', `restarts: got ${restarts}`)
  assert.equal(await page.locator('[data-testid=process][data-name=dev]').count(), 1)
})

test('the charts show the selected process', async () => {
  // Count the history pulls: the charts draw the history the window keeps
  // from the pushed states (dev's past was asked for when it was first
  // seen), so they ask for none while shown; they used to ask every second.
  await page.evaluate(() => {
    const app = window.go.main.App
    const history = app.History
    window.__historyCalls = 0
    app.History = (...args) => (window.__historyCalls++, history(...args))
  })
  await page.click('[data-testid=tab-charts]')
  await page.locator('[data-testid=chart-cpu] canvas').waitFor({ timeout: 30_000 })
  await page.locator('[data-testid=chart-rss] canvas').waitFor()
  // Let a few samples arrive so the lines have a shape.
  await page.waitForTimeout(4000)
  const pulls = await page.evaluate(() => window.__historyCalls)
  assert.ok(pulls <= 1, `history pulls while the charts were shown for 4 s: got ${pulls}, want at most 1`)
  await shot(page, 'charts')
  await page.click('[data-testid=tab-logs]')

  // At the window's least width the two charts still fit side by side.
  const narrow = await openPage(app, { width: 800 })
  await row(narrow, 'dev').click()
  await narrow.click('[data-testid=tab-charts]')
  await narrow.locator('[data-testid=chart-rss] canvas').waitFor({ timeout: 30_000 })
  await narrow.waitForTimeout(1500)
  for (const id of ['chart-cpu', 'chart-rss']) {
    const [plot, inside] = await narrow.locator(`[data-testid=${id}]`).evaluate((el) => {
      const cs = getComputedStyle(el)
      const inner = el.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight)
      return [el.querySelector('.uplot').getBoundingClientRect().width, inner]
    })
    assert.ok(plot <= inside, `${id} at 800 px: the plot is ${plot} px wide, inside its card ${inside} px`)
  }
  await shot(narrow, 'charts-narrow')
  await narrow.close()
})

test('arrows move the selection and s stops', async () => {
  await page.click('[data-testid=process-all]')
  await page.locator('body').press('ArrowDown')
  const sel = await page.locator('[data-testid=process][aria-selected=true]').getAttribute('data-name')
  assert.equal(sel, 'dev', `ArrowDown from All selects the first process: got ${sel}`)
  await page.locator('body').press('s')
  await waitFor('dev to stop from the keyboard', async () => (await statusOf(page, 'dev')) === 'stopped')
})

test('the All view merges processes with coloured prefixes', async () => {
  await script(page, 'package.json:package.json:chatty').locator('[data-testid=script-run]').click()
  await script(page, 'package.json:package.json:dev').locator('[data-testid=script-run]').click()
  await page.click('[data-testid=process-all]')
  // dev prints its banner once, and chatty's four lines a second scroll it
  // out of the visible rows within seconds: on a busy machine the view may
  // not be drawn before that. A request makes dev print a line now.
  const devURL = async () => (await row(page, 'dev').locator('[data-testid=url]').count()) > 0
    ? row(page, 'dev').locator('[data-testid=url]').first().getAttribute('href') : ''
  await waitFor('lines of both processes', async () => {
    const url = await devURL()
    if (url) await fetch(url).catch(() => {})
    const t = await logText(page)
    return t.includes('chatty') && t.includes('dev') && t.includes('│')
  }, { interval: 500 })
  await page.check('[data-testid=timestamps]')
  await waitFor('timestamps', async () => /\d\d:\d\d:\d\d\.\d\d\d/.test(await logText(page)))
  await shot(page, 'all-logs')
  await page.uncheck('[data-testid=timestamps]')
})

test('lines printed while the window is hidden show when it is shown again', async () => {
  // The backend sends no log events to a hidden window; showing it asks the view to re-tail.
  // The page is told it is hidden the way a minimised window tells it: visibilitychange.
  const setHidden = (hidden) => page.evaluate(async (h) => {
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => h })
    document.dispatchEvent(new Event('visibilitychange'))
  }, hidden)
  await page.click('[data-testid=process-all]')
  await setHidden(true)
  let st
  try {
    st = await page.evaluate(() => window.go.main.App.StartCommand('echo printed-while-hidden', ''))
    await waitFor('the line in the store', async () => {
      const pg = await page.evaluate((id) => window.go.main.App.TailLogs(id, 10), st.id)
      return (pg.lines ?? []).some((l) => l.raw.includes('printed-while-hidden'))
    })
  } finally {
    await setHidden(false)
  }
  await waitFor('the hidden line in the All view', async () => (await logText(page)).includes('printed-while-hidden'))
  await waitFor('its row, from the full event', async () => (await page.locator(`[data-testid=process][data-id="${st.id}"]`).count()) === 1)
})

test('stop all stops everything', async () => {
  await page.click('[data-testid=stop-all]')
  await waitFor('every process to end', async () => {
    const st = await page.locator('[data-testid=process]').evaluateAll((els) => els.map((e) => e.dataset.status))
    return st.length > 0 && st.every((s) => ['stopped', 'failed', 'succeeded'].includes(s))
  })
  assert.equal((await page.textContent('[data-testid=running-count]')).split(' ')[0], '0')
})

test('light mode follows the OS', async () => {
  const light = await openPage(app, { colorScheme: 'light' })
  await light.waitForSelector('[data-testid=process]')
  const bg = await light.evaluate(() => getComputedStyle(document.body).backgroundColor)
  assert.notEqual(bg, 'rgb(21, 23, 28)', 'the light theme is not the dark background')
  await shot(light, 'light')
  await light.close()
})

test('without a project, the welcome screen offers Open Folder, recents, and reports failures', async () => {
  if (app) await stopApp(app)
  app = await startApp({ mode: 'dev', args: [] })
  const p = await openPage(app)
  await p.waitForSelector('[data-testid=welcome]')
  await p.waitForSelector('[data-testid=open-folder]')
  await p.fill('[data-testid=open-path]', '/no/such/folder')
  await p.press('[data-testid=open-path]', 'Enter')
  const err = await p.locator('[data-testid=open-error]').textContent({ timeout: 30_000 })
  assert.match(err, /no such file or directory/, `the backend's message is shown: got ${err}`)
  await shot(p, 'welcome')
  // Opening a folder from there works and records it as recent.
  const empty = tempDir('hum-empty-')
  await p.fill('[data-testid=open-path]', empty)
  await p.press('[data-testid=open-path]', 'Enter')
  await p.waitForSelector('[data-testid=no-scripts]')
  const recents = await p.evaluate(() => window.go.main.App.RecentProjects())
  assert.equal(recents[0]?.dir, empty, `recent: got ${JSON.stringify(recents)}`)
  await shot(p, 'empty-project')

  // A project opened from elsewhere (the tray, a second launch) reaches the
  // page by the "project" event; its problems sit beside their source.
  const broken = tempDir('hum-broken-')
  writeFileSync(join(broken, 'package.json'), '{ "scripts": { "dev": "node server.js", }\n')
  writeFileSync(join(broken, 'Makefile'), 'build:\n\t@echo built\n')
  await p.evaluate((dir) => window.go.main.App.OpenProject(dir), broken)
  const problems = p.locator('[data-testid=script-group][data-source="package.json"] [data-testid=problems]')
  await problems.waitFor({ timeout: 30_000 })
  assert.match(await problems.textContent(), /package\.json/, 'the problem names its file')
  await p.locator('[data-testid=script-group][data-source=makefile] [data-testid=script][data-name=build]').waitFor()
  await shot(p, 'problems')
  await p.close()
})

test('the production window renders the UI, even under the C locale', async () => {
  if (app) await stopApp(app)
  // WebKitGTK reports "C" as navigator.language here; Intl rejects it.
  app = await startApp({ mode: 'prod', env: { LANG: 'C', LC_ALL: 'C' } })
  const [win] = await waitFor('a window titled Hum', () => {
    const ids = findWindows('^Hum$')
    return ids.length > 0 && ids
  }, { timeout: 60_000 })
  const file = join(screenshotsDir, 'window.png')
  // A blank page is one flat colour; the UI has a sidebar, rows and text.
  await waitFor('the UI to paint', () => imageSpread(screenshotDisplay(file, win)) > 0.03, { timeout: 30_000, interval: 500 })
})

// A demanding project: long names, many processes, a narrow window.
test('at 800 px wide every row keeps its actions and the log toolbar its buttons', async () => {
  if (app) await stopApp(app)
  const dir = tempDir('hum-wide-')
  const long = 'a-really-long-script-name-that-goes-on-and-on-for-ever'
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ scripts: {
    [long]: 'node -e "console.log(\'up on http://localhost:4173/a/long/path/to/somewhere/deep\');setInterval(()=>{},1000)"',
  } }))
  app = await startApp({ mode: 'dev', project: dir })
  page = await openPage(app, { width: 800, height: 700 })
  await script(page, `package.json:package.json:${long}`).locator('[data-testid=script-run]').click()
  await row(page, long).locator('[data-testid=url]').waitFor({ timeout: 30_000 })
  await page.evaluate(() => window.go.main.App.StartCommand('node -e "setInterval(()=>{},1000)"', ''))
  await page.locator('[data-testid=process]').nth(1).waitFor({ timeout: 30_000 })
  await shot(page, 'narrow')

  const width = 800
  const rows = await page.locator('[data-testid=process]').evaluateAll((els) => els.map((el) => ({
    name: el.dataset.name,
    right: Math.max(...[...el.querySelectorAll('[data-testid=stop], [data-testid=restart]')].map((b) => b.getBoundingClientRect().right)),
  })))
  for (const r of rows) assert.ok(r.right <= width, `${r.name}: its buttons end at ${r.right} px, beyond the ${width} px window`)
  const [scrollW, clientW] = await page.locator('[data-testid=process-list] .scroll').evaluate((el) => [el.scrollWidth, el.clientWidth])
  assert.ok(scrollW <= clientW, `the process table scrolls sideways: ${scrollW} px in ${clientW} px`)
  for (const id of ['clear-logs', 'follow', 'timestamps', 'log-search']) {
    const right = await page.locator(`[data-testid=${id}]`).evaluate((el) => el.getBoundingClientRect().right)
    assert.ok(right <= width, `${id} ends at ${right} px, beyond the ${width} px window`)
  }
  // The sidebar cuts the long name with an ellipsis, inside its row.
  const cut = await script(page, `package.json:package.json:${long}`).evaluate((el) => {
    const label = el.querySelector('.label')
    return { ellipsis: getComputedStyle(label).textOverflow, right: label.getBoundingClientRect().right,
      limit: el.querySelector('.body').getBoundingClientRect().right, title: el.querySelector('.body').title }
  })
  assert.equal(cut.ellipsis, 'ellipsis')
  assert.ok(cut.right <= cut.limit, `the name ends at ${cut.right} px, beyond its button at ${cut.limit} px`)
  assert.ok(cut.title.startsWith(long), `the title has the whole name: got ${cut.title}`)
})

test('the arrows keep the selected process in view', async () => {
  for (let i = 0; i < 14; i++) await page.evaluate((n) => window.go.main.App.StartCommand(`sleep 120 # ${n}`, ''), i)
  await waitFor('16 processes', async () => (await page.locator('[data-testid=process]').count()) === 16)
  await page.click('[data-testid=process-all]')
  for (let i = 0; i < 16; i++) await page.locator('body').press('ArrowDown')
  const last = await page.locator('[data-testid=process]').last().getAttribute('data-id')
  const visible = () => page.locator('[data-testid=process][aria-selected=true]').evaluate((el) => {
    const r = el.getBoundingClientRect()
    const box = el.closest('.scroll').getBoundingClientRect()
    const head = el.closest('table').querySelector('thead').getBoundingClientRect().height
    return { id: el.dataset.id, top: r.top, bottom: r.bottom, from: box.top + head, to: box.bottom }
  })
  let v = await waitFor('the last process to be selected', async () => {
    const got = await visible()
    return got.id === last && got
  })
  assert.ok(v.top >= v.from - 1 && v.bottom <= v.to + 1, `the selected row (${v.top}–${v.bottom}) is outside the list (${v.from}–${v.to})`)
  for (let i = 0; i < 16; i++) await page.locator('body').press('ArrowUp')
  v = await waitFor('the first process to be selected', async () => {
    const got = await page.locator('[data-testid=process-all]').getAttribute('aria-selected')
    return got === 'true' && page.locator('[data-testid=process-all]').evaluate((el) => {
      const r = el.getBoundingClientRect()
      const box = el.closest('.scroll').getBoundingClientRect()
      return { top: r.top, from: box.top }
    })
  })
  assert.ok(v.top >= v.from, `"All processes" is scrolled out of view: its top ${v.top}, the list's ${v.from}`)
})

test('a focused checkbox leaves the keys to the shortcuts; a text box keeps them', async () => {
  const name = 'a-really-long-script-name-that-goes-on-and-on-for-ever'
  await row(page, name).click()
  await page.click('[data-testid=timestamps]') // focus stays on the checkbox
  await page.keyboard.press('s')
  await waitFor(`${name} to stop from the keyboard`, async () => (await statusOf(page, name)) === 'stopped')
  await page.click('[data-testid=timestamps]')
  await page.click('[data-testid=script-filter]')
  await page.keyboard.type('rs')
  assert.equal(await page.inputValue('[data-testid=script-filter]'), 'rs')
  await page.fill('[data-testid=script-filter]', '')
  assert.equal(await statusOf(page, name), 'stopped', 'typing r in the filter restarted the process')
})

test('a recent project that no longer opens says why, and the open one stays', async () => {
  const gone = tempDir('hum-gone-')
  writeFileSync(join(gone, 'Procfile'), 'web: echo hi\n')
  const before = await page.textContent('[data-testid=project-name]')
  // Make it recent, come back, close it, then delete it.
  await page.evaluate((dir) => window.go.main.App.OpenProject(dir), gone)
  await waitFor('the other project', async () => (await page.textContent('[data-testid=project-name]')) !== before)
  const back = (await page.evaluate(() => window.go.main.App.RecentProjects()))[1].dir
  await page.evaluate((dir) => window.go.main.App.OpenProject(dir), back)
  await waitFor('the first project again', async () => (await page.textContent('[data-testid=project-name]')) === before)
  // Closed (both stay open otherwise), so it is only a recent one.
  await page.locator(`[data-testid=project][data-root="${gone}"] [data-testid=project-close]`).click()
  await page.locator(`[data-testid=project][data-root="${gone}"]`).waitFor({ state: 'detached' })
  rmSync(gone, { recursive: true })
  await page.click('[data-testid=project-switcher]')
  await page.locator('[role=menuitem]', { hasText: basename(gone) }).click()
  const toast = await page.locator('[data-testid=toast]').filter({ hasText: basename(gone) }).textContent({ timeout: 30_000 })
  assert.match(toast, /no such file or directory/, `the backend's message: got ${toast}`)
  assert.equal(await page.textContent('[data-testid=project-name]'), before)
})
