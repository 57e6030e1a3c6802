// When the app's single-key shortcuts (/ r s j k and the arrows) may fire.

/** Input types where a key press is not text: a shortcut may act on them. */
const nonText = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file', 'image'])

/**
 * Whether a key pressed in el is typing (so it must not be a shortcut): text
 * fields, text areas, selects and editable content. A focused checkbox or
 * button is not typing: after clicking "Timestamps" the keys must still work.
 * The log terminal's hidden textarea is not typing either while its input is
 * off; it is typing when its view is in input mode (data-typing="true" on
 * the view, LogView.svelte): then every key goes to the process.
 */
export function isTyping(el: Element | null): boolean {
  if (!el) return false
  if (el.classList.contains('xterm-helper-textarea')) return el.closest('[data-typing="true"]') !== null
  switch (el.tagName) {
    case 'INPUT':
      return !nonText.has((el as HTMLInputElement).type)
    case 'TEXTAREA':
    case 'SELECT':
      return true
  }
  if ((el as HTMLElement).isContentEditable) return true
  // The attribute too, for DOMs without isContentEditable (jsdom in tests).
  const editable = el.closest('[contenteditable]')?.getAttribute('contenteditable')
  return editable === '' || editable === 'true' || editable === 'plaintext-only'
}

/**
 * Decides which key presses are the app's shortcuts. Its rule: typing
 * belongs to the field. A key is never a shortcut when its target is a text
 * field (isTyping), while an input method composes, or with Ctrl, Alt or
 * Meta. Nor right after Enter in a text field when the focus fell off that
 * field without the user moving it (the field was disabled or re-rendered
 * while its command started): the next keys are the user's next line, not
 * commands. That lasts until the user points at something, focuses another
 * element, presses Escape, or the field is gone.
 *
 * Feed it the window's keydown (capture phase, before any handler acts),
 * focusin and pointerdown events; ask allows() in the shortcut handler.
 * Fields are only touched from the UI thread's event handlers.
 */
export class ShortcutGate {
  /** The text field where Enter was last pressed, until the user moves on. */
  private entered: Element | null = null

  keydown(e: KeyboardEvent): void {
    const t = target(e)
    if (!isTyping(t)) return
    if (e.key === 'Enter') this.entered = t
    else if (e.key === 'Escape') this.entered = null
  }

  focusin(e: FocusEvent): void {
    const t = target(e)
    if (t !== this.entered) this.entered = null
  }

  pointerdown(): void {
    this.entered = null
  }

  /** Whether e may act as a shortcut. */
  allows(e: KeyboardEvent): boolean {
    if (e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return false
    const t = target(e)
    if (isTyping(t)) return false
    if (this.entered) {
      if (this.entered.isConnected) return false
      this.entered = null
    }
    return true
  }
}

function target(e: Event): Element | null {
  return e.target instanceof Element ? e.target : null
}
