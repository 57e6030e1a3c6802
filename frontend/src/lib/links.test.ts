import { afterEach, describe, expect, it } from 'vitest'
import { externalTarget, guardLinks } from './links'

describe('externalTarget', () => {
  const here = 'wails://wails/'
  const cases: { href: string; want: string | null }[] = [
    { href: 'https://example.com/a', want: 'https://example.com/a' },
    { href: 'http://127.0.0.1:5173/', want: 'http://127.0.0.1:5173/' },
    { href: 'file:///etc/passwd', want: 'file:///etc/passwd' },
    { href: 'javascript:alert(1)', want: 'javascript:alert(1)' },
    { href: '/other.html', want: 'wails://wails/other.html' },
    { href: '#logs', want: null },
    { href: 'http://[bad', want: null },
  ]
  for (const c of cases) {
    it(c.href, () => {
      const got = externalTarget(c.href, here)?.href ?? null
      expect(got, `${c.href}: got ${got}, want ${c.want}`).toBe(c.want)
    })
  }
})

describe('guardLinks', () => {
  let undo: (() => void) | undefined
  afterEach(() => { undo?.(); document.body.innerHTML = '' })

  const setup = () => {
    const opened: string[] = []
    undo = guardLinks(window, (u) => opened.push(u))
    return opened
  }
  const click = (el: Element, init: MouseEventInit = {}, type = 'click') => {
    const e = new MouseEvent(type, { bubbles: true, cancelable: true, ...init })
    el.dispatchEvent(e)
    return e
  }

  it('a web link opens in the browser, never in the window', () => {
    const opened = setup()
    document.body.innerHTML = '<a href="https://example.com/x"><span>x</span></a>'
    const e = click(document.querySelector('span')!)
    expect(e.defaultPrevented).toBe(true)
    expect(opened).toEqual(['https://example.com/x'])
  })
  it('a middle click on a web link opens it in the browser too', () => {
    const opened = setup()
    document.body.innerHTML = '<a href="https://example.com/m">m</a>'
    const e = click(document.querySelector('a')!, { button: 1 }, 'auxclick')
    expect(e.defaultPrevented).toBe(true)
    expect(opened).toEqual(['https://example.com/m'])
  })
  it('a file or javascript link goes nowhere', () => {
    const opened = setup()
    document.body.innerHTML = '<a href="file:///etc/passwd">f</a><a href="javascript:void 0">j</a>'
    for (const a of document.querySelectorAll('a')) expect(click(a).defaultPrevented).toBe(true)
    expect(opened).toEqual([])
  })
  it('a link its own handler opened is not opened twice', () => {
    const opened = setup()
    document.body.innerHTML = '<a href="https://example.com/own">own</a>'
    const a = document.querySelector('a')!
    a.addEventListener('click', (e) => { e.preventDefault(); opened.push('own handler') })
    click(a)
    expect(opened).toEqual(['own handler'])
  })
  it('a link to a fragment of this page is left alone', () => {
    const opened = setup()
    document.body.innerHTML = '<a href="#top">top</a>'
    expect(click(document.querySelector('a')!).defaultPrevented).toBe(false)
    expect(opened).toEqual([])
  })
  it('window.open opens web links in the browser and returns no window', () => {
    const opened = setup()
    expect(window.open('https://example.com/w', '_blank')).toBeNull()
    expect(window.open('file:///etc/passwd')).toBeNull()
    expect(opened).toEqual(['https://example.com/w'])
  })
  it('a drop is refused', () => {
    setup()
    for (const type of ['dragover', 'drop']) {
      const e = new Event(type, { bubbles: true, cancelable: true })
      document.body.dispatchEvent(e)
      expect(e.defaultPrevented, type).toBe(true)
    }
  })
})
