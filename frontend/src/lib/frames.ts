// Stack frames as the Errors tab shows them: which can be opened, and which
// is the first of the user's own code (what a crash notification opens).
import type { Frame } from './types'

/** Runtime frames (node:internal/…, <anonymous>) are not files to open. */
export function isFile(file: string): boolean {
  return !!file && !/^(node|internal|native|bun|deno):/.test(file) && !file.startsWith('<')
}

/**
 * Libraries' and the runtime's own files: dependencies (node_modules,
 * vendor, site-packages, the Go module cache, Cargo's registry) and
 * toolchains (GOROOT's src, /usr/lib).
 */
const libraryPath = /(^|[\\/])(node_modules|vendor|site-packages|dist-packages|pkg[\\/]mod|\.cargo[\\/]registry|rustc)[\\/]|^\/usr\/(local\/)?lib\/|[\\/]go[\\/]src[\\/]|^\/opt\/homebrew\//

/** The first frame that is a file of the user's own, else the first file; undefined when none is a file. */
export function firstUserFrame(frames: Frame[]): Frame | undefined {
  const files = frames.filter((f) => isFile(f.file))
  return files.find((f) => !libraryPath.test(f.file)) ?? files[0]
}

/** The last path element, for a short button label. */
export function baseName(file: string): string {
  return file.split(/[\\/]/).pop() || file
}
