import { describe, expect, it } from 'vitest'
import { isTyping } from './keys'

describe('isTyping', () => {
  const make = (html: string): Element => {
    const host = document.createElement('div')
    host.innerHTML = html
    document.body.append(host)
    return host.firstElementChild!
  }
  const cases: { name: string; html: string; want: boolean }[] = [
    { name: 'text input', html: '<input type="text">', want: true },
    { name: 'input without a type', html: '<input>', want: true },
    { name: 'search input', html: '<input type="search">', want: true },
    { name: 'number input', html: '<input type="number">', want: true },
    { name: 'textarea', html: '<textarea></textarea>', want: true },
    { name: 'select', html: '<select><option>a</option></select>', want: true },
    { name: 'contenteditable', html: '<div contenteditable="true">x</div>', want: true },
    { name: 'checkbox', html: '<input type="checkbox">', want: false },
    { name: 'radio', html: '<input type="radio">', want: false },
    { name: 'button', html: '<button>x</button>', want: false },
    { name: 'table row', html: '<div tabindex="0">x</div>', want: false },
    { name: "the terminal's hidden textarea", html: '<textarea class="xterm-helper-textarea"></textarea>', want: false },
  ]
  for (const c of cases) {
    it(c.name, () => {
      const got = isTyping(make(c.html))
      expect(got, `${c.html}: got ${got}, want ${c.want}`).toBe(c.want)
    })
  }
  it('nothing focused', () => {
    expect(isTyping(null)).toBe(false)
  })
})
