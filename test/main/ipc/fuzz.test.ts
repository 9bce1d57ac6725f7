import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { CHANNELS } from '../../../src/shared/api/channels'
import { specOf } from '../../../src/shared/api/table'
import { registerIpc, type IpcMainLike } from '../../../src/main/ipc/register'
import { testServices } from '../../helpers/api'

// E2: at least 1,000 arbitrary JSON values per channel through the one IPC wrapper. Values the strict schema rejects must
// reach 0 handler bodies and come back as the wrapper's typed invalid_args; nothing else may come out.

const RUNS = 1250
const MIN_INVALID = 1000
const { services, calls, cleanup } = testServices()
afterAll(cleanup)

const listeners = new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>()
const ipc: IpcMainLike = {
  handle: (c, l) => void listeners.set(c, l),
  removeHandler: () => undefined
}
registerIpc(ipc, services.dispatcher)
const APP_EVENT = { senderFrame: { url: 'app://bytes-to-beats/index.html', parent: null } }

// Arbitrary JSON, plus objects shaped like the real arguments with hostile values (so strict objects are probed too).
const hostileString = fc.oneof(
  fc.string(),
  fc.constantFrom(
    '../../etc/passwd',
    '/etc/shadow',
    'C:\\Windows',
    '\\\\?\\C:\\',
    'a\u0000b',
    '%2e%2e%2f',
    'x'.repeat(300)
  )
)
const argLike = fc.dictionary(
  fc.constantFrom(
    'id',
    'ids',
    'name',
    'patch',
    'piece',
    'pieceId',
    'sourceId',
    'kind',
    'path',
    'threshold',
    '__proto__'
  ),
  fc.oneof(fc.jsonValue(), hostileString),
  { maxKeys: 4 }
)
const arbitraryArgs = fc.oneof(fc.jsonValue(), argLike)

describe('E2 fuzz: arbitrary JSON per channel through the IPC wrapper', () => {
  it.each(CHANNELS.map((c) => [c.channel, c.domain, c.method] as const))(
    '%s: invalid values reach 0 handler bodies',
    async (channel, domain, method) => {
      const schema = specOf(domain, method)!.args
      let invalid = 0
      await fc.assert(
        fc.asyncProperty(arbitraryArgs, async (args) => {
          if (schema.safeParse(args).success) return // a valid value may run the handler
          invalid++
          const before = calls.get(channel) ?? 0
          const result = (await listeners.get(channel)!(APP_EVENT, args)) as {
            ok: boolean
            error?: { code: string }
          }
          expect(result.ok).toBe(false)
          expect(result.error?.code).toBe('invalid_args')
          expect(calls.get(channel) ?? 0).toBe(before)
        }),
        { numRuns: RUNS, seed: 20261125 }
      )
      expect(invalid).toBeGreaterThanOrEqual(MIN_INVALID)
    }
  )
})
