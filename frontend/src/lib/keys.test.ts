import { describe, expect, it } from 'vitest'
import { isTyping, ShortcutGate } from './keys'

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
  it("the terminal's textarea in input mode: keys go to the process, no shortcut fires", () => {
    const wrap = make('<div data-typing="true"><div class="xterm"><textarea class="xterm-helper-textarea"></textarea></div></div>')
    const ta = wrap.querySelector('textarea')!
    expect(isTyping(ta)).toBe(true)
    const gate = new ShortcutGate()
    for (const key of ['r', 's', '/', 'j', 'ArrowDown']) {
      expect(gate.allows(new KeyboardEvent('keydown', { key, bubbles: true })), key).toBe(true) // nothing focused
      const e = new KeyboardEvent('keydown', { key, bubbles: true })
      ta.dispatchEvent(e)
      expect(gate.allows(e), `${key} typed into the process`).toBe(false)
    }
    wrap.setAttribute('data-typing', 'false')
    expect(isTyping(ta), 'input mode left').toBe(false)
  })
})

describe('ShortcutGate', () => {
  const key = (el: Element | null, k: string, init: KeyboardEventInit = {}): KeyboardEvent => {
    const e = new KeyboardEvent('keydown', { key: k, bubbles: true, ...init })
    Object.defineProperty(e, 'target', { value: el })
    return e
  }
  const focus = (el: Element): FocusEvent => {
    const e = new FocusEvent('focusin')
    Object.defineProperty(e, 'target', { value: el })
    return e
  }
  const setup = () => {
    document.body.innerHTML = '<input type="text" id="cmd"><button id="btn">b</button><div id="row" tabindex="0"></div>'
    const $ = (id: string) => document.getElementById(id)!
    return { gate: new ShortcutGate(), cmd: $('cmd'), btn: $('btn'), row: $('row') }
  }

  it('lets a key on the page or a row act', () => {
    const { gate, row } = setup()
    expect(gate.allows(key(document.body, 's'))).toBe(true)
    expect(gate.allows(key(row, 'r'))).toBe(true)
  })
  it('never takes a key typed in a text field', () => {
    const { gate, cmd } = setup()
    for (const k of ['s', 'r', 'j', 'k', '/', 'ArrowDown']) {
      expect(gate.allows(key(cmd, k)), k).toBe(false)
    }
  })
  it('never takes a key with a modifier or while an input method composes', () => {
    const { gate } = setup()
    expect(gate.allows(key(document.body, 's', { ctrlKey: true }))).toBe(false)
    expect(gate.allows(key(document.body, 's', { altKey: true }))).toBe(false)
    expect(gate.allows(key(document.body, 's', { metaKey: true }))).toBe(false)
    expect(gate.allows(key(document.body, 's', { isComposing: true }))).toBe(false)
  })
  it('after Enter in a field that lost the focus, the next keys are still typing', () => {
    const { gate, cmd } = setup()
    gate.keydown(key(cmd, 'Enter'))
    // The field was disabled or re-rendered: the focus fell to the page.
    for (const k of ['s', 'l', 'e', 'r']) {
      expect(gate.allows(key(document.body, k)), `${k} after Enter`).toBe(false)
    }
  })
  it('pointing, focusing elsewhere or Escape gives the keys back', () => {
    const { gate, cmd, btn } = setup()
    gate.keydown(key(cmd, 'Enter'))
    gate.pointerdown()
    expect(gate.allows(key(document.body, 's')), 'after a click').toBe(true)

    gate.keydown(key(cmd, 'Enter'))
    gate.focusin(focus(btn))
    expect(gate.allows(key(btn, 's')), 'after focusing a button').toBe(true)

    gate.keydown(key(cmd, 'Enter'))
    gate.focusin(focus(cmd)) // focus back to the same field keeps it typing
    gate.keydown(key(cmd, 'Escape'))
    expect(gate.allows(key(document.body, 's')), 'after Escape').toBe(true)
  })
  it('a field that went away after Enter (a dialog closed) gives the keys back', () => {
    const { gate, cmd } = setup()
    gate.keydown(key(cmd, 'Enter'))
    cmd.remove()
    expect(gate.allows(key(document.body, 'j'))).toBe(true)
  })
})
