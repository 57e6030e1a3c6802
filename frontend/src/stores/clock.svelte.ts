// A clock that ticks once a second, for uptimes.
class Clock {
  now = $state(Date.now())
  constructor() {
    if (typeof window !== 'undefined') setInterval(() => (this.now = Date.now()), 1000)
  }
}

export const clock = new Clock()
