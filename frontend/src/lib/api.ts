// The one place the frontend talks to the backend: bound methods through the
// generated bindings, events through the Wails runtime. Every failure comes
// out as a BackendError {code, message}.
import * as App from '../../wailsjs/go/main/App'
import { EventsOn } from '../../wailsjs/runtime/runtime'
import type {
  AgentActivity, AgentApproval, AgentSetup, AutostartPrompt, AutostartStatus, BackendError, BaseEnvStatus, Dependency, EditorOpened, EnvVar, ErrorBatch, ErrorEntry, Leftover, LogBatch, LogLine, LogPage, Point, ProcState, ProjectSummary,
  NotifySettings, ProcessesEvent, ProjectView, Recent, ScanProgress, Selection, Settings, StackGroup,
} from './types'

/** Turns whatever a rejected call gave us into {code, message}. */
export function toError(e: unknown): BackendError {
  if (e && typeof e === 'object' && 'message' in e) {
    const o = e as { code?: unknown; message?: unknown }
    return { code: typeof o.code === 'string' ? o.code : 'error', message: String(o.message) }
  }
  if (typeof e === 'string') {
    // The formatter's object can arrive as its JSON text.
    try {
      const o = JSON.parse(e)
      if (o && typeof o === 'object' && 'message' in o) return toError(o)
    } catch {
      /* not JSON: a plain message */
    }
    return { code: 'error', message: e }
  }
  return { code: 'error', message: String(e) }
}

async function call<T>(p: Promise<unknown>): Promise<T> {
  try {
    return (await p) as T
  } catch (e) {
    throw toError(e)
  }
}

export const api = {
  version: () => call<string>(App.Version()),
  project: () => call<ProjectView>(App.Project()),
  openProject: (dir: string) => call<ProjectView>(App.OpenProject(dir)),
  scanStatus: () => call<ScanProgress>(App.ScanStatus()),
  pickFolder: () => call<string>(App.PickFolder()),
  recentProjects: () => call<Recent[]>(App.RecentProjects()),
  setFavourite: (scriptId: string, on: boolean) => call<string[]>(App.SetFavourite(scriptId, on)),
  settings: () => call<Settings>(App.Settings()),
  setCloseToTray: (on: boolean) => call<Settings>(App.SetCloseToTray(on)),
  setNotifications: (n: NotifySettings) => call<Settings>(App.SetNotifications(n)),
  startupNotices: () => call<string[]>(App.StartupNotices()),
  projects: () => call<ProjectSummary[]>(App.Projects()),
  switchProject: (root: string) => call<ProjectView>(App.SwitchProject(root)),
  closeProject: (root: string, force: boolean) => call<void>(App.CloseProject(root, force)),
  leftovers: () => call<Leftover[]>(App.Leftovers()),
  stopLeftovers: () => call<void>(App.StopLeftovers()),
  leaveLeftovers: () => call<void>(App.LeaveLeftovers()),
  resyncProcesses: () => call<void>(App.ResyncProcesses()),
  start: (scriptId: string) => call<ProcState>(App.Start(scriptId)),
  startCommand: (command: string, dir: string) => call<ProcState>(App.StartCommand(command, dir)),
  stop: (id: string) => call<ProcState>(App.Stop(id)),
  restart: (id: string) => call<ProcState>(App.Restart(id)),
  stopAll: () => call<void>(App.StopAll()),
  groups: () => call<StackGroup[]>(App.Groups()),
  startGroup: (name: string) => call<ProcState[]>(App.StartGroup(name)),
  stopGroup: (name: string) => call<void>(App.StopGroup(name)),
  pendingAutostart: () => call<AutostartPrompt>(App.PendingAutostart()),
  approveAutostart: (serial: number, digest: string) => call<ProcState[]>(App.ApproveAutostart(serial, digest)),
  declineAutostart: (serial: number) => call<void>(App.DeclineAutostart(serial)),
  autostart: () => call<AutostartStatus>(App.Autostart()),
  setAutostartGroup: (group: string) => call<AutostartStatus>(App.SetAutostartGroup(group)),
  createGroup: (name: string, scriptIds: string[]) => call<ProjectView>(App.CreateGroup(name, scriptIds)),
  deleteGroup: (name: string) => call<ProjectView>(App.DeleteGroup(name)),
  addToGroup: (group: string, scriptId: string) => call<ProjectView>(App.AddToGroup(group, scriptId)),
  removeFromGroup: (group: string, scriptId: string) => call<ProjectView>(App.RemoveFromGroup(group, scriptId)),
  addProcess: (name: string, command: string, dir: string) => call<ProjectView>(App.AddProcess(name, command, dir)),
  dependencies: (scriptId: string) => call<Dependency[]>(App.Dependencies(scriptId)),
  setDependency: (scriptId: string, dependsOnId: string, condition: string) =>
    call<ProjectView>(App.SetDependency(scriptId, dependsOnId, condition)),
  removeDependency: (scriptId: string, dependsOnId: string) => call<ProjectView>(App.RemoveDependency(scriptId, dependsOnId)),
  remove: (id: string) => call<void>(App.Remove(id)),
  tailLogs: (proc: string, limit: number) => call<LogPage>(App.TailLogs(proc, limit)),
  clearLogs: (proc: string) => call<void>(App.ClearLogs(proc)),
  sendInput: (proc: string, data: string) => call<void>(App.SendInput(proc, data)),
  resizeTerminal: (proc: string, cols: number, rows: number) => call<void>(App.ResizeTerminal(proc, cols, rows)),
  errors: (proc: string) => call<ErrorEntry[]>(App.Errors(proc)),
  history: (proc: string) => call<Point[]>(App.History(proc)),
  env: (proc: string) => call<EnvVar[]>(App.Env(proc)),
  baseEnvironment: () => call<BaseEnvStatus>(App.BaseEnvironment()),
  reloadEnvironment: () => call<BaseEnvStatus>(App.ReloadEnvironment()),
  openURL: (url: string) => call<void>(App.OpenURL(url)),
  openInEditor: (file: string, line: number, column: number) => call<EditorOpened>(App.OpenInEditor(file, line, column)),
  setPageVisible: (page: string, visible: boolean) => call<void>(App.SetPageVisible(page, visible)),
  pendingAgentRequests: () => call<AgentApproval[]>(App.PendingAgentRequests()),
  decideAgentRequest: (id: number, decision: 'once' | 'always' | 'deny') => call<void>(App.DecideAgentRequest(id, decision)),
  agentActivity: () => call<AgentActivity[]>(App.AgentActivity()),
  agentSetup: () => call<AgentSetup>(App.AgentSetup()),
  addAgentConfig: (id: string) => call<AgentSetup>(App.AddAgentConfig(id)),
}

export type { LogLine }

/** Subscribes to one backend topic; returns the unsubscribe function. */
export const events = {
  processes: (fn: (ev: ProcessesEvent) => void) => EventsOn('processes', fn),
  logs: (fn: (b: LogBatch) => void) => EventsOn('logs', fn),
  errors: (fn: (b: ErrorBatch) => void) => EventsOn('errors', fn),
  project: (fn: (v: ProjectView) => void) => EventsOn('project', fn),
  /** The open projects with their counts, whenever the list or a count changes. */
  projects: (fn: (ps: ProjectSummary[]) => void) => EventsOn('projects', fn),
  scan: (fn: (p: ScanProgress) => void) => EventsOn('scan', fn),
  autostart: (fn: (p: AutostartPrompt) => void) => EventsOn('autostart', fn),
  /** The agents' questions waiting for the user, oldest first (all of them, each time). */
  agentApprovals: (fn: (q: AgentApproval[]) => void) => EventsOn('agent-approvals', fn),
  /** One agent call, as it ended. */
  agentActivity: (fn: (a: AgentActivity) => void) => EventsOn('agent-activity', fn),
  /** What to bring forward: the user clicked a desktop notification about it. */
  select: (fn: (s: Selection) => void) => EventsOn('select', fn),
}
