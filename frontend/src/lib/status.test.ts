import { describe, expect, it } from 'vitest'
import { countdown, countdownTickAt, runText, statusWords } from './status'
import type { ProcState } from './types'

function proc(over: Partial<ProcState> = {}): ProcState {
  return {
    id: 'p1', scriptId: 's', name: 'api', source: 'hum.yaml', command: './api', dir: '/p', status: 'running',
    pid: 10, startedAt: 1000, endedAt: 0, exitCode: 0, err: '', restarts: 0, version: 1, cpu: 0, rss: 0, urls: null, ...over,
  }
}

describe('statusWords', () => {
  it('says what each status is about', () => {
    const T = 1_000_000
    expect(statusWords(proc({ status: 'waiting', detail: 'waiting for db (ready): tcp localhost:5432 refused, 4 tries' }), T))
      .toBe('waiting for db (ready): tcp localhost:5432 refused, 4 tries')
    expect(statusWords(proc({ status: 'blocked', detail: 'db failed (exit 1)' }), T)).toBe('db failed (exit 1)')
    expect(statusWords(proc({ status: 'restarting', nextStart: T + 2500, detail: 'restarting in 4s (exit 1; restart 3 of 10)' }), T))
      .toBe('restarting in 3s (exit 1; restart 3 of 10)')
    expect(statusWords(proc({ status: 'crashloop', detail: 'failed 5 times in 60s; paused. Start it again when it is fixed' }), T))
      .toBe('paused: failed 5 times in 60s')
    expect(statusWords(proc({ ready: true, readyNote: 'inferred from http://localhost:5173' }), T))
      .toBe('ready (inferred from http://localhost:5173)')
    expect(statusWords(proc(), T)).toBe('')
    expect(statusWords(proc({ status: 'failed', detail: 'x' }), T)).toBe('')
  })

  it('counts down to the restart and stops at zero', () => {
    expect(countdown(10_000, 7_000)).toBe('restarting in 3s')
    expect(countdown(10_000, 7_001)).toBe('restarting in 3s')
    expect(countdown(10_000, 9_999)).toBe('restarting in 1s')
    expect(countdown(10_000, 10_000)).toBe('restarting now')
    expect(countdown(100_000, 5_000)).toBe('restarting in 1m 35s')
    expect(countdownTickAt(10_000, 7_500)).toBe(8_000)
    expect(countdownTickAt(10_000, 10_000)).toBe(0)
  })
})

describe('runText', () => {
  it('names the run and how the last one ended', () => {
    const t = () => '10:32:05'
    expect(runText(proc({ restarts: 3, last: { status: 'failed', exitCode: 1, endedAt: 5, err: '' } }), t)).toBe('run 4 · last exit 1 at 10:32:05')
    expect(runText(proc(), t)).toBe('')
    expect(runText(proc({ restarts: 2 }), t)).toBe('run 3')
  })
})
