// @vitest-environment node
// The colours of app.css must stay readable in both themes: text colours
// against the surfaces they are drawn on, by the WCAG contrast ratio.
import { describe, expect, it } from 'vitest'

// Read as text from disk: Vitest turns imported CSS (even ?raw) into ''. A
// computed specifier keeps the type check from wanting Node's types.
const fs: { readFileSync(path: URL, encoding: 'utf8'): string } = await import(/* @vite-ignore */ `node:${'fs'}`)
const css = fs.readFileSync(new URL('./app.css', import.meta.url), 'utf8')

function vars(block: string): Record<string, string> {
  return Object.fromEntries([...block.matchAll(/(--[\w-]+):\s*(#[0-9a-f]{6})/gi)].map((m) => [m[1], m[2]]))
}
const [darkBlock, rest] = css.split('@media (prefers-color-scheme: light)')
const dark = vars(darkBlock)
const light = { ...dark, ...vars(rest.slice(0, rest.indexOf('}\n}'))) }

type RGB = [number, number, number]
const rgb = (hex: string): RGB => [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)) as RGB
const mix = (a: RGB, b: RGB, t: number): RGB => a.map((v, i) => v * (1 - t) + b[i] * t) as RGB
function luminance(c: RGB): number {
  const [r, g, b] = c.map((v) => {
    const s = v / 255
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
  })
  return 0.2126 * r + 0.7152 * g + 0.0722 * b
}
function contrast(a: RGB, b: RGB): number {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p)
  return (x + 0.05) / (y + 0.05)
}

// Text sits mostly on the page, the sidebar and panels; less of it on the
// selected row and on buttons (--panel-2), where a lower ratio is allowed.
const main = ['--bg', '--bg-side', '--panel']
const secondary = ['--selected', '--panel-2']
// Each text colour with the least ratio it needs on each kind of surface: 4.5
// for body text (WCAG AA), less for the faint hints (counts, placeholders)
// that are never the only cue.
const texts: [string, number, number][] = [
  ['--text', 4.5, 4.5], ['--muted', 4, 2.5], ['--accent', 4.5, 3.5], ['--green', 4.5, 3.5], ['--amber', 4.5, 3.5],
  ['--red', 4.5, 3.5], ['--blue', 4.5, 3.5], ['--faint', 3, 2.5],
]
// Status badges and problem notes draw their colour on a 14 % tint of itself.
const tinted = new Set(['--green', '--amber', '--red', '--blue'])

for (const [theme, pal] of [['dark', dark], ['light', light]] as const) {
  describe(`${theme} theme`, () => {
    it('has every colour', () => {
      for (const v of [...main, ...secondary, ...texts.map((t) => t[0])]) expect(pal[v], `${v} in the ${theme} theme`).toMatch(/^#/)
    })
    for (const [fg, onMain, onSecondary] of texts) {
      it(`${fg} is readable on every surface`, () => {
        for (const [bg, min] of [...main.map((b) => [b, onMain] as const), ...secondary.map((b) => [b, onSecondary] as const)]) {
          const under = tinted.has(fg) ? mix(rgb(pal[bg]), rgb(pal[fg]), 0.14) : rgb(pal[bg])
          const got = contrast(rgb(pal[fg]), under)
          expect(got, `${fg} ${pal[fg]} on ${bg} ${pal[bg]}${tinted.has(fg) ? ' tinted' : ''}: got ${got.toFixed(2)}, want ≥ ${min}`)
            .toBeGreaterThanOrEqual(min)
        }
      })
    }
  })
}
