import { ApiError, isApiErrorShape, type ApiResult } from './errors'
import { CHANNELS, type Channel } from './channels'
import type { ComposerApi, EventSubscriber } from './table'

/** Sends one call over some transport and resolves to its wire result. */
export type Invoke = (channel: Channel, args: unknown) => Promise<ApiResult>

/** Unwrap a wire result: the value, or a thrown ApiError with the code, message and field main sent. */
export function unwrap(result: unknown): unknown {
  if (typeof result === 'object' && result !== null && 'ok' in result) {
    const r = result as ApiResult
    if (r.ok) return r.value
    if (isApiErrorShape(r.error)) throw ApiError.fromShape(r.error)
  }
  throw new ApiError('internal', 'The app sent an answer it does not understand')
}

/**
 * Build the typed client from CHANNELS: one function per method, no generic invoke (E2). The preload and the WebSocket
 * client both use this, so there is no second copy of the API.
 */
export function buildClient(invoke: Invoke, events: EventSubscriber): ComposerApi {
  const api: Record<string, Record<string, (args?: unknown) => Promise<unknown>>> = {}
  for (const { channel, domain, method } of CHANNELS) {
    api[domain] ??= {}
    api[domain][method] = async (args?: unknown) => unwrap(await invoke(channel, args ?? {}))
  }
  return { ...api, events } as unknown as ComposerApi
}
