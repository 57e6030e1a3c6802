// kill -9 of the window while a tree runs whose shell and children ignore
// SIGTERM: nothing of the tree survives it. The kernel's parent-death
// signal reaches only the tree's leader; the watchdog (backend/watchdog)
// ends the rest of its process group.
import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { startApp, stopApp, openPage, closeBrowser, waitFor, tempDir } from './harness.mjs'

let app
after(async () => {
  await closeBrowser()
  if (app) await stopApp(app)
})

// withArg lists the live processes that have arg as an argument.
function withArg(arg) {
  const out = []
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    try {
      const args = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0')
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8')
      if (args.includes(arg) && stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z') out.push(Number(name))
    } catch { /* gone meanwhile */ }
  }
  return out
}

test('kill -9 of the window leaves nothing of a running tree behind', async () => {
  const tag = `${8000 + Math.floor(Math.random() * 1000)}.${Math.floor(Math.random() * 1000)}`
  const [a, b] = [`1${tag}`, `2${tag}`]
  const dir = tempDir('hum-e2e-watchdog-')
  writeFileSync(join(dir, 'Procfile'), `tree: trap '' TERM; sleep ${a} & sleep ${b} & echo started; wait\n`)
  app = await startApp({ project: dir })
  try {
    const page = await openPage(app)
    await page.waitForSelector('[data-testid=script][data-name=tree]', { timeout: 30_000 })
    await page.evaluate(() => window.go.main.App.Start('procfile:Procfile:tree'))
    await waitFor('both sleeps of the tree', async () => withArg(a).length === 1 && withArg(b).length === 1, { timeout: 30_000 })

    app.child.kill('SIGKILL')
    const killed = Date.now()
    await waitFor('the tree to be gone after kill -9 of hum', async () => withArg(a).length + withArg(b).length === 0, { timeout: 30_000 })
    console.log(`# nothing of the tree was left ${Date.now() - killed} ms after kill -9`)
    assert.deepEqual([...withArg(a), ...withArg(b)], [])
  } finally {
    for (const pid of [...withArg(a), ...withArg(b)]) {
      try { process.kill(pid, 'SIGKILL') } catch { /* gone */ }
    }
  }
})
