import { describe, expect, it } from 'vitest'
import { openedText, openFailedText } from './editor'

describe('openedText', () => {
  const cases = [
    { name: 'at the line', o: { file: '/p/src/x.ts', line: 12, column: 3, editor: 'VS Code', lineSupported: true }, want: 'Opened x.ts:12 in VS Code' },
    { name: 'a Windows path', o: { file: 'C:\\p\\x&calc&.ts', line: 4, column: 0, editor: 'VS Code', lineSupported: true }, want: 'Opened x&calc&.ts:4 in VS Code' },
    {
      name: 'the line was not passed on',
      o: { file: '/p/a b.go', line: 7, column: 0, editor: 'the default text editor', lineSupported: false },
      want: 'Opened a b.go in the default text editor, at the top: it cannot jump to line 7',
    },
    { name: 'no line', o: { file: '/p/Makefile', line: 0, column: 0, editor: 'Notepad', lineSupported: true }, want: 'Opened Makefile in Notepad' },
  ]
  for (const c of cases) {
    it(c.name, () => expect(openedText(c.o)).toBe(c.want))
  }
})

describe('openFailedText', () => {
  it('names the frame', () => expect(openFailedText('src/app.js', 9)).toBe('Could not open app.js:9'))
  it('without a line', () => expect(openFailedText('src', 0)).toBe('Could not open src'))
})
