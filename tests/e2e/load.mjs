// The loads the speed test and the UI benchmark put on the real app: a
// process printing many lines a second, and many processes at once.
import { join } from 'node:path'
import { writeFileSync } from 'node:fs'
import { startApp, openPage, waitFor, tempDir } from './harness.mjs'

/**
 * Opens the dev build on a new project (a temporary folder named prefix…)
 * holding flood.js, a floodProducer(rate, seconds), and waits for the page
 * to show its empty process list. Returns { app, page }; the caller stops
 * them (closeBrowser, stopApp).
 */
export async function openFloodProject(prefix, rate, seconds) {
  const dir = tempDir(prefix)
  writeFileSync(join(dir, 'flood.js'), floodProducer(rate, seconds))
  const app = await startApp({ mode: 'dev', project: dir })
  const page = await openPage(app)
  await page.waitForSelector('[data-testid=no-processes]', { timeout: 30_000 })
  return { app, page }
}

/** Runs `node flood.js` from the command box and waits for its lines to show. */
export async function startFlood(page) {
  await page.fill('[data-testid=command-input]', 'node flood.js')
  await page.press('[data-testid=command-input]', 'Enter')
  await waitFor('the flood to show', async () => /t=\d{13}/.test(await page.textContent('[data-testid=log-view]')))
}

/**
 * A node script that prints rate lines a second for seconds, in bursts every
 * 5 ms, each line stamped with the time it was written ("t=<ms>"), then a
 * summary line "produced N lines in M ms, backlog max B bytes" (B: the most
 * bytes stdout held in the producer because the pipe was full).
 */
export function floodProducer(rate, seconds) {
  return `
const rate = ${rate}, seconds = ${seconds}
const pad = 'x'.repeat(40)
const t0 = Date.now()
let i = 0
let backlog = 0
function burst() {
  const now = Date.now()
  const target = Math.min(rate * seconds, Math.floor(((now - t0) * rate) / 1000))
  let out = ''
  while (i < target) out += 'line ' + i++ + ' t=' + now + ' ' + pad + '\\n'
  if (out) process.stdout.write(out)
  // What Node holds because the pipe was full: lines stamped but not yet
  // handed to Hum (the part of a line's lag that is the producer's).
  backlog = Math.max(backlog, process.stdout.writableLength)
  if (i < rate * seconds) setTimeout(burst, 5)
  else process.stdout.write('produced ' + i + ' lines in ' + (Date.now() - t0) + ' ms, backlog max ' + backlog + ' bytes\\n')
}
burst()
`
}

/** Starts n workers through the bound API, each printing 2 lines a second. */
export async function startWorkers(page, n) {
  await page.evaluate(async (n) => {
    const starts = []
    for (let i = 0; i < n; i++) {
      // perl prints without forking, so the load is the UI's, not the workers'.
      starts.push(window.go.main.App.StartCommand(`exec perl -e '$|=1; for (my $n=0;;$n++) { print "worker ${i} tick $n\\n"; select(undef,undef,undef,0.5) }'`, ''))
    }
    await Promise.all(starts)
  }, n)
}
