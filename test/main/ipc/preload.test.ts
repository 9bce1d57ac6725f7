import { describe, expect, it, vi } from 'vitest'
import { CHANNELS, EVENT_CHANNEL, METHOD_NAMES } from '../../../src/shared/api/channels'
import { clientFromBridge, type ComposerBridge } from '../../../src/shared/api/bridge'
import { ApiError } from '../../../src/shared/api/errors'

// A stand-in for electron's preload modules: records what the preload exposes and what it sends.
const exposed: Record<string, unknown> = {}
const invoke = vi.fn(async (channel: string, args: unknown) => ({
  ok: true,
  value: { channel, args }
}))
const listeners: ((e: unknown, event: unknown) => void)[] = []
vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (key: string, value: unknown) => void (exposed[key] = value)
  },
  ipcRenderer: {
    invoke: (channel: string, args: unknown) => invoke(channel, args),
    on: (channel: string, l: (e: unknown, event: unknown) => void) => {
      expect(channel).toBe(EVENT_CHANNEL)
      listeners.push(l)
    },
    removeListener: (_c: string, l: (e: unknown, event: unknown) => void) =>
      listeners.splice(listeners.indexOf(l), 1)
  }
}))

await import('../../../src/preload/index')
const bridge = exposed.composer as ComposerBridge & Record<string, Record<string, unknown>>

describe('the preload', () => {
  it('exposes only window.composer: the domains of the table and events, nothing generic', () => {
    expect(Object.keys(exposed)).toEqual(['composer'])
    expect(Object.keys(bridge).sort()).toEqual([...Object.keys(METHOD_NAMES), 'events'].sort())
    for (const key of ['send', 'invoke', 'on', 'ipcRenderer', 'require'])
      expect(bridge[key]).toBeUndefined()
    expect(Object.keys(bridge.events)).toEqual(['on'])
    for (const domain of Object.keys(METHOD_NAMES)) {
      expect(Object.keys(bridge[domain]).sort()).toEqual(
        CHANNELS.filter((c) => c.domain === domain)
          .map((c) => c.method)
          .sort()
      )
    }
  })

  it('sends each method on its own channel with one argument object', async () => {
    for (const { channel, domain, method } of CHANNELS) {
      const fn = (bridge as Record<string, Record<string, unknown>>)[domain][method] as (
        a?: unknown
      ) => Promise<unknown>
      expect(await fn({ x: 1 })).toEqual({ ok: true, value: { channel, args: { x: 1 } } })
    }
    expect(invoke).toHaveBeenCalledTimes(CHANNELS.length)
    await (bridge.app.info as () => Promise<unknown>)()
    expect(invoke).toHaveBeenLastCalledWith('app:info', {})
  })

  it('delivers events only of the subscribed type, and unsubscribes', () => {
    const got: unknown[] = []
    const off = bridge.events.on('job:status', (e) => got.push(e))
    const job = { id: 'j', kind: 'import', label: 'x', state: 'running', progress: null }
    for (const l of [...listeners]) l({}, { type: 'job:status', job })
    for (const l of [...listeners])
      l({}, { type: 'run:sample', runId: 'r', sampleId: 's', epoch: 1 })
    expect(got).toEqual([{ type: 'job:status', job }])
    off()
    expect(listeners).toHaveLength(0)
    expect(() => bridge.events.on('anything' as never, () => undefined)).toThrow(/unknown event/)
  })

  it('the renderer-side client unwraps values and rebuilds ApiErrors with code and field', async () => {
    const client = clientFromBridge(bridge)
    expect(await client.app.info()).toEqual({ channel: 'app:info', args: {} })
    invoke.mockResolvedValueOnce({
      ok: false,
      error: { code: 'invalid_args', message: 'id: bad', field: 'id' }
    } as never)
    const err = await client.pieces.get({ id: 'x' }).catch((e) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect(err).toMatchObject({ code: 'invalid_args', field: 'id' })
  })
})
