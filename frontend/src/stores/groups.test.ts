// The groups store reads hum.yaml's groups once per open and per revision
// of hum.yaml, and an answer that comes after a newer one is dropped.
import { describe, expect, it, vi } from 'vitest'
import type { StackGroup } from '../lib/types'

const api = vi.hoisted(() => ({ groups: vi.fn() }))
vi.mock('../lib/api', () => ({ api }))

import { GroupStore } from './groups.svelte'

const group = (name: string): StackGroup => ({ name, description: '', members: [], running: 0, autostart: false })

describe('GroupStore', () => {
  it('reads again for a new revision of the same open, and once per revision', async () => {
    const s = new GroupStore()
    api.groups.mockResolvedValueOnce([group('dev')])
    await s.load(1, 0)
    await s.load(1, 0)
    expect(api.groups).toHaveBeenCalledTimes(1)
    expect(s.list.map((g) => g.name)).toEqual(['dev'])

    api.groups.mockResolvedValueOnce([group('dev'), group('ci')])
    await s.load(1, 1)
    expect(s.list.map((g) => g.name)).toEqual(['dev', 'ci'])
  })

  it('keeps the newest answer when an older one comes last', async () => {
    const s = new GroupStore()
    let answerOld: (v: StackGroup[]) => void = () => {}
    api.groups.mockReturnValueOnce(new Promise((ok) => (answerOld = ok)))
    api.groups.mockResolvedValueOnce([group('new')])
    const old = s.load(2, 3)
    await s.load(2, 4)
    answerOld([group('old')])
    await old
    expect(s.list.map((g) => g.name)).toEqual(['new'])
  })
})
