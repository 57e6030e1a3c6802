import { describe, expect, it } from 'vitest'
import { ProjectStore, filterGroups, scanText } from './project.svelte'
import type { ScriptGroup } from '../lib/types'

const groups: ScriptGroup[] = [
  {
    source: 'package.json', label: 'package.json', problems: [],
    scripts: [
      { id: 'a', source: 'package.json', name: 'dev', command: 'vite', run: 'npm run dev', dir: '.' },
      { id: 'b', source: 'package.json', name: 'test', command: 'vitest run', run: 'npm run test', dir: 'web' },
    ],
  },
  {
    source: 'makefile', label: 'Makefile', problems: [],
    scripts: [{ id: 'c', source: 'makefile', name: 'build', command: 'go build ./...', run: 'make build', dir: '.' }],
  },
]

describe('filterGroups', () => {
  const cases: { name: string; filter: string; want: string[] }[] = [
    { name: 'empty keeps everything', filter: '  ', want: ['a', 'b', 'c'] },
    { name: 'by name', filter: 'dev', want: ['a'] },
    { name: 'by command', filter: 'vitest', want: ['b'] },
    { name: 'by source label', filter: 'makefile', want: ['c'] },
    { name: 'by folder', filter: 'web', want: ['b'] },
    { name: 'every word must match', filter: 'vite run', want: ['b'] },
    { name: 'case does not matter', filter: 'BUILD', want: ['c'] },
    { name: 'nothing', filter: 'zzz', want: [] },
  ]
  for (const c of cases) {
    it(c.name, () => {
      const got = filterGroups(groups, c.filter).flatMap((g) => g.scripts.map((s) => s.id))
      expect(got).toEqual(c.want)
    })
  }
})

describe('scan progress', () => {
  it('says how many files were scanned', () => {
    expect(scanText({ dir: '/p', examined: 1234, active: true }, 'en-US')).toBe('Scanning… 1,234 files')
    expect(scanText({ dir: '/p', examined: 1, active: true }, 'en-US')).toBe('Scanning… 1 file')
  })

  it('follows a scan until it ends, ignoring an older scan that ends late', () => {
    const s = new ProjectStore()
    s.onScan({ dir: '/a', examined: 0, active: true })
    s.onScan({ dir: '/a', examined: 40, active: true })
    expect(s.scan).toEqual({ dir: '/a', examined: 40, active: true })
    s.onScan({ dir: '/b', examined: 3, active: true }) // another open cancelled /a
    s.onScan({ dir: '/a', examined: 41, active: false })
    expect(s.scan?.dir).toBe('/b')
    s.onScan({ dir: '/b', examined: 9, active: false })
    expect(s.scan).toBeNull()
    expect(s.error).toBeNull()
  })

  it('shows why an open nobody awaited failed', () => {
    const s = new ProjectStore()
    s.onScan({ dir: '/gone', examined: 0, active: true })
    s.onScan({ dir: '/gone', examined: 0, active: false, error: { code: 'not_exist', message: 'no such folder' } })
    expect(s.scan).toBeNull()
    expect(s.error).toEqual({ code: 'not_exist', message: 'no such folder' })
  })
})

describe('a change of hum.yaml', () => {
  const view = (serial: number, revision: number, ids: string[]) => ({
    root: '/p', name: 'p', serial, revision, problems: [], favourites: [],
    groups: [{ source: 'hum.yaml', label: 'hum.yaml', problems: [], scripts: ids.map((id) => ({ id, source: 'hum.yaml', name: id, command: id, run: id, dir: '.' })) }],
  })
  const ids = (s: ProjectStore) => s.view!.groups.flatMap((g) => g.scripts.map((x) => x.id))

  it('replaces the open project in place, keeping the filter, and never goes back to an older revision', async () => {
    const s = new ProjectStore()
    s.view = view(1, 0, ['db'])
    s.filter = 'db'
    await s.adopt(view(1, 2, ['db', 'worker']))
    expect(ids(s)).toEqual(['db', 'worker'])
    expect(s.filter).toBe('db')
    await s.adopt(view(1, 1, ['db'])) // an event that arrives late
    expect(ids(s)).toEqual(['db', 'worker'])
    expect(s.view!.revision).toBe(2)
  })
})

describe('several projects', () => {
  const view = (root: string, serial: number) => ({ root, name: root.slice(1), serial, revision: 0, problems: [], favourites: [], groups: [] })

  it('shows the project switched to, and none once the last one closed', async () => {
    const s = new ProjectStore()
    await s.adopt(view('/api', 1))
    await s.adopt(view('/web', 2))
    await s.adopt(view('/api', 3)) // a switch back is a new view
    expect(s.view?.root).toBe('/api')
    await s.adopt(view('', 4))
    expect(s.view).toBeNull() // the welcome screen
    await s.adopt(view('/web', 5))
    expect(s.view?.root).toBe('/web')
  })

  it('ends the scan of a project once it is shown, whatever order the scan events come in', async () => {
    const s = new ProjectStore()
    s.onScan({ dir: '/web', examined: 0, active: true })
    s.onScan({ dir: '/web', examined: 2, active: false })
    await s.adopt(view('/web', 1))
    s.onScan({ dir: '/web', examined: 2, active: true }) // overtaken by the end
    expect(s.scan).toBeNull()
    s.onScan({ dir: '/web2', examined: 0, active: true })
    s.onScan({ dir: '/web2', examined: 1, active: true })
    await s.adopt(view('/web2', 2)) // the end has not arrived yet
    expect(s.scan).toBeNull()
  })
})
