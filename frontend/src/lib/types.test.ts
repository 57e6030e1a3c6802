import { describe, expect, it } from 'vitest'
import { config, discover, editor, environ, errcode, events, logs, main, metrics, process, scan, session, watchdog, workspace } from '../../wailsjs/go/models'
import type * as T from './types'

// types.ts is written by hand (narrower types: Status, stream, optional
// fields), but each interface mirrors a Go struct whose generated class
// (wailsjs/go/models.ts, rewritten by every `wails build`) is the truth.
// This test fails when the two drift apart: a field added, renamed or
// dropped on the Go side and not in types.ts, or the other way round.
//
// fields<T>() takes every key of the interface, exactly: `npm run check`
// refuses a missing or extra one, so the lists below cannot go stale; the
// generated constructors assign every field, so Object.keys of an instance
// lists the Go side's JSON names.
function fields<I>(r: Record<keyof I, true>): string[] {
  return Object.keys(r).sort()
}
function generated(c: new (source?: unknown) => object): string[] {
  return Object.keys(new c({})).sort()
}

const t = true as const
const pairs: [string, string[], string[]][] = [
  ['ProcState', fields<T.ProcState>({ id: t, scriptId: t, name: t, source: t, command: t, dir: t, tty: t, status: t, pid: t, startedAt: t, endedAt: t, exitCode: t, err: t, restarts: t, version: t, cpu: t, rss: t, urls: t, links: t, ports: t, conflict: t, envChanged: t, ready: t, readyNote: t, detail: t, prompt: t, nextStart: t, last: t }), generated(process.State)],
  ['RunEnd', fields<T.RunEnd>({ status: t, exitCode: t, endedAt: t, err: t }), generated(process.RunEnd)],
  ['PortConflict', fields<T.PortConflict>({ port: t, pid: t, name: t, procId: t }), generated(process.PortConflict)],
  ['Script', fields<T.Script>({ id: t, source: t, name: t, command: t, run: t, argv: t, env: t, envFiles: t, dir: t, runner: t, description: t, pipes: t }), generated(discover.Script)],
  ['Problem', fields<T.Problem>({ file: t, line: t, column: t, message: t }), generated(discover.Problem)],
  ['ScriptGroup', fields<T.ScriptGroup>({ source: t, label: t, scripts: t, problems: t }), generated(discover.Group)],
  ['StackGroup', fields<T.StackGroup>({ name: t, description: t, members: t, running: t, autostart: t }), generated(session.Group)],
  ['AutostartMember', fields<T.AutostartMember>({ scriptId: t, name: t, source: t, command: t, dir: t, envFiles: t, env: t }), generated(session.AutostartMember)],
  ['AutostartPlan', fields<T.AutostartPlan>({ group: t, members: t, digest: t }), generated(session.AutostartPlan)],
  ['AutostartPrompt', fields<T.AutostartPrompt>({ serial: t, root: t, plan: t }), generated(main.AutostartPrompt)],
  ['AutostartStatus', fields<T.AutostartStatus>({ group: t, chosen: t, fileDefault: t, approved: t }), generated(main.AutostartStatus)],
  ['ProjectView', fields<T.ProjectView>({ root: t, name: t, serial: t, revision: t, groups: t, problems: t, favourites: t }), generated(session.View)],
  ['Recent', fields<T.Recent>({ dir: t, name: t, opened: t }), generated(config.Recent)],
  ['LogLine', fields<T.LogLine>({ seq: t, proc: t, stream: t, time: t, raw: t, cut: t, screen: t, open: t, modes: t }), generated(events.LogLine)],
  ['LogPage', fields<T.LogPage>({ lines: t, next: t, gap: t }), generated(events.LogPage)],
  ['Frame', fields<T.Frame>({ file: t, line: t, column: t, func: t }), generated(logs.Frame)],
  ['ErrorEntry', fields<T.ErrorEntry>({ id: t, proc: t, time: t, kind: t, title: t, text: t, frames: t }), generated(logs.ErrorEntry)],
  ['Point', fields<T.Point>({ t: t, cpu: t, rss: t }), generated(metrics.Point)],
  ['BackendError', fields<T.BackendError>({ code: t, message: t }), generated(errcode.Failure)],
  ['ScanProgress', fields<T.ScanProgress>({ dir: t, examined: t, active: t, error: t }), generated(scan.Progress)],
  ['Settings', fields<T.Settings>({ closeToTray: t, notify: t }), generated(config.Settings)],
  ['NotifySettings', fields<T.NotifySettings>({ crashed: t, crashLoop: t, finished: t, ready: t, terminal: t }), generated(config.NotifySettings)],
  ['EditorOpened', fields<T.EditorOpened>({ file: t, line: t, column: t, editor: t, lineSupported: t }), generated(editor.Opened)],
  ['EnvVar', fields<T.EnvVar>({ name: t, value: t, layer: t }), generated(environ.Variable)],
  ['BaseEnvStatus', fields<T.BaseEnvStatus>({ layer: t, shell: t, problem: t, count: t, loadedAt: t }), generated(environ.BaseStatus)],
  ['ProjectSummary', fields<T.ProjectSummary>({ root: t, name: t, active: t, running: t, failed: t, total: t }), generated(workspace.Summary)],
  ['Leftover', fields<T.Leftover>({ pgid: t, members: t, command: t }), generated(watchdog.Leftover)],
]

describe('types.ts matches the generated models.ts', () => {
  it.each(pairs)('%s has the fields of its Go struct', (_name, hand, gen) => {
    expect(gen.length).toBeGreaterThan(0)
    expect(hand).toEqual(gen)
  })
})
