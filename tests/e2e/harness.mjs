// The end-to-end harness: starts the real Hum binaries on free ports and
// drives them from Debian's Chromium through playwright-core. Everything a
// test starts is stopped by the test (stopApp / closeBrowser in an after hook);
// nothing is killed that the harness did not start.
import { spawn, execFileSync } from 'node:child_process'
import { mkdtempSync, mkdirSync, rmSync, existsSync } from 'node:fs'
import { createServer, connect } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
export const demoDir = join(repoRoot, 'examples/demo')
export const outDir = join(repoRoot, 'tests/e2e/out')
// Screenshots and measured figures go to tests/e2e/out/docs, so a test run
// leaves the working tree clean; HUM_UPDATE_DOCS=1 (make docs) writes them
// into docs/ to be committed.
export const docsDir = process.env.HUM_UPDATE_DOCS === '1' ? join(repoRoot, 'docs') : join(outDir, 'docs')
export const screenshotsDir = join(docsDir, 'screenshots')
export const benchDir = join(docsDir, 'bench')
export const devBin = process.env.HUM_DEV_BIN || join(repoRoot, '.cache/e2e/hum-dev')
export const prodBin = process.env.HUM_BIN || join(repoRoot, 'build/bin/hum')
export const expectedVersion = process.env.HUM_VERSION || 'dev'

mkdirSync(screenshotsDir, { recursive: true })
mkdirSync(benchDir, { recursive: true })

/** Resolves with a TCP port that was free a moment ago. */
export function freePort() {
  return new Promise((ok, fail) => {
    const srv = createServer()
    srv.once('error', fail)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address()
      srv.close(() => ok(port))
    })
  })
}

/** Polls check() until it returns a truthy value or the deadline passes. */
export async function waitFor(what, check, { timeout = 30_000, interval = 100 } = {}) {
  const deadline = Date.now() + timeout
  let last
  while (Date.now() < deadline) {
    try {
      const v = await check()
      if (v) return v
    } catch (e) {
      last = e
    }
    await new Promise((r) => setTimeout(r, interval))
  }
  throw new Error(`timed out after ${timeout} ms waiting for ${what}${last ? `: ${last.message}` : ''}`)
}

function portOpen(port) {
  return new Promise((ok) => {
    const s = connect(port, '127.0.0.1')
    s.once('connect', () => { s.destroy(); ok(true) })
    s.once('error', () => ok(false))
  })
}

function exited(child) {
  return child.exitCode !== null || child.signalCode !== null
}

function waitExit(child, timeout) {
  if (exited(child)) return Promise.resolve(true)
  return new Promise((ok) => {
    const t = setTimeout(() => ok(false), timeout)
    child.once('exit', () => { clearTimeout(t); ok(true) })
  })
}

/**
 * Starts a Hum binary on `project` and returns a handle with its output.
 * mode 'dev' serves the frontend on a free port with live Go bindings
 * (handle.url); mode 'prod' opens the production window. configDir, when given, is
 * the config folder to use (the test prepared it, and removes it).
 */
export async function startApp({ mode = 'dev', project = demoDir, env = {}, args, configDir: given } = {}) {
  if (!process.env.DISPLAY) throw new Error('DISPLAY is not set: run the e2e tests under xvfb-run (make test-e2e)')
  const bin = mode === 'dev' ? devBin : prodBin
  if (!existsSync(bin)) throw new Error(`${bin} is missing: build it with make test-e2e`)
  // A config folder the test prepared (and removes) outlives the app, so a
  // second launch sees what the first left; otherwise a fresh one per app.
  const configDir = given ?? mkdtempSync(join(tmpdir(), 'hum-e2e-config-'))
  const port = mode === 'dev' ? await freePort() : 0
  const childEnv = { ...process.env, HUM_CONFIG_DIR: configDir, NO_AT_BRIDGE: '1', ...env }
  if (mode === 'dev') {
    // Wails' dev build reads these from the environment as well as from flags;
    // the environment keeps the command line free for Hum's own arguments.
    childEnv.devserver = `127.0.0.1:${port}`
    childEnv.assetdir = join(repoRoot, 'frontend/dist')
    childEnv.loglevel = 'Warning'
  }
  const child = spawn(bin, args ?? [project], { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] })
  const app = { child, port, url: port ? `http://127.0.0.1:${port}/` : '', output: '', configDir, ownConfig: !given }
  child.stdout.on('data', (d) => { app.output += d })
  child.stderr.on('data', (d) => { app.output += d })
  if (mode === 'dev') {
    try {
      await waitFor(`the dev server on port ${port}`, async () => {
        if (exited(child)) throw new Error(`hum exited early (${child.exitCode ?? child.signalCode}):\n${app.output}`)
        return portOpen(port)
      }, { timeout: 60_000 })
    } catch (e) {
      await stopApp(app)
      throw e
    }
  }
  return app
}

/**
 * Asks the app to quit with SIGTERM and waits for it; kills it only if it
 * hangs. Returns {code, signal, graceful}.
 */
export async function stopApp(app, { timeout = 20_000 } = {}) {
  const { child } = app
  let graceful = true
  if (!exited(child)) {
    child.kill('SIGTERM')
    if (!(await waitExit(child, timeout))) {
      graceful = false
      child.kill('SIGKILL')
      await waitExit(child, 5_000)
    }
  }
  if (app.ownConfig) rmSync(app.configDir, { recursive: true, force: true })
  return { code: child.exitCode, signal: child.signalCode, graceful }
}

let browser
/** Launches (once) Debian's Chromium, headless, with a fresh profile. */
export async function launchBrowser() {
  if (browser) return browser
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
  return browser
}

export async function closeBrowser() {
  if (browser) await browser.close()
  browser = undefined
}

/** Opens the app's page and waits until the Go bindings are live. */
export async function openPage(app, { width = 1280, height = 820, colorScheme = 'dark' } = {}) {
  const b = await launchBrowser()
  const page = await b.newPage({ viewport: { width, height }, colorScheme })
  page.on('pageerror', (e) => { app.output += `\n[pageerror] ${e.message}` })
  await page.goto(app.url)
  await page.waitForFunction(() => !!(window.go && window.go.main && window.go.main.App), null, { timeout: 30_000 })
  return page
}

/** Takes a screenshot of one X window, or of the whole display ('root'). */
export function screenshotDisplay(file, window = 'root') {
  execFileSync('import', ['-window', window, file], { stdio: ['ignore', 'ignore', 'ignore'] })
  return file
}

/** Standard deviation of the picture's pixels: 0 for a blank screen. */
export function imageSpread(file) {
  return Number(execFileSync('convert', [file, '-colorspace', 'Gray', '-format', '%[fx:standard_deviation]', 'info:']).toString())
}

/** Window IDs whose title matches, from xdotool. */
export function findWindows(title) {
  try {
    return execFileSync('xdotool', ['search', '--onlyvisible', '--name', title]).toString().trim().split('\n').filter(Boolean)
  } catch {
    return [] // xdotool exits 1 when nothing matches
  }
}

export function tempDir(prefix = 'hum-e2e-') {
  return mkdtempSync(join(tmpdir(), prefix))
}
