// A Hum that quit unexpectedly together with its watchdog (`pkill -9 hum`)
// leaves its state file (backend/watchdog) behind: the next launch shows
// the trees of it still running, and the user stops them or leaves them.
// The test plays the dead Hum: it starts a tree in a process group of its
// own and writes the state file that Hum would have written.
import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { startApp, stopApp, openPage, closeBrowser, waitFor, tempDir, screenshotsDir } from './harness.mjs'

const cleanups = []
after(async () => {
  await closeBrowser()
  for (const c of cleanups.reverse()) await c()
})

// groupOf lists the live (not zombie) processes of the group pgid.
function groupOf(pgid) {
  const out = []
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    try {
      const f = stat(Number(name))
      if (f.pgrp === pgid && f.state !== 'Z') out.push(Number(name))
    } catch { /* gone meanwhile */ }
  }
  return out
}

// stat reads the fields of /proc/PID/stat after the command's parentheses.
function stat(pid) {
  const s = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const f = s.slice(s.lastIndexOf(')') + 2).split(' ')
  return { state: f[0], pgrp: Number(f[2]), start: Number(f[19]) }
}

// leaveTrees starts trees as Hum would (each leader leads a new process
// group: detached) and records them in the state file of a Hum that is gone.
async function leaveTrees(configDir, lines) {
  const trees = []
  for (const line of lines) {
    const child = spawn('/bin/sh', ['-c', line], { detached: true, stdio: 'ignore' })
    child.unref()
    const pgid = child.pid
    cleanups.push(() => { try { process.kill(-pgid, 'SIGKILL') } catch { /* gone */ } })
    const n = line.split('&').length // exec sleep: 1; sh and two sleeps: 3
    await waitFor(`the tree of ${line} to have its ${n} processes`, async () => groupOf(pgid).length === n)
    trees.push({ pgid, line, n })
  }
  // The dead owner: a PID whose process has exited, with a start time it never had.
  const dead = spawnSync('/bin/true').pid
  const running = join(configDir, 'running')
  mkdirSync(running, { recursive: true, mode: 0o700 })
  const file = join(running, `${dead}-1.trees`)
  const content = trees.map((t) => `tree ${t.pgid} ${stat(t.pgid).start} /bin/sh -c ${t.line}\n`).join('')
  writeFileSync(file, `hum-trees 1\nowner ${dead} 1\n${content}`, { mode: 0o600 })
  return { trees, file }
}

function configFolder() {
  const dir = tempDir('hum-e2e-leftovers-config-')
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

function project() {
  const dir = join(tempDir('hum-e2e-leftovers-'), 'shop')
  mkdirSync(dir)
  writeFileSync(join(dir, 'Procfile'), 'web: sleep 1000\n')
  return dir
}

function tag() {
  return `${8000 + Math.floor(Math.random() * 1000)}.${Math.floor(Math.random() * 1000)}`
}

test('the next launch shows what a dead Hum left running, and Stop them ends it', async () => {
  const configDir = configFolder()
  const t = tag()
  const { trees, file } = await leaveTrees(configDir, [
    `trap '' TERM; sleep 1${t} & sleep 2${t} & wait`, `exec sleep 3${t}`, `exec sleep 4${t}`,
  ])
  const app = await startApp({ project: project(), configDir })
  try {
    const page = await openPage(app)
    const dialog = page.locator('[data-testid=leftovers]')
    await dialog.waitFor({ timeout: 30_000 })
    const text = (await dialog.textContent()).replace(/\s+/g, ' ')
    assert.match(text, /Hum quit unexpectedly/)
    assert.match(text, /3 processes from last time are still running/)
    // Each command with its PID (and its group's size when more than one).
    const rows = (await page.locator('[data-testid=leftover]').allTextContents()).map((r) => r.replace(/\s+/g, ' ').trim())
    const want = trees.map(({ pgid, line, n }) => `/bin/sh -c ${line} PID ${pgid}${n > 1 ? `, ${n} processes` : ''}`)
    assert.deepEqual(rows.sort(), want.sort())
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'leftovers-leave', 'Leave them has the focus')
    await page.screenshot({ path: join(screenshotsDir, 'leftovers.png') })

    const began = Date.now()
    await page.click('[data-testid=leftovers-stop]')
    await waitFor('the trees to be gone after Stop them', async () => trees.every((tr) => groupOf(tr.pgid).length === 0), { timeout: 30_000 })
    console.log(`# the trees (one ignoring SIGTERM) were gone ${Date.now() - began} ms after Stop them`)
    await dialog.waitFor({ state: 'detached', timeout: 10_000 })
    assert.equal(existsSync(file), false, 'the state file is removed')
  } finally {
    await stopApp(app)
  }
})

test('Leave them leaves the tree running, and the next launch does not ask again', async () => {
  const configDir = configFolder()
  const t = tag()
  const { trees: [{ pgid }], file } = await leaveTrees(configDir, [`sleep 1${t} & sleep 2${t} & wait`])
  const dir = project()
  let app = await startApp({ project: dir, configDir })
  try {
    const page = await openPage(app)
    await page.locator('[data-testid=leftovers]').waitFor({ timeout: 30_000 })
    await page.click('[data-testid=leftovers-leave]')
    await page.locator('[data-testid=leftovers]').waitFor({ state: 'detached', timeout: 10_000 })
    await waitFor('the state file to be removed', async () => !existsSync(file))
    assert.equal(groupOf(pgid).length, 3, 'a tree the user left was signalled')
  } finally {
    await stopApp(app)
  }

  app = await startApp({ project: dir, configDir })
  try {
    const page = await openPage(app)
    await page.waitForSelector('[data-testid=script][data-name=web]', { timeout: 30_000 })
    // Leftovers is asked at load, before the project's scripts show.
    assert.deepEqual(await page.evaluate(() => window.go.main.App.Leftovers()), [])
    assert.equal(await page.locator('[data-testid=leftovers]').count(), 0, 'the dialog came back')
    assert.equal(groupOf(pgid).length, 3)
  } finally {
    await stopApp(app)
  }
})
