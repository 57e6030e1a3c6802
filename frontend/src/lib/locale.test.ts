import { describe, expect, it } from 'vitest'
import { fixLocale } from './locale'

function fakeNavigator(language: string, languages: string[]): Navigator {
  return { language, languages } as unknown as Navigator
}

describe('fixLocale', () => {
  const cases: { name: string; language: string; languages: string[]; want: string }[] = [
    { name: 'POSIX C falls back to en-US', language: 'C', languages: ['C'], want: 'en-US' },
    { name: 'POSIX C uses a valid preferred language', language: 'C', languages: ['C', 'de-DE'], want: 'de-DE' },
    { name: 'a valid tag is kept', language: 'fr-FR', languages: ['fr-FR'], want: 'fr-FR' },
  ]
  for (const c of cases) {
    it(c.name, () => {
      const nav = fakeNavigator(c.language, c.languages)
      fixLocale(nav)
      expect(nav.language).toBe(c.want)
      expect(() => new Intl.NumberFormat(nav.language)).not.toThrow()
    })
  }
})
