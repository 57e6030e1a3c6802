// The project store: the open project (scripts grouped by source, problems,
// favourites), the recent projects, and the script filter.
import { api } from '../lib/api'
import type { BackendError, ProjectView, Recent, ScanProgress, Script, ScriptGroup } from '../lib/types'

export class ProjectStore {
  view = $state<ProjectView | null>(null)
  recents = $state<Recent[]>([])
  filter = $state('')
  /** True while a project is being opened from this window. */
  opening = $state(false)
  /** The scan in flight (of any open: this window's, the tray's, the start's), null when none runs. */
  scan = $state<ScanProgress | null>(null)
  error = $state<BackendError | null>(null)
  /** Set once the first Project() call answered, so the UI knows what to show. */
  loaded = $state(false)

  favourites = $derived(new Set(this.view?.favourites ?? []))
  scriptCount = $derived(this.view?.groups.reduce((n, g) => n + g.scripts.length, 0) ?? 0)

  /** The groups with only the scripts matching the filter; groups with problems stay. */
  groups = $derived.by(() => filterGroups(this.view?.groups ?? [], this.filter))

  /** Starred scripts, in the order they were starred. */
  starred = $derived.by(() => {
    const all = new Map<string, Script>()
    for (const g of this.view?.groups ?? []) for (const s of g.scripts) all.set(s.id, s)
    return (this.view?.favourites ?? []).map((id) => all.get(id)).filter((s): s is Script => !!s)
  })

  async load(): Promise<void> {
    try {
      const [view, recents, scan] = await Promise.all([api.project(), api.recentProjects(), api.scanStatus()])
      this.recents = recents ?? []
      // The "project" event of an open that ended meanwhile may be newer.
      if (view?.root && newer(view, this.view)) this.view = view
      // A "scan" event may have come first: it is newer than this answer.
      if (scan?.active && !this.scan) this.scan = scan
    } catch (e) {
      this.error = e as BackendError
    } finally {
      this.loaded = true
    }
  }

  /** Follows the scan of a project being opened (the "scan" event). */
  onScan(p: ScanProgress): void {
    if (p.active) {
      // A late progress event of a scan whose project is shown already
      // (events may overtake one another): an open folder is never scanned.
      if (p.dir === this.view?.root) return
      this.scan = p
      return
    }
    if (this.scan && this.scan.dir !== p.dir) return // an older scan's end
    this.scan = null
    // A failed open that no bound call reports (the folder given at start).
    if (p.error && !this.opening) this.error = p.error
  }

  /**
   * Takes a project opened or switched to elsewhere (the tray, a second
   * launch, a notification's click), none (the last one was closed), or a change
   * of the open one's hum.yaml (the same serial, a higher revision), which
   * replaces the scripts, groups and problems in place: the filter stays.
   */
  async adopt(view: ProjectView): Promise<void> {
    if (!newer(view, this.view)) return
    if (!view.root) {
      // The last open project was closed: the welcome screen.
      this.view = null
      this.filter = ''
      try {
        this.recents = (await api.recentProjects()) ?? []
      } catch {
        // The welcome screen shows the recents it had.
      }
      return
    }
    if (this.view && this.view.serial === view.serial) {
      this.view = view
      return
    }
    // Its scan is over, whatever order the scan's events arrive in.
    if (this.scan?.dir === view.root) this.scan = null
    this.view = view
    this.error = null
    this.filter = ''
    try {
      this.recents = (await api.recentProjects()) ?? []
    } catch {
      // The recents list is a convenience: the project itself is open.
    }
  }

  /** Opens dir; true when it worked. Failures land in error. */
  async open(dir: string): Promise<boolean> {
    this.opening = true
    this.error = null
    try {
      const view = await api.openProject(dir)
      // The "project" event may have brought this or a newer open already.
      if (newer(view, this.view)) this.view = view
      this.filter = ''
      this.recents = (await api.recentProjects()) ?? []
      return true
    } catch (e) {
      // Cancelled by a newer open: that one reports for itself.
      if ((e as BackendError).code !== 'cancelled') this.error = e as BackendError
      return false
    } finally {
      this.opening = false
    }
  }

  /** Asks for a folder with the native dialog and opens it. */
  async pick(): Promise<boolean> {
    try {
      const dir = await api.pickFolder()
      return dir ? await this.open(dir) : false
    } catch (e) {
      this.error = e as BackendError
      return false
    }
  }

  async toggleFavourite(id: string): Promise<void> {
    if (!this.view) return
    const on = !this.favourites.has(id)
    const favourites = await api.setFavourite(id, on)
    this.view = { ...this.view, favourites: favourites ?? [] }
  }
}

/** Whether view is a later open than cur, or a later revision of the same open. */
export function newer(view: ProjectView, cur: ProjectView | null): boolean {
  if (!cur) return true
  if (view.serial !== cur.serial) return view.serial > cur.serial
  return (view.revision ?? 0) > (cur.revision ?? 0)
}

/** What the window says while a scan runs: "Scanning… 1,234 files". */
export function scanText(p: ScanProgress, locale?: string): string {
  const n = p.examined
  return `Scanning… ${n.toLocaleString(locale)} ${n === 1 ? 'file' : 'files'}`
}

/** Keeps scripts whose name, command or source matches every word of filter. */
export function filterGroups(groups: ScriptGroup[], filter: string): ScriptGroup[] {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean)
  if (words.length === 0) return groups
  const out: ScriptGroup[] = []
  for (const g of groups) {
    const scripts = g.scripts.filter((s) => {
      const hay = `${s.name} ${s.command} ${g.label} ${s.dir}`.toLowerCase()
      return words.every((w) => hay.includes(w))
    })
    if (scripts.length > 0) out.push({ ...g, scripts })
  }
  return out
}

export const project = new ProjectStore()
