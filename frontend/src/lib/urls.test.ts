import { describe, expect, it } from 'vitest'
import { portOf, served, shortURL } from './urls'

describe('portOf', () => {
  it.each([
    ['http://localhost:5173', 5173],
    ['http://localhost', 80],
    ['https://[::1]/x', 443],
    ['https://127.0.0.1:8443/app?q=1', 8443],
    ['ftp://x', 0],
    ['not a url', 0],
  ])('%s is port %d', (url, want) => {
    expect(portOf(url)).toBe(want)
  })
})

describe('served', () => {
  it('confirms a printed URL whose port the process listens on', () => {
    expect(served(['http://localhost:5173'], [5173, 24678])).toEqual({ url: 'http://localhost:5173', confirmed: true, guessed: false })
  })
  it('prefers the printed URL it really listens on', () => {
    expect(served(['http://localhost:3000', 'http://localhost:3001'], [3001])?.url).toBe('http://localhost:3001')
  })
  it('shows a printed URL unconfirmed before (or without) its port', () => {
    expect(served(['http://localhost:3000'], null)).toEqual({ url: 'http://localhost:3000', confirmed: false, guessed: false })
  })
  it('guesses localhost at the lowest port of a process that printed none', () => {
    expect(served(null, [8080, 9229])).toEqual({ url: 'http://localhost:8080', confirmed: false, guessed: true })
  })
  it('has nothing for a process that printed none and listens on nothing', () => {
    expect(served([], [])).toBeNull()
  })
})

describe('shortURL', () => {
  it('drops the scheme and a lone trailing slash', () => {
    expect(shortURL('http://localhost:5173/')).toBe('localhost:5173')
    expect(shortURL('https://example.com/docs/')).toBe('example.com/docs')
  })
})
