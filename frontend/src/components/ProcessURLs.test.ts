// The table shows the address a process serves, marked when the OS says
// it listens on that port, or a guess from a port when it printed none;
// the detail strip lists its ports and, apart, the links it printed.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { cleanup, fireEvent, render } from '@testing-library/svelte'
import { flushSync } from 'svelte'
import type { ProcState } from '../lib/types'

const backend = vi.hoisted(() => ({ opened: [] as string[], stopped: [] as string[] }))
vi.mock('../lib/api', () => ({
  api: {
    stop: async (id: string) => {
      backend.stopped.push(id)
      return undefined
    },
    openURL: async (url: string) => {
      backend.opened.push(url)
    },
    dependencies: async () => [],
  },
}))
Element.prototype.scrollIntoView = () => {}

import ProcessList from './ProcessList.svelte'
import ProcessDetail from './ProcessDetail.svelte'
import { processes } from '../stores/processes.svelte'

function proc(id: string, over: Partial<ProcState> = {}): ProcState {
  return {
    id, scriptId: '', name: id, source: 'hum.yaml', command: `./${id}`, dir: '/p', status: 'running', pid: 10,
    startedAt: Date.now() - 60_000, endedAt: 0, exitCode: 0, err: '', restarts: 0, version: 1, cpu: 0, rss: 0, urls: null, ...over,
  }
}

const row = (id: string) => document.querySelector(`[data-testid=process][data-id=${id}]`) as HTMLElement
const link = (id: string) => row(id).querySelector('[data-testid=url]') as HTMLAnchorElement | null

describe('the URL column', () => {
  afterEach(() => {
    cleanup()
    processes.clear()
  })

  it('shows the served address, confirmed, guessed or not yet listening, and other ports', () => {
    processes.apply({
      states: [
        proc('vite', { urls: ['http://localhost:5173'], ports: [5173, 24678], links: ['https://vite.dev/guide/'] }),
        proc('api', { urls: null, ports: [8080] }),
        proc('next', { urls: ['http://localhost:3000'], ports: [] }),
        proc('docs', { urls: null, links: ['https://nextjs.org/telemetry'] }),
        proc('gone', { status: 'stopped', pid: 0, endedAt: Date.now(), urls: null, ports: [9000] }),
      ],
      removed: [],
      full: true,
    })
    render(ProcessList)
    flushSync()

    expect(link('vite')?.getAttribute('href')).toBe('http://localhost:5173')
    expect(link('vite')?.textContent).toBe('localhost:5173')
    expect(row('vite').querySelector('[data-testid=url-confirmed]'), 'listening on 5173').not.toBeNull()
    expect(row('vite').querySelector('[data-testid=ports]')?.textContent, 'the HMR port besides').toBe(':24678')

    expect(link('api')?.getAttribute('href'), 'a listener that printed nothing').toBe('http://localhost:8080')
    expect(link('api')?.dataset.guessed).toBe('true')
    expect(link('api')?.title).toContain('printed no URL')
    expect(row('api').querySelector('[data-testid=url-confirmed]')).toBeNull()

    expect(link('next')?.getAttribute('href')).toBe('http://localhost:3000')
    expect(row('next').querySelector('[data-testid=url-confirmed]'), 'not listening yet').toBeNull()

    expect(link('docs'), 'a documentation link is no address').toBeNull()
    expect(link('gone'), 'an ended run listens on nothing').toBeNull()
  })
})

describe('the detail strip', () => {
  afterEach(() => {
    cleanup()
    processes.clear()
    backend.opened = []
  })

  it('lists the ports and the links, which open in the browser', async () => {
    render(ProcessDetail, {
      props: { proc: proc('next', { urls: ['http://localhost:3000'], ports: [3000, 9229],
        links: ['https://nextjs.org/telemetry', 'http://127.0.0.1:4000/api'] }) },
    })
    flushSync()
    expect(document.querySelector('[data-testid=detail-ports]')?.textContent).toBe('listening on 3000, 9229')
    const links = [...document.querySelectorAll('[data-testid=detail-links] a')] as HTMLAnchorElement[]
    expect(links.map((a) => a.textContent)).toEqual(['nextjs.org/telemetry', '127.0.0.1:4000/api'])
    await fireEvent.click(links[0])
    expect(backend.opened).toEqual(['https://nextjs.org/telemetry'])
  })

  it('shows no ports for an ended run', () => {
    render(ProcessDetail, { props: { proc: proc('x', { status: 'failed', pid: 0, endedAt: Date.now(), ports: [3000] }) } })
    flushSync()
    expect(document.querySelector('[data-testid=detail-ports]')).toBeNull()
  })
})

describe('a port conflict', () => {
  afterEach(() => {
    cleanup()
    processes.clear()
    backend.stopped = []
  })

  it('offers to stop the Hum process that holds the port', async () => {
    const holder = proc('web-1', { name: 'web', ports: [3000] })
    processes.apply({ states: [holder], removed: [], full: true })
    render(ProcessDetail, {
      props: { proc: proc('web-2', { status: 'failed', pid: 0, endedAt: Date.now(), exitCode: 1,
        conflict: { port: 3000, pid: 4242, name: 'node', procId: 'web-1' } }) },
    })
    flushSync()
    const text = document.querySelector('[data-testid=detail-conflict]')?.textContent?.replace(/\s+/g, ' ').trim()
    expect(text).toContain('port 3000 is held by web, run by Hum')
    const stop = document.querySelector('[data-testid=conflict-stop]') as HTMLButtonElement
    expect(stop.textContent).toBe('■ Stop web')
    await fireEvent.click(stop)
    expect(backend.stopped).toEqual(['web-1'])
  })

  it('says it in the failed row', () => {
    processes.apply({
      states: [proc('web-1', { name: 'web', ports: [3000] }),
        proc('web-2', { status: 'failed', pid: 0, endedAt: Date.now(), exitCode: 1, err: 'exit status 1',
          conflict: { port: 3000, pid: 4242, name: 'node', procId: 'web-1' } }),
        proc('api', { status: 'failed', pid: 0, endedAt: Date.now(), exitCode: 1, conflict: { port: 8080, pid: 777, name: 'nginx' } })],
      removed: [],
      full: true,
    })
    render(ProcessList)
    flushSync()
    expect(row('web-2').querySelector('[data-testid=row-conflict]')?.textContent).toBe('port 3000 in use by web')
    expect(row('api').querySelector('[data-testid=row-conflict]')?.textContent).toBe('port 8080 in use by nginx (PID 777)')
  })

  it('names another program by name and PID, with nothing to stop', () => {
    render(ProcessDetail, {
      props: { proc: proc('api', { status: 'failed', pid: 0, endedAt: Date.now(), conflict: { port: 8080, pid: 777, name: 'nginx' } }) },
    })
    flushSync()
    const text = document.querySelector('[data-testid=detail-conflict]')?.textContent?.replace(/\s+/g, ' ').trim()
    expect(text).toBe('port 8080 is held by another program: nginx (PID 777)')
    expect(document.querySelector('[data-testid=conflict-stop]')).toBeNull()
  })
})
