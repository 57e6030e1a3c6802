// A problem shows where it is, as file:line:column when its source knows
// the column (hum.yaml), and opens the editor there.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { cleanup, fireEvent, render } from '@testing-library/svelte'

const api = vi.hoisted(() => ({
  openInEditor: vi.fn(async (file: string, line: number, column: number) => ({ file, line, column, editor: 'VS Code', lineSupported: true })),
}))
vi.mock('../lib/api', () => ({ api }))

import ProblemList from './ProblemList.svelte'

describe('ProblemList', () => {
  afterEach(() => {
    cleanup()
    vi.clearAllMocks()
  })

  it('shows the column when there is one and opens the editor at it', async () => {
    const { container } = render(ProblemList, {
      problems: [
        { file: 'hum.yaml', line: 4, column: 5, message: 'processes.api: unknown key "comand"' },
        { file: 'Makefile', line: 12, message: 'missing separator' },
        { file: 'package.json', line: 0, message: 'not JSON' },
      ],
    })
    const locs = [...container.querySelectorAll('.loc')].map((e) => e.textContent?.trim())
    expect(locs).toEqual(['hum.yaml:4:5', 'Makefile:12', 'package.json'])
    await fireEvent.click(container.querySelector('.loc')!)
    expect(api.openInEditor).toHaveBeenCalledWith('hum.yaml', 4, 5)
  })
})
