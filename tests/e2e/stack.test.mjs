// A stack from hum.yaml in the window: one click on the group starts a
// database, an API that needs it ready and a web app that needs the API,
// in that order (checked from the processes' own output, not from Hum's
// view alone); the rows say what each waits for while it waits; a worker
// that crashes comes back after its backoff under the same row, with a
// marker line in its log; and the group's stop ends them in reverse
// order (checked from each process's own TERM handler).
import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs'
import { startApp, stopApp, openPage, closeBrowser, waitFor, screenshotsDir, tempDir, freePort } from './harness.mjs'

let app
after(async () => {
  await closeBrowser()
  if (app) await stopApp(app)
})

// db listens only after 2 s, so the API and the web app visibly wait.
const dbPy = `import os, signal, socket, sys, time
def stop(*_):
    open('stops.log', 'a').write('db\\n'); sys.exit(0)
signal.signal(signal.SIGTERM, stop)
print('db starting', flush=True)
time.sleep(2)
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('127.0.0.1', int(os.environ['DB_PORT']))); s.listen(8)
print('db listening at', time.time_ns(), flush=True)
while True:
    c, _ = s.accept(); c.sendall(b'rows'); c.close()
`
// api reads from db once at start (it fails when db is not there yet) and
// serves HTTP, printing its URL as dev servers do: its readiness is
// inferred from that URL.
const apiPy = `import http.server, os, signal, socket, sys, time
def stop(*_):
    open('stops.log', 'a').write('api\\n'); sys.exit(0)
signal.signal(signal.SIGTERM, stop)
c = socket.create_connection(('127.0.0.1', int(os.environ['DB_PORT'])), timeout=5)
print('api got', c.recv(16).decode(), 'from db at', time.time_ns(), flush=True)
srv = http.server.HTTPServer(('127.0.0.1', int(os.environ['API_PORT'])), http.server.SimpleHTTPRequestHandler)
print('  Local: http://127.0.0.1:%s/' % os.environ['API_PORT'], flush=True)
srv.serve_forever()
`
// web asks the API once, so it fails unless the API answers.
const webPy = `import os, signal, sys, time, urllib.request
def stop(*_):
    open('stops.log', 'a').write('web\\n'); sys.exit(0)
signal.signal(signal.SIGTERM, stop)
urllib.request.urlopen('http://127.0.0.1:%s/' % os.environ['API_PORT'], timeout=5).read()
print('web up at', time.time_ns(), flush=True)
while True: time.sleep(1)
`
// worker crashes on its first run and keeps running on its second.
const workerSh = `if [ ! -e crashed-once ]; then : > crashed-once; echo "worker crashing"; exit 3; fi
echo "worker steady"; exec sleep 300
`

function stackProject(dbPort, apiPort) {
  const dir = join(tempDir('hum-e2e-stack-'), 'shop')
  mkdirSync(dir)
  writeFileSync(join(dir, 'db.py'), dbPy)
  writeFileSync(join(dir, 'api.py'), apiPy)
  writeFileSync(join(dir, 'web.py'), webPy)
  writeFileSync(join(dir, 'worker.sh'), workerSh)
  writeFileSync(join(dir, 'hum.yaml'), `# a shop: a database, an API on it, a web app on the API
processes:
  db:
    command: exec python3 -u db.py
    env: {DB_PORT: ${dbPort}}
    readiness:
      tcp: 127.0.0.1:${dbPort}
      period: 200ms
  api:
    command: exec python3 -u api.py
    env: {DB_PORT: ${dbPort}, API_PORT: ${apiPort}}
    depends_on:
      db: ready
  web:
    command: exec python3 -u web.py
    env: {API_PORT: ${apiPort}}
    depends_on:
      api: ready
  worker:
    command: sh worker.sh
    restart:
      policy: on-failure
      backoff: 2s
groups:
  shop:
    description: the whole shop
    members: [web, api, db, worker]
`)
  return dir
}

async function rows(page) {
  return page.$$eval('[data-testid=process]', (trs) => Object.fromEntries(trs.map((r) => [r.dataset.name, {
    status: r.querySelector('[data-testid=status]')?.dataset.status,
    ready: r.querySelector('[data-testid=status]')?.dataset.ready === 'true',
    words: r.querySelector('[data-testid=status-words]')?.textContent.trim() ?? '',
  }])))
}

test('a stack starts in dependency order with one click, says why it waits, survives a crash and stops in reverse', async () => {
  const [dbPort, apiPort] = [await freePort(), await freePort()]
  const dir = stackProject(dbPort, apiPort)
  app = await startApp({ project: dir })
  const page = await openPage(app)
  const group = '[data-testid=group][data-name=shop]'
  await page.waitForSelector(group, { timeout: 30_000 })
  await page.click(`${group} [data-testid=group-start]`)

  // While db is not listening yet, api and web wait, and say for what.
  await waitFor('api and web to wait, saying for what', async () => {
    const r = await rows(page)
    return r.api?.status === 'waiting' && /waiting for db \(ready\)/.test(r.api.words) &&
      r.web?.status === 'waiting' && /waiting for api \(ready\)/.test(r.web.words)
  }, { timeout: 30_000 })
  // The merged view labels the worker's first line, printed as it started, by its name.
  await waitFor('the worker crashing line in the merged view', async () =>
    (await page.evaluate(() => document.querySelector('[data-testid=log-view] .xterm-rows')?.textContent ?? '')).includes('worker crashing'), { timeout: 30_000 })
  const merged = await page.evaluate(() => document.querySelector('[data-testid=log-view] .xterm-rows')?.textContent ?? '')
  assert.match(merged, /worker\s*│\s*worker crashing/, `the line is labelled by the process's name; got ${merged}`)
  assert.doesNotMatch(merged, /p0\d+\s*│/, 'no line is labelled by a process ID')
  await page.screenshot({ path: join(screenshotsDir, 'stack-waiting.png') })

  await waitFor('the whole shop ready', async () => {
    const r = await rows(page)
    return ['db', 'api', 'web'].every((n) => r[n]?.status === 'running' && r[n].ready)
  }, { timeout: 60_000 })

  // The order, from the processes' own words.
  const procs = await page.evaluate(() => window.go.main.App.Processes())
  const id = Object.fromEntries(procs.map((p) => [p.name, p.id]))
  const logs = async (name) => (await page.evaluate((p) => window.go.main.App.TailLogs(p, 200), id[name])).lines.map((l) => l.raw).join('\n')
  const at = async (name, re) => {
    const m = (await logs(name)).match(re)
    assert.ok(m, `${name} printed ${re}; got ${await logs(name)}`)
    return BigInt(m[1])
  }
  const listening = await at('db', /db listening at (\d+)/)
  const connected = await at('api', /api got rows from db at (\d+)/)
  const webUp = await at('web', /web up at (\d+)/)
  assert.ok(listening < connected, 'api started only once db listened')
  assert.ok(connected < webUp, 'web started only once api answered')
  const api = procs.find((p) => p.name === 'api')
  assert.match(api.readyNote ?? '', /inferred from http:\/\/127\.0\.0\.1:\d+/, 'the API is ready by the URL it printed')

  // The worker crashed once and came back under the same row.
  await waitFor('the worker to run again after its crash', async () => {
    const r = await rows(page)
    return r.worker?.status === 'running' && (await logs('worker')).includes('worker steady')
  }, { timeout: 60_000 })
  const worker = (await page.evaluate(() => window.go.main.App.Processes())).find((p) => p.name === 'worker')
  assert.equal(worker.restarts, 1, 'one restart, same row')
  assert.equal(worker.last?.exitCode, 3, 'the last run ended with exit 3')
  assert.match(await logs('worker'), /worker crashing[\s\S]*── run 2[^\n]*exit 3[\s\S]*worker steady/, 'a marker line between the runs')
  assert.equal(procs.filter((p) => p.name === 'worker').length, 1)
  await page.click('[data-testid=process][data-name=api]')
  await page.waitForSelector('[data-testid=process-detail]', { timeout: 10_000 })
  await page.screenshot({ path: join(screenshotsDir, 'stack.png') })

  // Stopping the group stops web, then api, then db.
  await page.click(`${group} [data-testid=group-stop]`)
  await waitFor('everything stopped', async () => {
    const r = await rows(page)
    return ['db', 'api', 'web', 'worker'].every((n) => r[n]?.status === 'stopped')
  }, { timeout: 60_000 })
  const stops = join(dir, 'stops.log')
  assert.ok(existsSync(stops), 'each process said it stopped')
  assert.deepEqual(readFileSync(stops, 'utf8').trim().split('\n'), ['web', 'api', 'db'], 'dependents stop before what they depend on')
})
