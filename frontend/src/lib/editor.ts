// The feedback after opening a stack frame's file in the editor.
import type { EditorOpened } from './types'

function baseName(file: string): string {
  return file.split(/[\\/]/).pop() || file
}

/** "Opened x.ts:12 in VS Code", or says the line was not passed on. */
export function openedText(o: EditorOpened): string {
  const name = baseName(o.file)
  if (o.line <= 0) return `Opened ${name} in ${o.editor}`
  if (o.lineSupported) return `Opened ${name}:${o.line} in ${o.editor}`
  return `Opened ${name} in ${o.editor}, at the top: it cannot jump to line ${o.line}`
}

/** The title of a failure toast: which frame could not be opened. */
export function openFailedText(file: string, line: number): string {
  return `Could not open ${baseName(file)}${line > 0 ? `:${line}` : ''}`
}
