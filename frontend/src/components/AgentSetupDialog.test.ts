// Connect an agent…: each agent config file Hum knows, with its path,
// whether Hum is in it, and Add Hum where it can add itself; a file Hum
// will not edit says why, and a refusal from the backend shows beside it.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte'
import type { AgentConfigFile, AgentSetup } from '../lib/types'

const file = (id: string, state: AgentConfigFile['state'], extra: Partial<AgentConfigFile> = {}): AgentConfigFile => ({
  id, agent: id.startsWith('codex') ? 'Codex' : 'Cursor', path: `/home/u/${id}.json`, project: id.endsWith('project'), exists: true, state, ...extra,
})

const backend = vi.hoisted(() => ({
  setup: null as unknown as AgentSetup,
  added: [] as string[],
  refuse: '' as string,
}))
vi.mock('../lib/api', () => ({
  api: {
    pendingAgentRequests: async () => [],
    agentActivity: async () => [],
    decideAgentRequest: async () => {},
    agentSetup: async () => backend.setup,
    addAgentConfig: async (id: string) => {
      backend.added.push(id)
      if (backend.refuse) throw { message: backend.refuse }
      backend.setup = { ...backend.setup, files: backend.setup.files.map((f) => (f.id === id ? { ...f, exists: true, state: 'added' } : f)) }
      return backend.setup
    },
  },
}))

import AgentSetupDialog from './AgentSetupDialog.svelte'
import { agents } from '../stores/agents.svelte'

function row(id: string): HTMLElement {
  return screen.getAllByTestId('agent-file').find((el) => el.dataset.id === id)!
}

describe('AgentSetupDialog', () => {
  beforeEach(() => {
    backend.added = []
    backend.refuse = ''
    backend.setup = {
      root: '/home/u/shop', command: '/usr/bin/hum', snippets: [{ agent: 'Codex', where: '~/.codex/config.toml', text: '[mcp_servers.hum]' }],
      files: [
        file('cursor-project', 'missing', { exists: false }),
        file('vscode-project', 'refused', { message: 'cannot add Hum safely: the file has comments or trailing commas (JSONC); Hum edits only plain JSON, so add Hum by hand' }),
        file('codex-user', 'added'),
      ],
    }
  })
  afterEach(() => {
    cleanup()
    agents.close()
  })

  it('lists each file with its path and whether Hum is in it', async () => {
    render(AgentSetupDialog)
    await agents.open('setup')
    await waitFor(() => expect(screen.getAllByTestId('agent-file')).toHaveLength(3))
    expect(within(row('cursor-project')).getByTestId('agent-file-path').textContent).toBe('/home/u/cursor-project.json')
    expect(within(row('cursor-project')).getByTestId('agent-file-note').textContent).toMatch(/creates it in the project/)
    expect(within(row('codex-user')).getByTestId('agent-file-added').textContent).toBe('Hum is in it')
    expect(within(row('codex-user')).queryByTestId('agent-file-add')).toBeNull()
    expect(within(row('vscode-project')).queryByTestId('agent-file-add')).toBeNull()
    expect(within(row('vscode-project')).getByTestId('agent-file-error').textContent).toMatch(/JSONC/)
  })

  it('adds Hum with one click and shows it is in', async () => {
    render(AgentSetupDialog)
    await agents.open('setup')
    await waitFor(() => expect(row('cursor-project')).toBeTruthy())
    await fireEvent.click(within(row('cursor-project')).getByTestId('agent-file-add'))
    await waitFor(() => expect(row('cursor-project').dataset.state).toBe('added'))
    expect(backend.added).toEqual(['cursor-project'])
    expect(within(row('cursor-project')).getByTestId('agent-file-added')).toBeTruthy()
  })

  it('shows why the backend refused, beside the file', async () => {
    backend.refuse = '/home/u/cursor-project.json: cannot add Hum safely: it has an entry named "hum" that runs /usr/bin/other; Hum does not overwrite it'
    render(AgentSetupDialog)
    await agents.open('setup')
    await waitFor(() => expect(row('cursor-project')).toBeTruthy())
    await fireEvent.click(within(row('cursor-project')).getByTestId('agent-file-add'))
    await waitFor(() => expect(within(row('cursor-project')).getByTestId('agent-file-error').textContent).toMatch(/does not overwrite it/))
    expect(row('cursor-project').dataset.state).toBe('missing')
  })

  it('shows no file list without a project', async () => {
    backend.setup = { ...backend.setup, root: '', files: [] }
    render(AgentSetupDialog)
    await agents.open('setup')
    await waitFor(() => expect(screen.getAllByTestId('agent-snippet')).toHaveLength(1))
    expect(screen.queryByTestId('agent-files')).toBeNull()
  })
})
