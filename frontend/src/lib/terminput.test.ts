import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { InputQueue, SizeSync, keyAction, takesInput, typingHint, waitingForInput } from './terminput'

const key = (k: string, mods: Partial<Record<'shiftKey' | 'ctrlKey' | 'altKey' | 'metaKey', boolean>> = {}) =>
  ({ key: k, shiftKey: false, ctrlKey: false, altKey: false, metaKey: false, ...mods })

describe('keyAction', () => {
  it('leaves on Esc and sends a literal Esc on Shift+Esc', () => {
    expect(keyAction(key('Escape'))).toBe('leave')
    expect(keyAction(key('Escape', { shiftKey: true }))).toBe('send-escape')
  })
  it('gives every other key to the terminal, Ctrl-C, arrows and the shortcut letters included', () => {
    for (const k of [key('c', { ctrlKey: true }), key('ArrowUp'), key('Enter'), key('r'), key('s'), key('/'), key('j'), key('Escape', { ctrlKey: true })]) {
      expect(keyAction(k), k.key).toBe('terminal')
    }
  })
})

describe('takesInput and waitingForInput', () => {
  it('takes input on a live pseudo-terminal only', () => {
    expect(takesInput({ tty: true, status: 'running' })).toBe(true)
    expect(takesInput({ tty: true, status: 'starting' })).toBe(true)
    expect(takesInput({ tty: false, status: 'running' })).toBe(false)
    expect(takesInput({ tty: true, status: 'stopped' })).toBe(false)
    expect(takesInput(undefined)).toBe(false)
  })
  it('is waiting while a live run sits at a prompt', () => {
    expect(waitingForInput({ prompt: 'Name? ', status: 'running' })).toBe(true)
    expect(waitingForInput({ prompt: '', status: 'running' })).toBe(false)
    expect(waitingForInput({ prompt: 'Name? ', status: 'failed' })).toBe(false)
  })
  it('names where typing goes and how to leave', () => {
    expect(typingHint('dev')).toBe('Typing goes to dev — Esc to leave, Shift+Esc sends Esc')
  })
})

describe('SizeSync', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('sends a size once it has held, and only when it changed', () => {
    const sent: string[] = []
    const s = new SizeSync((p, c, r) => sent.push(`${p} ${c}x${r}`), 100)
    s.update('p1', 80, 24)
    s.update('p1', 81, 24)
    s.update('p1', 90, 30) // a drag: only the last size counts
    expect(sent).toEqual([])
    vi.advanceTimersByTime(100)
    expect(sent).toEqual(['p1 90x30'])
    s.update('p1', 90, 30) // the same again: nothing to send
    vi.advanceTimersByTime(500)
    expect(sent).toEqual(['p1 90x30'])
  })

  it('remembers each process apart: one not on screen keeps its size', () => {
    const sent: string[] = []
    const s = new SizeSync((p, c, r) => sent.push(`${p} ${c}x${r}`), 10)
    s.update('p1', 100, 30)
    vi.advanceTimersByTime(10)
    s.update('p2', 100, 30) // the view now shows p2
    vi.advanceTimersByTime(10)
    s.update('p1', 100, 30) // back to p1, the same size: p1 has it already
    vi.advanceTimersByTime(10)
    expect(sent).toEqual(['p1 100x30', 'p2 100x30'])
  })

  it('ignores a hidden view (no size) and a cancelled send', () => {
    const sent: string[] = []
    const s = new SizeSync((p, c, r) => sent.push(`${p} ${c}x${r}`), 10)
    s.update('p1', 0, 0)
    s.update('', 80, 24)
    s.update('p1', 80, 24)
    s.cancel()
    vi.advanceTimersByTime(50)
    expect(sent).toEqual([])
  })
})

describe('InputQueue', () => {
  it('sends in order, one call at a time, joining what was typed meanwhile', async () => {
    const calls: string[] = []
    let release: () => void = () => {}
    const q = new InputQueue((d) => { calls.push(d); return new Promise<void>((r) => { release = r }) }, () => {})
    q.push('a')
    q.push('b')
    q.push('\r')
    expect(calls).toEqual(['a'])
    release()
    await vi.waitFor(() => expect(calls).toEqual(['a', 'b\r']))
    release()
    await vi.waitFor(() => expect(q.idle).toBe(true))
  })

  it('reports a failed call and goes on', async () => {
    const calls: string[] = []
    const failed: unknown[] = []
    const q = new InputQueue(async (d) => { calls.push(d); if (d === 'x') throw new Error('not running') }, (e) => failed.push(e))
    q.push('x')
    q.push('y')
    await vi.waitFor(() => expect(q.idle).toBe(true))
    expect(calls).toEqual(['x', 'y'])
    expect(failed).toHaveLength(1)
  })
})
