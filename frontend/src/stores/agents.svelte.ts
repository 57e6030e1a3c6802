// Coding agents in the window. An agent connected through `hum mcp` asks
// before it starts, stops, restarts or runs anything: the backend sends the
// questions waiting (the "agent-approvals" event, or PendingAgentRequests
// for a window that listened late) and the user answers the oldest first.
// Every call an agent made is in the activity list, newest first.
import { api } from '../lib/api'
import type { AgentActivity, AgentApproval, AgentSetup } from '../lib/types'
import { ui } from './ui.svelte'

type Backend = Pick<typeof api, 'pendingAgentRequests' | 'decideAgentRequest' | 'agentActivity' | 'agentSetup' | 'addAgentConfig'>

/** The activity kept in the window: as many as the backend keeps. */
const maxActivity = 500

export class AgentStore {
  /** The questions waiting, oldest first; the dialog shows the first. */
  pending = $state<AgentApproval[]>([])
  /** What agents did, newest first. */
  activity = $state<AgentActivity[]>([])
  /** Which agent dialog is open from the settings menu. */
  panel = $state<'' | 'activity' | 'setup'>('')
  setup = $state<AgentSetup | null>(null)
  /** The config file Hum is being added to ("" when none), so a double click adds once. */
  adding = $state('')
  /** Why Hum could not be added, by config file id. */
  addErrors = $state<Record<string, string>>({})
  /** The question an answer is on its way for, so a double click answers once. */
  answering = $state(0)

  #api: Backend

  constructor(backend: Backend = api) {
    this.#api = backend
  }

  /** The question shown: the oldest waiting. */
  get current(): AgentApproval | null {
    return this.pending[0] ?? null
  }

  /** Takes the backend's list of waiting questions. */
  show(list: AgentApproval[] | null): void {
    this.pending = list ?? []
  }

  /** Reads what waits and what happened before the window listened. */
  async load(): Promise<void> {
    try {
      this.show(await this.#api.pendingAgentRequests())
      this.activity = await this.#api.agentActivity()
    } catch {
      // Nothing to show: the next question comes as an event.
    }
  }

  /** One call ended: newest first, bounded. */
  add(a: AgentActivity): void {
    this.activity = [a, ...this.activity].slice(0, maxActivity)
  }

  /** Answers the current question. */
  async decide(decision: 'once' | 'always' | 'deny'): Promise<void> {
    const q = this.current
    if (!q || this.answering === q.id) return
    this.answering = q.id
    try {
      await this.#api.decideAgentRequest(q.id, decision)
    } catch (e) {
      ui.fail(decision === 'always' ? 'Allowed, but could not remember it' : 'Could not answer the agent', e)
    } finally {
      // The event with the list without it follows; do not wait for it.
      this.pending = this.pending.filter((p) => p.id !== q.id)
      this.answering = 0
    }
  }

  /** Opens the activity list or the set-up snippets. */
  async open(panel: 'activity' | 'setup'): Promise<void> {
    this.panel = panel
    try {
      if (panel === 'setup') this.setup = await this.#api.agentSetup()
      else this.activity = await this.#api.agentActivity()
    } catch (e) {
      ui.fail('Could not read the agents', e)
    }
  }

  /** Adds Hum to an agent's config file; a refusal is shown beside the file. */
  async addConfig(id: string): Promise<void> {
    if (this.adding) return
    this.adding = id
    const errors = { ...this.addErrors }
    delete errors[id]
    this.addErrors = errors
    try {
      this.setup = await this.#api.addAgentConfig(id)
    } catch (e) {
      const err = e as { message?: string }
      this.addErrors = { ...this.addErrors, [id]: err?.message ?? String(e) }
      try {
        this.setup = await this.#api.agentSetup()
      } catch {
        // The list shown stays; the error says what went wrong.
      }
    } finally {
      this.adding = ''
    }
  }

  close(): void {
    this.panel = ''
    this.addErrors = {}
  }
}

export const agents = new AgentStore()
