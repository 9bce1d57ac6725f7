import { describe, expect, it } from 'vitest'
import { API, specOf } from '../../../src/shared/api/table'
import { CHANNELS, METHOD_NAMES, isChannel, type Domain } from '../../../src/shared/api/channels'
import { EVENT_TYPES } from '../../../src/shared/api/events'
import { buildClient, unwrap } from '../../../src/shared/api/client'
import { ApiError } from '../../../src/shared/api/errors'

describe('the API table', () => {
  it('has exactly the methods METHOD_NAMES lists (the zod-free copy the preload bundles)', () => {
    for (const domain of Object.keys(METHOD_NAMES) as Domain[]) {
      expect(Object.keys(API[domain]).sort()).toEqual([...METHOD_NAMES[domain]].sort())
    }
    expect(Object.keys(API).sort()).toEqual(Object.keys(METHOD_NAMES).sort())
  })

  it('names channels `${domain}:${method}` and every schema is a strict object', () => {
    for (const { channel, domain, method } of CHANNELS) {
      expect(channel).toBe(`${domain}:${method}`)
      const schema = specOf(domain, method)!.args
      expect(schema.safeParse({ __unknown_key__: 1 }).success, channel).toBe(false)
      expect(specOf(domain, method)!.summary.length).toBeGreaterThan(5)
    }
    expect(specOf('app', 'constructor')).toBeUndefined()
    expect(specOf('app', '__proto__')).toBeUndefined()
    expect(isChannel('app:info')).toBe(true)
    expect(isChannel('app:constructor')).toBe(false)
  })

  it('lists the event types of the union', () => {
    expect(EVENT_TYPES).toContain('job:status')
    expect(new Set(EVENT_TYPES).size).toBe(EVENT_TYPES.length)
  })

  it('builds a client with one function per channel and nothing generic', async () => {
    const sent: [string, unknown][] = []
    const client = buildClient(
      async (channel, args) => {
        sent.push([channel, args])
        return { ok: true, value: 42 }
      },
      { on: () => () => undefined }
    ) as unknown as Record<string, Record<string, unknown>>
    expect(Object.keys(client).sort()).toEqual([...Object.keys(METHOD_NAMES), 'events'].sort())
    for (const { domain, method } of CHANNELS)
      expect(typeof client[domain][method]).toBe('function')
    expect(client.send).toBeUndefined()
    expect(client.invoke).toBeUndefined()
    expect(await (client.app.info as () => Promise<unknown>)()).toBe(42)
    expect(sent).toEqual([['app:info', {}]])
  })

  it('unwraps wire errors into ApiError with code and field', () => {
    expect(() =>
      unwrap({ ok: false, error: { code: 'invalid_args', message: 'id: bad', field: 'id' } })
    ).toThrow(ApiError)
    try {
      unwrap({ ok: false, error: { code: 'not_found', message: 'gone' } })
    } catch (e) {
      expect((e as ApiError).code).toBe('not_found')
    }
    expect(() => unwrap('garbage')).toThrow(/does not understand/)
  })
})
