// What the buttons and keys do: call the backend and show failures with the
// backend's message. A state never enters the store from a call's answer:
// the "processes" event carries it (within ~100 ms), the one way states
// arrive; the answer only says which process to select.
import { api } from './api'
import { openedText, openFailedText } from './editor'
import type { ProcState, ProjectView } from './types'
import { processes } from '../stores/processes.svelte'
import { project } from '../stores/project.svelte'
import { errors } from '../stores/errors.svelte'
import { ui } from '../stores/ui.svelte'

/** A failed start still registers the process: its event shows it and the reason. */
async function withState(what: string, p: Promise<ProcState>): Promise<ProcState | undefined> {
  try {
    return await p
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
    // The event removes the row (and the selection falls back to "All").
    errors.forget(id)
  } catch (e) {
    ui.fail(`Could not remove ${processes.get(id)?.name ?? id}`, e)
  }
}

/** Starts a group's members; a member that could not start is said in a toast, the others run. */
export async function startGroup(name: string): Promise<void> {
  try {
    await api.startGroup(name)
  } catch (e) {
    ui.fail(`Could not start all of ${name}`, e)
  }
}

export async function stopGroup(name: string): Promise<void> {
  try {
    await api.stopGroup(name)
  } catch (e) {
    ui.fail(`Could not stop all of ${name}`, e)
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

// Edits of hum.yaml. Each shows the project as the edit left it at once
// (the "project" event says the same, maybe later) and says in a toast why
// one failed: a name taken, the file changed on disk meanwhile, a layout
// Hum cannot edit. They return whether the edit was made, so a form keeps
// what was typed when it was not.

async function editStack(what: string, edit: () => Promise<ProjectView>): Promise<boolean> {
  try {
    await project.adopt(await edit())
    return true
  } catch (e) {
    ui.fail(what, e)
    return false
  }
}

export function createGroup(name: string, scriptIds: string[] = []): Promise<boolean> {
  return editStack(`Could not create the group ${name}`, () => api.createGroup(name, scriptIds))
}

export function deleteGroup(name: string): Promise<boolean> {
  return editStack(`Could not delete the group ${name}`, () => api.deleteGroup(name))
}

export function addToGroup(group: string, scriptId: string, scriptName = scriptId): Promise<boolean> {
  return editStack(`Could not add ${scriptName} to ${group}`, () => api.addToGroup(group, scriptId))
}

export function removeFromGroup(group: string, scriptId: string, scriptName = scriptId): Promise<boolean> {
  return editStack(`Could not remove ${scriptName} from ${group}`, () => api.removeFromGroup(group, scriptId))
}

export function addProcess(name: string, command: string, dir: string): Promise<boolean> {
  return editStack(`Could not add the process ${name}`, () => api.addProcess(name, command, dir))
}

/** Makes a script wait for another in a condition (hum.yaml's depends_on). */
export function setDependency(scriptId: string, dependsOnId: string, condition: string, names: { script: string; dependsOn: string }): Promise<boolean> {
  return editStack(`Could not make ${names.script} depend on ${names.dependsOn}`, () => api.setDependency(scriptId, dependsOnId, condition))
}

/** Takes a dependency out of a script's depends_on. */
export function removeDependency(scriptId: string, dependsOnId: string, names: { script: string; dependsOn: string }): Promise<boolean> {
  return editStack(`Could not remove ${names.script}'s dependency on ${names.dependsOn}`, () => api.removeDependency(scriptId, dependsOnId))
}
