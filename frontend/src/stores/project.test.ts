import { describe, expect, it } from 'vitest'
import { filterGroups } from './project.svelte'
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
