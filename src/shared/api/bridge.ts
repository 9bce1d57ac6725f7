import { CHANNELS, type Channel, type Domain, type MethodName } from './channels'
import type { ApiResult } from './errors'
import type { EventSubscriber } from './events'
import type { ArgsOf, ComposerApi, ResultOf } from './table'
import { buildClient } from './client'

// window.composer as the preload exposes it: values cross contextBridge as plain ApiResult envelopes (contextBridge
// drops an Error's own fields, so main's error code and field could not survive a rejection); the renderer unwraps them.

type BridgeMethod<D extends Domain, M extends MethodName<D>> = (
  args?: ArgsOf<D, M>
) => Promise<ApiResult<ResultOf<D, M>>>

/** The object the preload puts on window.composer: one function per channel plus typed events, nothing generic. */
export type ComposerBridge = { [D in Domain]: { [M in MethodName<D>]: BridgeMethod<D, M> } } & {
  events: EventSubscriber
}

/** Build the bridge object by looping over CHANNELS; `invoke` is the preload's ipcRenderer.invoke. */
export function buildBridge(
  invoke: (channel: Channel, args: unknown) => Promise<ApiResult>,
  events: EventSubscriber
): ComposerBridge {
  const bridge: Record<string, Record<string, (args?: unknown) => Promise<ApiResult>>> = {}
  for (const { channel, domain, method } of CHANNELS) {
    bridge[domain] ??= {}
    bridge[domain][method] = (args?: unknown) => invoke(channel, args ?? {})
  }
  return { ...bridge, events } as unknown as ComposerBridge
}

/** The typed client over window.composer (renderer side): unwraps envelopes into values or ApiErrors. */
export function clientFromBridge(bridge: ComposerBridge): ComposerApi {
  const raw = bridge as unknown as Record<
    string,
    Record<string, (a: unknown) => Promise<ApiResult>>
  >
  return buildClient((channel, args) => {
    const [domain, method] = channel.split(':')
    return raw[domain][method](args)
  }, bridge.events)
}
