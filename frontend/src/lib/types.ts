// The shapes the backend sends, as its json tags spell them. Bound methods
// return these; events carry them too.

export type Status =
  | 'starting'
  | 'running'
  | 'stopping'
  | 'stopped'
  | 'succeeded'
  | 'failed'
  | 'waiting'
  | 'blocked'
  | 'restarting'
  | 'crashloop'

/** How a process's previous run ended (State.last). */
export interface RunEnd {
  status: Status
  exitCode: number
  endedAt: number
  err: string
}

/**
 * A port a run found taken (EADDRINUSE) and who holds it: one of Hum's own
 * processes (procId), or another program (name, pid; pid 0 when it cannot
 * be seen). Hum never signals a program it did not start.
 */
export interface PortConflict {
  port: number
  pid: number
  name: string
  procId?: string
}

export interface ProcState {
  id: string
  scriptId: string
  name: string
  source: string
  command: string
  dir: string
  /** It runs on a pseudo-terminal: it takes typed input (SendInput) and a size (ResizeTerminal). */
  tty?: boolean
  /** The prompt it waits at ("Name? "): its newest line, unfinished, reads like a question; absent otherwise. */
  prompt?: string
  status: Status
  pid: number
  startedAt: number // unix ms the current run started
  endedAt: number // unix ms the current run ended; 0 while it has not
  exitCode: number
  err: string
  restarts: number
  version: number
  cpu: number
  rss: number
  /** Server URLs it printed: the address it serves ("Local: http://localhost:5173"). */
  urls: string[] | null
  /** Every other http(s) URL it printed: documentation, upstreams it calls. */
  links?: string[] | null
  /** TCP ports its tree listens on, ascending, as the OS says. */
  ports?: number[] | null
  /** Who holds the port this run could not listen on. */
  conflict?: PortConflict
  /** The env files changed since this run started (".env, api.env"): restart to apply. */
  envChanged?: string
  /** The run's readiness condition is met; readyNote says how ("inferred from http://localhost:5173"). */
  ready?: boolean
  readyNote?: string
  /** Why it is waiting, blocked, restarting or paused, in words. */
  detail?: string
  /** Unix ms of the next start while restarting. */
  nextStart?: number
  /** How the previous run ended, from the second run on. */
  last?: RunEnd
}

export interface Script {
  id: string
  source: string
  name: string
  command: string
  run: string
  argv?: string[]
  env?: Record<string, string>
  /** dotenv files the script reads (hum.yaml's env_file), relative to the project root. */
  envFiles?: string[]
  dir: string
  runner?: string
  description?: string
  /** It runs on plain pipes, not a terminal (hum.yaml's tty: false). */
  pipes?: boolean
}

/** One variable a process was started with, and the layer that set it. */
export interface EnvVar {
  name: string
  value: string
  /** "login shell", "Hum's environment", ".env", ".env.local", an env file's path, or the script's source. */
  layer: string
}

/** What every process's environment starts from (App.BaseEnvironment). */
export interface BaseEnvStatus {
  /** "login shell" or "Hum's environment". */
  layer: string
  shell?: string
  /** Why the login shell's environment is not used, when it was meant to be. */
  problem?: string
  count: number
  loadedAt: number
}

export interface Problem {
  file: string
  line: number
  column?: number // 1-based; absent when the source does not know it
  message: string
}

/** One of hum.yaml's groups (session.Group). */
export interface StackGroup {
  name: string
  description: string
  members: string[] // script IDs, in the order the group starts them
  running: number // when the backend answered; the sidebar counts from the processes store
  autostart: boolean
}

/** One entry of a script's depends_on (session.Dependency). */
export interface Dependency {
  /** The script it waits for. */
  id: string
  /** As hum.yaml writes it. */
  ref: string
  name: string
  /** started | ready | completed | completed_successfully | log_ready */
  condition: string
  /** log_ready's regular expression. */
  pattern?: string
}

/** One process an autostart would start, as the trust prompt shows it (session.AutostartMember). */
export interface AutostartMember {
  scriptId: string
  name: string
  source: string
  /** The line that runs. */
  command: string
  /** Relative to the project root; "." for the root. */
  dir: string
  /** The dotenv files its environment reads, in the order they apply. */
  envFiles: string[]
  env?: Record<string, string>
}

/** What starting a group when the project opens would run (session.AutostartPlan). */
export interface AutostartPlan {
  group: string
  members: AutostartMember[]
  /** The command set's identity: the user's answer is remembered under it. */
  digest: string
}

/** The question asked before an autostart group's commands first run (App.PendingAutostart, "autostart" event). */
export interface AutostartPrompt {
  /** The open it belongs to (ProjectView.serial); 0 when no question waits. */
  serial: number
  root: string
  plan: AutostartPlan
}

/** Which group starts when the open project opens, for this user (App.Autostart). */
export interface AutostartStatus {
  /** "" for none. */
  group: string
  /** The user chose it, over hum.yaml's default. */
  chosen: boolean
  fileDefault: string
  approved: boolean
}

export interface ScriptGroup {
  source: string
  label: string
  scripts: Script[]
  problems: Problem[]
}

export interface ProjectView {
  root: string
  name: string
  /** Increases with every open, also of the same folder. */
  serial: number
  /** Within one open, increases with every change of hum.yaml shown (on disk or from the window). */
  revision: number
  groups: ScriptGroup[]
  problems: Problem[]
  favourites: string[]
}

export interface Recent {
  dir: string
  name: string
  opened: string
}

export interface LogLine {
  seq: number
  proc: string
  stream: 'stdout' | 'stderr'
  time: number // unix ms
  raw: string
  cut?: number // bytes of the printed line not shown (raw then ends with a marker saying so)
  /** Drawn in the alternate screen by a full-screen program: raw keeps its cursor moves; only the process's own view shows it. */
  screen?: boolean
  /** The process paused in this line (a prompt): its own view writes the next line straight after it. */
  open?: boolean
  /** The input modes the line switched (CSI ? 1 / 2004 / mouse h or l), for the process's own view. */
  modes?: string
}

export interface LogPage {
  lines: LogLine[]
  next: number
  gap: boolean
}

export interface LogBatch {
  lines: LogLine[]
  dropped: number
  /** Lines came while the window was hidden and were not sent: re-tail. */
  resync?: boolean
}

export interface Frame {
  file: string
  line: number
  column: number
  func: string
}

export interface ErrorEntry {
  id: number
  proc: string
  time: number // unix ms of its first line
  kind: string
  title: string
  text: string
  frames: Frame[] | null
}

/** An "errors" event: the errors detected since the last one, oldest first. */
export interface ErrorBatch {
  errors: ErrorEntry[]
  dropped: number // errors detected meanwhile that the event does not carry
}

export interface Point {
  t: number
  cpu: number
  rss: number
}

export interface ProcessesEvent {
  states: ProcState[]
  removed: string[]
  /** Every process is in states (the first event after the window was hidden): drop the rest. */
  full?: boolean
}

export interface BackendError {
  code: string
  message: string
}

/** A project being opened: its scan runs in the background (the "scan" event). */
export interface ScanProgress {
  dir: string
  /** Files and folders examined so far. */
  examined: number
  /** False once the scan has ended. */
  active: boolean
  /** Why the open failed, on the last event of a failed one. */
  error?: BackendError
}

export interface Settings {
  closeToTray: boolean
  notify: NotifySettings
}

/** Which desktop notifications Hum shows (backend/config.NotifySettings). */
export interface NotifySettings {
  /** A process crashed: a failure nobody asked for. */
  crashed: boolean
  /** A process failed too often and was paused. */
  crashLoop: boolean
  /** A build or test script finished while Hum was not seen. */
  finished: boolean
  /** A process the user started became ready after a while (off by default). */
  ready: boolean
  /** A process rang the terminal bell or printed an OSC 9/777 notification. */
  terminal: boolean
}

/** What a click on a desktop notification brings forward (backend/events.Selection). */
export interface Selection {
  procId: string
  /** A detected error of that process to open (ErrorEntry.id); absent for none. */
  errorId?: number
}

/** What OpenInEditor opened and how (backend/editor.Opened). */
export interface EditorOpened {
  file: string
  line: number
  column: number
  editor: string
  /** false: a line was asked but the editor opens the file at its top. */
  lineSupported: boolean
}

/** One open project in the project list (workspace.Summary). */
export interface ProjectSummary {
  root: string
  name: string
  /** The project the window shows. */
  active: boolean
  /** Processes that have not ended (starting, running, waiting, stopping…). */
  running: number
  /** Failed, in a crash loop, or blocked by a failed dependency. */
  failed: number
  total: number
}

/** A process tree a Hum that quit unexpectedly left running (watchdog.Leftover). */
export interface Leftover {
  pgid: number // its process group; the leader's PID while the leader runs
  members: number // processes still in the group
  command: string // the leader's command line when Hum started it
}

/** A coding agent's acting call waiting for the user's answer (App.PendingAgentRequests, "agent-approvals" event). */
export interface AgentApproval {
  id: number
  /** The MCP client's name: "Claude Code", "Cursor", … */
  agent: string
  /** start | stop | restart | run_command */
  tool: string
  /** The script, process or group; the folder for run_command. */
  target: string
  /** run_command's exact command line. */
  command?: string
  root: string
  /** "Claude Code wants to restart api". */
  summary: string
  /** What "Always for this project" allows from now on, in words. */
  always: string
}

/** One acting call an agent made (mcp.Activity): who, what, when, and how it ended. */
export interface AgentActivity {
  /** Unix ms. */
  time: number
  agent: string
  tool: string
  target: string
  command?: string
  root: string
  /** "allowed once", "always allowed", "denied" or "refused". */
  decision: string
  ok: boolean
  /** "done", or why it was refused or failed. */
  result: string
}

/** How one agent is set up to use `hum mcp` (mcp.Snippet). */
export interface AgentSnippet {
  agent: string
  /** The command to run, or the config file to add it to. */
  where: string
  text: string
}

/** An agent's config file Hum can add itself to (main.AgentConfigFile). */
export interface AgentConfigFile {
  /** What App.AddAgentConfig takes: "claude-project", "cursor-user", … */
  id: string
  agent: string
  path: string
  /** In the project (created when absent), or the user's own. */
  project: boolean
  exists: boolean
  /** added: Hum is in it for this project; missing: Add Hum adds it; refused: message says why not. */
  state: 'added' | 'missing' | 'refused'
  message?: string
}

/** What "Connect an agent…" shows (App.AgentSetup). */
export interface AgentSetup {
  root: string
  command: string
  snippets: AgentSnippet[]
  files: AgentConfigFile[]
}
