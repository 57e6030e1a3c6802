// Hum's window shows Hum and nothing else. A page loaded in it could call
// every bound method (App.StartCommand runs any shell line), so nothing may
// navigate the window away: a dropped link or file, a click on a link, a
// script's window.open. Web links open in the user's browser instead,
// through App.OpenURL (which accepts only http and https). This is the
// frontend's half; on Linux the native web guard (webguard_linux.go)
// refuses navigations too, and DisableWebViewDrop turns drops off where the
// webview honours it.

/** The URL href points at, when following it would leave this page. */
export function externalTarget(href: string, here: string): URL | null {
  let u: URL
  try {
    u = new URL(href, here)
  } catch {
    return null
  }
  const h = new URL(here)
  // Same page, another fragment: scrolling, not navigating.
  if (u.origin === h.origin && u.pathname === h.pathname && u.search === h.search && u.hash !== '') return null
  return u
}

function isWeb(u: URL): boolean {
  return u.protocol === 'http:' || u.protocol === 'https:'
}

/**
 * Installs the guards on win; open is how a web link reaches the browser.
 * Returns a function that removes them (for tests).
 */
export function guardLinks(win: Window, open: (url: string) => void): () => void {
  // A drop would navigate to the dropped link or file: never let it.
  const noDrop = (e: DragEvent) => {
    e.preventDefault()
    if (e.dataTransfer) e.dataTransfer.dropEffect = 'none'
  }
  // Left, middle or modified clicks on any <a href> that would leave the
  // page. In the bubble phase, so a link whose own handler already opened
  // it (and prevented the default) is not opened twice.
  const onClick = (e: MouseEvent) => {
    if (e.defaultPrevented) return
    const a = e.target instanceof Element ? e.target.closest('a[href]') : null
    if (!a) return
    const u = externalTarget(a.getAttribute('href') ?? '', win.location.href)
    if (!u) return
    e.preventDefault()
    if (isWeb(u) && (e.type === 'click' || e.button === 1)) open(u.href)
  }
  const original = win.open
  win.open = ((url?: string | URL) => {
    if (url !== undefined) {
      const u = externalTarget(String(url), win.location.href)
      if (u && isWeb(u)) open(u.href)
    }
    return null
  }) as typeof win.open
  win.addEventListener('dragover', noDrop, true)
  win.addEventListener('drop', noDrop, true)
  win.addEventListener('click', onClick)
  win.addEventListener('auxclick', onClick)
  return () => {
    win.open = original
    win.removeEventListener('dragover', noDrop, true)
    win.removeEventListener('drop', noDrop, true)
    win.removeEventListener('click', onClick)
    win.removeEventListener('auxclick', onClick)
  }
}
