// A clock that ticks once a second, for uptimes, and not at all while the
// window is hidden or minimised: nothing is drawn then, and every tick would
// wake the page for nothing. It catches up the moment the window shows.
export class Clock {
  now = $state(Date.now())
  #timer: ReturnType<typeof setInterval> | undefined

  constructor(doc: Document | undefined = typeof document !== 'undefined' ? document : undefined) {
    if (!doc) return
    const sync = () => {
      clearInterval(this.#timer)
      this.#timer = undefined
      if (doc.hidden) return
      this.now = Date.now()
      this.#timer = setInterval(() => (this.now = Date.now()), 1000)
    }
    doc.addEventListener('visibilitychange', sync)
    sync()
  }
}

export const clock = new Clock()
