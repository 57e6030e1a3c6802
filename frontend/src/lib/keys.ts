// When the app's single-key shortcuts (/ r s j k and the arrows) may fire.

/** Input types where a key press is not text: a shortcut may act on them. */
const nonText = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file', 'image'])

/**
 * Whether a key pressed in el is typing (so it must not be a shortcut): text
 * fields, text areas, selects and editable content. A focused checkbox or
 * button is not typing: after clicking "Timestamps" the keys must still work.
 * The log terminal's hidden textarea is not typing either: its input is off.
 */
export function isTyping(el: Element | null): boolean {
  if (!el) return false
  if (el.classList.contains('xterm-helper-textarea')) return false
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
