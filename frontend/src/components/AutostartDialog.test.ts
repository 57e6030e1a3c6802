// The trust prompt: what an autostart group would run, asked before it
// runs for the first time, with the safe answer focused.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte'
import type { AutostartPrompt } from '../lib/types'

const backend = vi.hoisted(() => ({
  approved: [] as [number, string][],
  declined: [] as number[],
  fail: false,
}))
vi.mock('../lib/api', () => ({
  api: {
    pendingAutostart: async () => ({ serial: 0, root: '', plan: { group: '', members: [], digest: '' } }),
    approveAutostart: async (serial: number, digest: string) => {
      if (backend.fail) throw { code: 'autostart_changed', message: 'the commands to start changed since they were shown' }
      backend.approved.push([serial, digest])
      return []
    },
    declineAutostart: async (serial: number) => {
      backend.declined.push(serial)
    },
    autostart: async () => ({ group: 'dev', chosen: false, fileDefault: 'dev', approved: false }),
  },
}))

import AutostartDialog from './AutostartDialog.svelte'
import { autostart } from '../stores/autostart.svelte'
import { ui } from '../stores/ui.svelte'

const prompt: AutostartPrompt = {
  serial: 3,
  root: '/home/u/shop',
  plan: {
    group: 'dev',
    digest: 'sha256:abc',
    members: [
      { scriptId: 'hum.yaml:hum.yaml:db', name: 'db', source: 'hum.yaml', command: 'docker compose up db', dir: '.', envFiles: ['.env', 'db.env'], env: { PGPORT: '5432' } },
      { scriptId: 'procfile:Procfile:web', name: 'web', source: 'procfile', command: 'npm run dev', dir: 'web', envFiles: [] },
    ],
  },
}

describe('AutostartDialog', () => {
  beforeEach(() => {
    backend.approved = []
    backend.declined = []
    backend.fail = false
    autostart.prompt = null
    ui.toasts = []
  })
  afterEach(() => cleanup())

  it('shows nothing until a project asks', () => {
    render(AutostartDialog)
    expect(screen.queryByTestId('autostart-prompt')).toBeNull()
  })

  it('shows each command, its folder and environment, with Not now focused', async () => {
    render(AutostartDialog)
    autostart.show(prompt)
    const dialog = await screen.findByTestId('autostart-prompt')
    expect(dialog.textContent).toContain('Start “dev” when this project opens?')
    expect(dialog.textContent).toContain('/home/u/shop')
    const members = screen.getAllByTestId('autostart-member')
    expect(members.map((m) => m.dataset.name)).toEqual(['db', 'web'])
    expect(members[0].querySelector('[data-testid=autostart-command]')!.textContent).toBe('docker compose up db')
    expect(members[0].textContent).toMatch(/in\s+the project folder; environment from\s+\.env, db\.env; sets\s+PGPORT/)
    expect(members[1].textContent).toMatch(/in\s+web/)
    expect(members[1].textContent).not.toContain('environment from')
    // The dialog appeared by itself: Enter must not run anything.
    expect(document.activeElement).toBe(screen.getByTestId('autostart-decline'))
    expect(screen.getByTestId('autostart-approve').textContent).toBe('Start these now and whenever this project opens')
    expect(backend.approved).toEqual([])
  })

  it('approves exactly the command set it showed', async () => {
    render(AutostartDialog)
    autostart.show(prompt)
    await fireEvent.click(await screen.findByTestId('autostart-approve'))
    await waitFor(() => expect(backend.approved).toEqual([[3, 'sha256:abc']]))
    await waitFor(() => expect(screen.queryByTestId('autostart-prompt')).toBeNull())
    expect(backend.declined).toEqual([])
  })

  it('Not now and Escape start nothing', async () => {
    render(AutostartDialog)
    autostart.show(prompt)
    await fireEvent.click(await screen.findByTestId('autostart-decline'))
    expect(screen.queryByTestId('autostart-prompt')).toBeNull()
    autostart.show({ ...prompt, serial: 4 })
    await fireEvent.keyDown(await screen.findByTestId('autostart-prompt'), { key: 'Escape' })
    await waitFor(() => expect(screen.queryByTestId('autostart-prompt')).toBeNull())
    expect(backend.declined).toEqual([3, 4])
    expect(backend.approved).toEqual([])
  })

  it('says why when the commands changed meanwhile', async () => {
    backend.fail = true
    render(AutostartDialog)
    autostart.show(prompt)
    await fireEvent.click(await screen.findByTestId('autostart-approve'))
    await waitFor(() => expect(ui.toasts.map((t) => t.text).join()).toContain('changed since they were shown'))
  })

  it('an empty prompt withdraws it', async () => {
    render(AutostartDialog)
    autostart.show(prompt)
    await screen.findByTestId('autostart-prompt')
    autostart.show({ serial: 0, root: '', plan: { group: '', members: [], digest: '' } })
    await waitFor(() => expect(screen.queryByTestId('autostart-prompt')).toBeNull())
  })
})
