// A coding agent in the window: `hum mcp` connects to the running window,
// and each start, stop, restart and command the agent asks for is shown in
// a dialog first: Allow once lets it through, Deny refuses it and the agent
// is told, Always for this project stops asking (remembered in the user's
// config), and run_command shows the exact command. The Agent activity
// list has every call; Connect an agent… shows the set-up snippets and adds
// Hum to an agent's config file.
import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { startApp, stopApp, openPage, closeBrowser, waitFor, tempDir, screenshotsDir, devBin } from './harness.mjs'

let app
let agent
after(async () => {
  if (agent) agent.close()
  await closeBrowser()
  if (app) await stopApp(app)
})

/** A minimal MCP client over a spawned `hum mcp`: newline-delimited JSON-RPC. */
function startAgent(dir, env) {
  const child = spawn(devBin, ['mcp', dir], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] })
  const waiting = new Map()
  let nextID = 0
  let buf = ''
  let stderr = ''
  child.stdout.on('data', (d) => {
    buf += d
    let i
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i)
      buf = buf.slice(i + 1)
      if (!line.trim()) continue
      const msg = JSON.parse(line)
      if (msg.id !== undefined && waiting.has(msg.id)) {
        waiting.get(msg.id)(msg)
        waiting.delete(msg.id)
      }
    }
  })
  child.stderr.on('data', (d) => { stderr += d })
  const send = (msg) => child.stdin.write(JSON.stringify({ jsonrpc: '2.0', ...msg }) + '\n')
  const request = (method, params) => new Promise((resolve) => {
    const id = ++nextID
    waiting.set(id, resolve)
    send({ id, method, params })
  })
  return {
    child,
    stderr: () => stderr,
    async initialize() {
      const res = await request('initialize', {
        protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'claude-code', version: '1.0.0' },
      })
      send({ method: 'notifications/initialized', params: {} })
      return res
    },
    /** Calls a tool; resolves to {isError, text, structuredContent}. */
    async call(name, args) {
      const res = await request('tools/call', { name, arguments: args })
      if (res.error) return { isError: true, text: res.error.message }
      const r = res.result
      return { isError: !!r.isError, text: r.content.map((c) => c.text ?? '').join(''), structured: r.structuredContent }
    },
    close() { child.stdin.end(); child.kill() },
  }
}

/** The status of each process row, by name. */
async function statuses(page) {
  return page.$$eval('[data-testid=process]', (rows) => Object.fromEntries(rows.map((r) => [r.dataset.name, r.dataset.status])))
}

const dialog = '[data-testid=agent-approval]'

test('an agent asks in the window: allow once, deny, always for this project, and the exact command', async () => {
  const dir = join(tempDir('hum-e2e-agents-'), 'shop')
  mkdirSync(dir)
  writeFileSync(join(dir, 'Procfile'), 'web: echo "web up" && exec sleep 300\n')
  mkdirSync(join(dir, '.vscode'))
  const vscode = '{\n  // the team\'s servers\n  "servers": {}\n}\n'
  writeFileSync(join(dir, '.vscode', 'mcp.json'), vscode)
  app = await startApp({ project: dir })
  const page = await openPage(app)
  await waitFor('the project open', async () => (await page.evaluate(() => window.go.main.App.Project())).root !== '', { timeout: 30_000 })

  // hum mcp finds the window through the runtime folder of its config.
  agent = startAgent(dir, { HUM_CONFIG_DIR: app.configDir })
  const init = await agent.initialize()
  assert.equal(init.result.serverInfo.name, 'hum')
  await waitFor('hum mcp connected to the window', async () => agent.stderr().includes('connected to the Hum window'))

  // Allow once.
  let call = agent.call('start', { process: 'web' })
  await page.waitForSelector(dialog, { timeout: 30_000 })
  assert.match(await page.textContent('[data-testid=agent-approval-summary]'), /Claude Code wants to start\s*web/)
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'agent-deny', 'the safe answer has the focus')
  assert.deepEqual(await statuses(page), {}, 'nothing starts before the user answers')
  await page.screenshot({ path: join(screenshotsDir, 'agent-approval.png') })
  await page.click('[data-testid=agent-once]')
  let res = await call
  assert.equal(res.isError, false, res.text)
  await waitFor('web running', async () => (await statuses(page)).web === 'running')
  assert.equal(await page.$(dialog), null, 'the dialog is gone')

  // Deny: the agent is told, and nothing happens.
  call = agent.call('stop', { process: 'web' })
  await page.waitForSelector(dialog)
  assert.match(await page.textContent('[data-testid=agent-approval-summary]'), /wants to stop\s*web/)
  await page.click('[data-testid=agent-deny]')
  res = await call
  assert.equal(res.isError, true)
  assert.match(res.text, /denied/)
  assert.equal((await statuses(page)).web, 'running')

  // Always for this project: asked once, never again here.
  call = agent.call('restart', { process: 'web' })
  await page.waitForSelector(dialog)
  await page.click('[data-testid=agent-always]')
  res = await call
  assert.equal(res.isError, false, res.text)
  res = await agent.call('restart', { process: 'web' })
  assert.equal(res.isError, false, res.text)
  assert.equal(await page.$(dialog), null, 'no question for what is always allowed')
  const cfg = JSON.parse(readFileSync(join(app.configDir, 'config.json'), 'utf8'))
  assert.deepEqual(Object.values(cfg.agents), [['restart']], "remembered in the user's config")

  // run_command shows the exact command line.
  const line = 'echo "from the agent" > agent.txt'
  call = agent.call('run_command', { command: line })
  await page.waitForSelector(dialog)
  assert.equal(await page.textContent('[data-testid=agent-approval-command]'), line)
  await page.screenshot({ path: join(screenshotsDir, 'agent-run-command.png') })
  await page.click('[data-testid=agent-once]')
  res = await call
  assert.equal(res.isError, false, res.text)
  await waitFor('the command ran', async () => existsSync(join(dir, 'agent.txt')))

  // Agent activity: every call, newest first, with the user's answer.
  await page.click('[data-testid=settings]')
  await page.click('[data-testid=agent-activity-open]')
  await page.waitForSelector('[data-testid=agent-activity-row]')
  const rows = await page.$$eval('[data-testid=agent-activity-row]', (rs) => rs.map((r) => `${r.dataset.tool} ${r.dataset.decision}`))
  assert.deepEqual(rows, ['run_command allowed once', 'restart always allowed', 'restart always allowed', 'stop denied', 'start allowed once'])
  assert.match(await page.textContent('[data-testid=agent-activity]'), /Claude Code/)
  await page.screenshot({ path: join(screenshotsDir, 'agent-activity.png') })
  await page.click('[data-testid=agent-activity-close]')

  // Connect an agent…: a snippet per agent, for this project.
  await page.click('[data-testid=settings]')
  await page.click('[data-testid=agent-connect]')
  await page.waitForSelector('[data-testid=agent-snippet]')
  const agents = await page.$$eval('[data-testid=agent-snippet]', (s) => s.map((e) => e.dataset.agent))
  assert.deepEqual(agents, ['Claude Code', 'Cursor', 'Codex', 'VS Code (Copilot)'])
  const claude = await page.textContent('[data-testid=agent-snippet][data-agent="Claude Code"] [data-testid=agent-snippet-text]')
  assert.match(claude, /^claude mcp add hum -- \S+ mcp /)
  assert.ok(claude.includes(dir), claude)

  // Add Hum to Claude Code's project .mcp.json: created, with this hum on this project.
  const file = (id) => `[data-testid=agent-file][data-id="${id}"]`
  assert.equal(await page.getAttribute(file('claude-project'), 'data-state'), 'missing')
  await page.click(`${file('claude-project')} [data-testid=agent-file-add]`)
  await page.waitForSelector(`${file('claude-project')}[data-state=added]`)
  const mcpJSON = JSON.parse(readFileSync(join(dir, '.mcp.json'), 'utf8'))
  assert.deepEqual(mcpJSON.mcpServers.hum.args, ['mcp', dir])
  assert.match(mcpJSON.mcpServers.hum.command, /hum/)
  // VS Code's file has a comment: Hum says why it leaves it alone.
  assert.equal(await page.getAttribute(file('vscode-project'), 'data-state'), 'refused')
  assert.match(await page.textContent(`${file('vscode-project')} [data-testid=agent-file-error]`), /comments or trailing commas/)
  assert.equal(await page.$(`${file('vscode-project')} [data-testid=agent-file-add]`), null)
  assert.equal(readFileSync(join(dir, '.vscode', 'mcp.json'), 'utf8'), vscode)
  await page.screenshot({ path: join(screenshotsDir, 'agent-setup.png') })
  await page.click('[data-testid=agent-setup-close]')
  rmSync(join(dir, 'agent.txt'), { force: true })
})
