import type { Domain, MethodName } from '../../shared/api/channels'
import { METHOD_NAMES } from '../../shared/api/channels'
import type { DomainHandlers } from '../../shared/api/table'
import type { PortOf } from '../services/ports'

/** Handlers that pass validated arguments straight to a service (the dispatcher has validated them already). */
export function forwardTo<D extends Domain>(
  domain: D,
  port: PortOf<D, MethodName<D>>
): DomainHandlers<D> {
  const out: Record<string, (args: unknown) => Promise<unknown>> = {}
  for (const name of METHOD_NAMES[domain] as readonly string[])
    out[name] = async (args) => (port as Record<string, (a: unknown) => unknown>)[name](args)
  return out as unknown as DomainHandlers<D>
}
