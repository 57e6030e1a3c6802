// WebKitGTK reports the POSIX locale "C" as navigator.language when LANG is
// unset or C (minimal systems, CI). Intl rejects that tag, and uPlot builds
// its number formatter from navigator.language when it is imported, which
// would stop the whole UI from starting. So, before anything else loads,
// a tag Intl rejects is replaced with one it accepts.
function accepted(tag: string | undefined): boolean {
  if (!tag) return false
  try {
    new Intl.NumberFormat(tag)
    return true
  } catch {
    return false
  }
}

export function fixLocale(nav: Navigator | undefined = globalThis.navigator): void {
  if (!nav || accepted(nav.language)) return
  const languages = (nav.languages ?? []).filter(accepted)
  const language = languages[0] ?? 'en-US'
  Object.defineProperty(nav, 'language', { value: language, configurable: true })
  Object.defineProperty(nav, 'languages', { value: languages.length ? languages : [language], configurable: true })
}

fixLocale()
