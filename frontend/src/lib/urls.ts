// The address a process serves, as the table shows it: the URLs it printed
// in a listening banner (state.urls: server URLs, never documentation
// links or upstreams, which are state.links) checked against the TCP
// ports its tree really listens on (state.ports, from the OS). The same
// choice as backend/ports.ServerURL, which the tray menu uses.

/** The port a URL names, or its scheme's default; 0 for anything else. */
export function portOf(url: string): number {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return 0
  }
  if (u.port) return Number(u.port)
  if (u.protocol === 'http:') return 80
  if (u.protocol === 'https:') return 443
  return 0
}

export interface Served {
  url: string
  /** Its port is one the process listens on. */
  confirmed: boolean
  /** It printed no server URL: the address of the port it listens on. */
  guessed: boolean
}

/**
 * The first printed server URL whose port the process listens on; else the
 * first printed; else http://localhost:PORT for its lowest listening port;
 * null when it printed none and listens on nothing.
 */
export function served(urls: string[] | null | undefined, ports: number[] | null | undefined): Served | null {
  const printed = urls ?? []
  const listening = ports ?? []
  const confirmed = printed.find((u) => listening.includes(portOf(u)))
  if (confirmed) return { url: confirmed, confirmed: true, guessed: false }
  if (printed.length > 0) return { url: printed[0], confirmed: false, guessed: false }
  if (listening.length > 0) return { url: `http://localhost:${listening[0]}`, confirmed: false, guessed: true }
  return null
}

/** A URL as the table prints it: no scheme, no lone trailing slash. */
export function shortURL(url: string): string {
  return url.replace(/^https?:\/\//, '').replace(/\/$/, '')
}
