// What the buttons and keys do: call the backend, fold the returned state
// into the store at once (the event follows), and show failures with the
// backend's message.
import { api } from './api'
import { openedText, openFailedText } from './editor'
import type { ProcState } from './types'
import { processes } from '../stores/processes.svelte'
import { errors } from '../stores/errors.svelte'
import { ui } from '../stores/ui.svelte'

function take(st: ProcState | undefined): void {
  if (st && st.id) processes.apply({ states: [st], removed: [] })
}

/** A failed start still registers the process: show it and the reason. */
async function withState(what: string, p: Promise<ProcState>): Promise<ProcState | undefined> {
  try {
    const st = await p
    take(st)
    return st
  } catch (e) {
    ui.fail(what, e)
    return undefined
  }
}

export async function runScript(scriptId: string, name: string): Promise<void> {
  const st = await withState(`Could not start ${name}`, api.start(scriptId))
  if (st) ui.select(st.id)
}

export async function runCommand(command: string): Promise<boolean> {
  const st = await withState('Could not run the command', api.startCommand(command, ''))
  if (st) ui.select(st.id)
  return !!st
}

export async function stop(id: string): Promise<void> {
  await withState(`Could not stop ${processes.get(id)?.name ?? id}`, api.stop(id))
}

export async function restart(id: string): Promise<void> {
  await withState(`Could not restart ${processes.get(id)?.name ?? id}`, api.restart(id))
}

export async function remove(id: string): Promise<void> {
  try {
    await api.remove(id)
    processes.apply({ states: [], removed: [id] })
    errors.forget(id)
    if (ui.selected === id) ui.select('')
  } catch (e) {
    ui.fail(`Could not remove ${processes.get(id)?.name ?? id}`, e)
  }
}

export async function stopAll(): Promise<void> {
  try {
    await api.stopAll()
  } catch (e) {
    ui.fail('Could not stop everything', e)
  }
}

export async function openURL(url: string): Promise<void> {
  try {
    await api.openURL(url)
  } catch (e) {
    ui.fail('Could not open the link', e)
  }
}

/** Opens a frame's file; a toast says where it opened, or why it did not. */
export async function openInEditor(file: string, line: number, column: number): Promise<void> {
  try {
    ui.notify('info', openedText(await api.openInEditor(file, line, column)))
  } catch (e) {
    ui.fail(openFailedText(file, line), e)
  }
}

/**
 * Brings the window up to date: on start and after opening a project. The
 * processes come as a full event (down the channel their changes use), the
 * errors as a pull of what was detected so far.
 */
export async function syncAll(): Promise<void> {
  try {
    const [, errs] = await Promise.all([api.resyncProcesses(), api.errors('')])
    errors.add(errs ?? [])
  } catch (e) {
    ui.fail('Could not load the processes', e)
  }
}
