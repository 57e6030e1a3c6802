// An agent's acting call, asked about in the window: what it wants to do
// (the exact command for run_command), Deny focused, and each answer sent
// for the question shown, oldest first.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte'
import type { AgentApproval } from '../lib/types'

const backend = vi.hoisted(() => ({ decided: [] as [number, string][] }))
vi.mock('../lib/api', () => ({
  api: {
    pendingAgentRequests: async () => [],
    agentActivity: async () => [],
    agentSetup: async () => ({ root: '', command: 'hum', snippets: [] }),
    decideAgentRequest: async (id: number, d: string) => {
      backend.decided.push([id, d])
    },
  },
}))

import AgentApprovalDialog from './AgentApprovalDialog.svelte'
import { agents } from '../stores/agents.svelte'

const restart: AgentApproval = {
  id: 1, agent: 'Claude Code', tool: 'restart', target: 'api', root: '/home/u/shop',
  summary: 'Claude Code wants to restart api', always: 'agents may restart any process or group in this project without asking',
}
const command: AgentApproval = {
  id: 2, agent: 'Cursor', tool: 'run_command', target: '.', command: 'npm test -- --watch=false', root: '/home/u/shop',
  summary: 'Cursor wants to run npm test -- --watch=false', always: 'agents may run `npm test -- --watch=false` in this project without asking',
}

describe('AgentApprovalDialog', () => {
  beforeEach(() => {
    backend.decided = []
    agents.pending = []
  })
  afterEach(() => cleanup())

  it('shows nothing while no agent asks', () => {
    render(AgentApprovalDialog)
    expect(screen.queryByTestId('agent-approval')).toBeNull()
  })

  it('says who wants to do what, with Deny focused', async () => {
    render(AgentApprovalDialog)
    agents.show([restart])
    await waitFor(() => expect(screen.getByTestId('agent-approval')).toBeTruthy())
    expect(screen.getByTestId('agent-approval-summary').textContent).toMatch(/Claude Code wants to restart\s*api/)
    await waitFor(() => expect(document.activeElement?.getAttribute('data-testid')).toBe('agent-deny'))
  })

  it('shows the exact command, and answers the oldest question first', async () => {
    render(AgentApprovalDialog)
    agents.show([command, restart])
    await waitFor(() => expect(screen.getByTestId('agent-approval-command').textContent).toBe('npm test -- --watch=false'))
    expect(screen.getByTestId('agent-approval-more').textContent).toBe('1 more waiting')
    await fireEvent.click(screen.getByTestId('agent-always'))
    await waitFor(() => expect(screen.getByTestId('agent-approval-summary').textContent).toMatch(/restart/))
    await fireEvent.click(screen.getByTestId('agent-once'))
    await waitFor(() => expect(screen.queryByTestId('agent-approval')).toBeNull())
    expect(backend.decided).toEqual([[2, 'always'], [1, 'once']])
  })

  it('denies on Escape', async () => {
    render(AgentApprovalDialog)
    agents.show([restart])
    await waitFor(() => expect(screen.getByTestId('agent-approval')).toBeTruthy())
    await fireEvent.keyDown(screen.getByTestId('agent-approval'), { key: 'Escape' })
    await waitFor(() => expect(backend.decided).toEqual([[1, 'deny']]))
  })
})
