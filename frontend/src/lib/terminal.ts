// The log view's terminal (xterm.js): its options, and how many lines it keeps.
import type { ITerminalOptions, ITheme } from '@xterm/xterm'

/**
 * Lines the terminal keeps above its screen, and what a view pulls from the
 * backend when it opens (its newest lines; api.tailLogs).
 *
 * xterm stores every line at the terminal's full width, 12 bytes a cell
 * whatever the line holds: about 1.6 KB a line in a 130-column view. At the
 * 50,000 lines it kept before, a steady stream filled it in under a minute
 * and the web process then held about 80 MB of lines and as much again of
 * garbage between collections (docs/BENCHMARKS.md, "Memory over a long
 * stream"). 10,000 lines is about 16 MB.
 *
 * It is what the backend keeps of each process (logs.DefaultMaxLines), so no
 * line the backend still has is out of reach: a process's view holds every
 * line Hum kept of it, and opening the view again pulls them all (TAIL). The
 * merged view ("All") holds the newest 10,000 lines of all processes; the
 * older lines of each are in that process's own view.
 */
export const SCROLLBACK = 10_000
export const TAIL = SCROLLBACK

/** The log view's xterm options; openLink opens an OSC 8 hyperlink. */
export function terminalOptions(theme: ITheme, openLink: (uri: string) => void): ITerminalOptions {
  return {
    convertEol: false,
    disableStdin: true,
    cursorBlink: false,
    cursorStyle: 'bar',
    cursorInactiveStyle: 'none',
    scrollback: SCROLLBACK,
    fontFamily: "ui-monospace, 'JetBrains Mono', 'Cascadia Code', 'DejaVu Sans Mono', Menlo, Consolas, monospace",
    fontSize: 12.5,
    lineHeight: 1.15,
    allowProposedApi: true,
    theme,
    // OSC 8 hyperlinks (ls --hyperlink, cargo, some test runners) open in
    // the browser like plain URLs; xterm's default would confirm() and
    // window.open, which does nothing in the webview.
    linkHandler: { activate: (_e, uri) => openLink(uri) },
  }
}
