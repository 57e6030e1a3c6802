// A foreign page must never run in Hum's window. A page loaded there could
// call every bound method (App.StartCommand runs any shell line), so a link
// dropped on the window, the way one drags a link out of a browser, is the
// attack. This drives a real drag under Xvfb: a small GTK drag source
// (fixtures/dragsource.py) offers a text/uri-list of a page served here, and
// xdotool presses on it, moves onto the production window and releases.
import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { spawn, execFileSync } from 'node:child_process'
import { createServer } from 'node:http'
import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { repoRoot, outDir, startApp, stopApp, waitFor, tempDir, findWindows, screenshotDisplay, imageSpread } from './harness.mjs'

const dragSource = join(repoRoot, 'tests/e2e/fixtures/dragsource.py')
const started = []
after(() => { for (const c of started) if (c.exitCode === null) c.kill('SIGTERM') })

/** Serves the hostile page and records every request it gets. */
function hostileServer(marker) {
  const requests = []
  const page = `<!doctype html><html><body style="background:#ff0000;margin:0;height:100vh">
<h1>not Hum</h1>
<script>
  fetch('/script-ran').catch(() => {})
  const line = 'touch ${marker}'
  try { window.go.main.App.StartCommand(line, '') } catch (e) {}
  // The bridge itself, as Wails' runtime calls it, in case window.go is absent.
  try {
    window.webkit.messageHandlers.external.postMessage('C' + JSON.stringify({ name: 'main.App.StartCommand', args: [line, ''], callbackID: 'main.App.StartCommand-1' }))
  } catch (e) {}
</script></body></html>`
  const server = createServer((req, res) => {
    requests.push(req.url)
    res.writeHead(200, { 'content-type': 'text/html' })
    res.end(req.url === '/page.html' ? page : 'ok')
  })
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok({ server, requests, url: `http://127.0.0.1:${server.address().port}/page.html` })))
}

/** Starts fixtures/dragsource.py with args and waits until its window is mapped. */
async function python(args) {
  const child = spawn('/usr/bin/python3', [dragSource, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_AT_BRIDGE: '1' } })
  started.push(child)
  const p = { child, output: '' }
  child.stdout.on('data', (d) => { p.output += d })
  child.stderr.on('data', (d) => { p.output += d })
  await waitFor(`${args.join(' ')} to map its window`, () => {
    if (child.exitCode !== null) throw new Error(`dragsource.py exited: ${p.output}`)
    return p.output.includes('ready')
  })
  return p
}

function geometry(win) {
  const out = execFileSync('xdotool', ['getwindowgeometry', '--shell', win]).toString()
  const v = Object.fromEntries(out.trim().split('\n').map((l) => l.split('=')))
  return { x: +v.X, y: +v.Y, width: +v.WIDTH, height: +v.HEIGHT }
}

/**
 * Drags from (x0, y0) to (x1, y1) with the first button, in steps: GTK starts
 * a drag only past its threshold, and XDND needs motion over the target
 * before the release. The pauses pace the input, they do not wait for a result.
 */
function drag(x0, y0, x1, y1) {
  const steps = ['mousemove', x0, y0, 'mousedown', '1', 'sleep', '0.3']
  for (let i = 1; i <= 8; i++) {
    steps.push('mousemove', Math.round(x0 + ((x1 - x0) * i) / 8), Math.round(y0 + ((y1 - y0) * i) / 8), 'sleep', '0.15')
  }
  steps.push('mousemove', x1 + 3, y1 + 3, 'sleep', '0.5', 'mouseup', '1')
  execFileSync('xdotool', steps.map(String))
}

/** Fraction of the window's pixels that are the hostile page's red. */
function redFraction(file) {
  return Number(execFileSync('convert', [file, '-fuzz', '15%', '-fill', 'black', '+opaque', '#ff0000', '-fill', 'white', '-opaque', '#ff0000',
    '-colorspace', 'Gray', '-format', '%[fx:mean]', 'info:']).toString())
}

test('a link dropped on the window loads nothing and runs nothing', async () => {
  const project = tempDir('hum-e2e-drop-')
  writeFileSync(join(project, 'Procfile'), 'web: sleep 300\n')
  const marker = join(tempDir('hum-e2e-marker-'), 'pwned')
  const hostile = await hostileServer(marker)
  const app = await startApp({ mode: 'prod', project })
  try {
    const [win] = await waitFor('a window titled Hum', () => {
      const ids = findWindows('^Hum$')
      return ids.length > 0 && ids
    }, { timeout: 60_000 })
    const shot = join(outDir, 'webguard-window.png')
    await waitFor('the window to paint', () => imageSpread(screenshotDisplay(shot, win)) > 0.01, { timeout: 30_000, interval: 500 })
    const hum = geometry(win)

    // Mapped after Hum, so on top of it (there is no window manager).
    const source = await python(['hum-e2e-drag-source', hostile.url])
    const control = await python(['--target', 'hum-e2e-drop-target', '1000'])

    // The control: the same drag onto a plain GTK drop target arrives, so
    // this display, xdotool and the source really deliver drops.
    drag(120, 120, 1120, 120)
    await waitFor('the control target to receive the link', () => control.output.includes(`received ${hostile.url}`), { timeout: 20_000 })

    // Onto Hum's window, away from the two small windows.
    const x = hum.x + Math.round(hum.width / 2)
    const y = hum.y + Math.round(hum.height * 0.6)
    drag(120, 120, x, y)
    // A negative cannot be waited for: give a loaded WebKit a generous
    // while to fetch and run the page (it does so within a second when the
    // drop is not refused).
    await new Promise((r) => setTimeout(r, 6000))
    screenshotDisplay(shot, win)

    assert.deepEqual(hostile.requests, [], `the dropped page was fetched: ${hostile.requests.join(', ')}\nsource: ${source.output}`)
    assert.ok(!existsSync(marker), 'the dropped page started a command: the marker file exists')
    const red = redFraction(shot)
    assert.ok(red < 0.01, `${(red * 100).toFixed(1)}% of the window is the dropped page's red: it is not showing Hum (see ${shot})`)
    assert.ok(imageSpread(shot) > 0.01, `the window is blank after the drop (see ${shot})`)
  } finally {
    await stopApp(app)
    hostile.server.close()
  }
})
