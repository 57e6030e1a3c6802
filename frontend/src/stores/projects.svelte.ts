// The open projects, as the sidebar lists them: each with its running and
// failed counts (the "projects" event), one active. Switching stops
// nothing; closing one whose processes run asks first ("api has 3 running
// processes": Stop them and close / Cancel).
import { api } from '../lib/api'
import type { BackendError, ProjectSummary } from '../lib/types'
import { project } from './project.svelte'
import { ui } from './ui.svelte'

type Backend = Pick<typeof api, 'projects' | 'switchProject' | 'closeProject'>
type Adopter = Pick<typeof project, 'adopt'>

export class ProjectsStore {
  list = $state<ProjectSummary[]>([])
  /** The project whose close waits for the user's confirmation; null when none. */
  closing = $state<ProjectSummary | null>(null)
  /** True while a close runs (stopping processes can take the grace period). */
  busy = $state(false)

  #api: Backend
  #project: Adopter

  constructor(backend: Backend = api, adopter: Adopter = project) {
    this.#api = backend
    this.#project = adopter
  }

  async load(): Promise<void> {
    try {
      this.take((await this.#api.projects()) ?? [])
    } catch {
      // The next "projects" event brings the list.
    }
  }

  /** Takes the list of a "projects" event or a Projects() answer. */
  take(ps: ProjectSummary[]): void {
    this.list = ps ?? []
    // A project closed elsewhere (the tray's quit, another window) asks no more.
    if (this.closing && !this.list.some((p) => p.root === this.closing?.root)) this.closing = null
  }

  /** Shows root: its processes, logs and scripts; nothing stops. */
  async switchTo(root: string): Promise<void> {
    if (this.list.find((p) => p.root === root)?.active) return
    // Shown at once; the "projects" event confirms.
    this.list = this.list.map((p) => ({ ...p, active: p.root === root }))
    try {
      await this.#project.adopt(await this.#api.switchProject(root))
    } catch (e) {
      ui.fail('Could not switch project', e)
      await this.load()
    }
  }

  /** Closes root; asks first (closing) when its processes run. */
  async close(root: string): Promise<void> {
    const p = this.list.find((x) => x.root === root)
    if (!p || this.busy) return
    if (p.running > 0) {
      this.closing = p
      return
    }
    await this.#close(p, false)
  }

  /** The user's "Stop them and close". */
  async confirm(): Promise<void> {
    const p = this.closing
    if (!p || this.busy) return
    await this.#close(p, true)
  }

  /** The user's Cancel: nothing closes. */
  cancel(): void {
    this.closing = null
  }

  async #close(p: ProjectSummary, force: boolean): Promise<void> {
    this.busy = true
    try {
      await this.#api.closeProject(p.root, force)
      this.closing = null
      this.list = this.list.filter((x) => x.root !== p.root)
    } catch (e) {
      // Something started there since the list was read: ask now.
      if ((e as BackendError).code === 'project_running') this.closing = { ...p, running: Math.max(p.running, 1) }
      else {
        this.closing = null
        ui.fail(`Could not close ${p.name}`, e)
      }
    } finally {
      this.busy = false
    }
    await this.load()
  }
}

export const projects = new ProjectsStore()
