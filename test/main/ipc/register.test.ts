import { afterAll, describe, expect, it, vi } from 'vitest'
import { CHANNELS } from '../../../src/shared/api/channels'
import {
  isTrustedSender,
  registerIpc,
  unregisterIpc,
  type IpcMainLike
} from '../../../src/main/ipc/register'
import { EXAMPLES, SMALL_PIECE } from '../../helpers/examples'
import { readFileSync } from 'node:fs'
import { basename } from 'node:path'
import { testServices } from '../../helpers/api'

// register.ts takes ipcMain from the composition root; if it ever imported electron, this mock would make that fail loudly.
vi.mock('electron', () => {
  throw new Error('register.ts must not import electron')
})

type Listener = (event: unknown, ...args: unknown[]) => Promise<unknown>

/** A minimal stand-in for ipcMain: records handle() and lets the test invoke a channel as Electron would. */
function fakeIpcMain() {
  const handlers = new Map<string, Listener>()
  const ipc: IpcMainLike = {
    handle: (channel, listener) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`)
      handlers.set(channel, listener)
    },
    removeHandler: (channel) => handlers.delete(channel)
  }
  const invoke = (channel: string, event: unknown, ...args: unknown[]) =>
    handlers.get(channel)!(event, ...args)
  return { ipc, handlers, invoke }
}

const APP_EVENT = { senderFrame: { url: 'app://bytes-to-beats/index.html', parent: null } }
const { services, calls, cleanup } = testServices()
afterAll(cleanup)

describe('registerIpc', () => {
  const { ipc, handlers, invoke } = fakeIpcMain()
  const drags: string[] = []
  const bound = registerIpc(ipc, services.dispatcher, {
    contextFor: () => ({ startDrag: (file: string) => void drags.push(file) })
  })

  it('binds every channel of the table, once, through the one wrapper', () => {
    expect(bound.sort()).toEqual(CHANNELS.map((c) => c.channel).sort())
    expect(handlers.size).toBe(CHANNELS.length)
  })

  it('answers a call from the app’s own page', async () => {
    const result = await invoke('settings:set', APP_EVENT, { patch: { threshold: 0.6 } })
    expect(result).toMatchObject({ ok: true, value: { threshold: 0.6 } })
  })

  const foreign = [
    ['no frame (destroyed)', { senderFrame: null }],
    ['no event', undefined],
    ['a remote page', { senderFrame: { url: 'https://evil.example/', parent: null } }],
    ['file://', { senderFrame: { url: 'file:///home/x/index.html', parent: null } }],
    ['another app:// host', { senderFrame: { url: 'app://evil/index.html', parent: null } }],
    [
      'an iframe inside the app',
      { senderFrame: { url: 'app://bytes-to-beats/x.html', parent: {} } }
    ],
    ['credentials in the URL', { senderFrame: { url: 'app://u:p@bytes-to-beats/', parent: null } }],
    ['a URL that does not parse', { senderFrame: { url: 'app://[', parent: null } }],
    ['http dev server', { senderFrame: { url: 'http://localhost:5173/', parent: null } }]
  ] as const

  it.each(foreign)('refuses a call from %s before any handler runs', async (_name, event) => {
    const before = calls.get('settings:set') ?? 0
    const result = await invoke('settings:set', event, { patch: { threshold: 0.1 } })
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    expect(calls.get('settings:set')).toBe(before)
    expect(services.deps.settings.get().threshold).toBe(0.6)
    expect(isTrustedSender(event as never)).toBe(false)
  })

  it.each(CHANNELS.map((c) => c.channel))(
    'refuses bad arguments on %s before the handler runs',
    async (channel) => {
      const before = calls.get(channel) ?? 0
      const result = await invoke(channel, APP_EVENT, EXAMPLES[channel].bad)
      expect(result).toMatchObject({
        ok: false,
        error: { code: 'invalid_args', field: EXAMPLES[channel].field }
      })
      expect(calls.get(channel) ?? 0).toBe(before)
    }
  )

  it('refuses extra positional arguments and a missing argument', async () => {
    expect(await invoke('app:info', APP_EVENT, {}, {})).toMatchObject({
      ok: false,
      error: { code: 'invalid_args' }
    })
    expect(await invoke('app:info', APP_EVENT)).toMatchObject({
      ok: false,
      error: { code: 'invalid_args' }
    })
  })

  it('passes the calling window’s startDrag to handlers: a drag writes the piece as .mid named after it', async () => {
    const saved = (await invoke('pieces:save', APP_EVENT, {
      title: 'Night Drive',
      piece: SMALL_PIECE
    })) as {
      value: { id: string }
    }
    const result = await invoke('export:drag', APP_EVENT, { pieceId: saved.value.id })
    expect(result).toEqual({ ok: true })
    expect(drags).toHaveLength(1)
    expect(basename(drags[0])).toBe('Night Drive.mid')
    expect(readFileSync(drags[0]).subarray(0, 4).toString()).toBe('MThd')
    expect(await invoke('export:drag', APP_EVENT, { pieceId: '999' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' }
    })
  })

  it('unregisters every channel', () => {
    unregisterIpc(ipc)
    expect(handlers.size).toBe(0)
  })
})
