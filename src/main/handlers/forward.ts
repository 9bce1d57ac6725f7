import type { Domain, MethodName } from '../../shared/api/channels'
import { METHOD_NAMES } from '../../shared/api/channels'
import { notAvailable } from '../../shared/api/errors'
import type { DomainHandlers } from '../../shared/api/table'
import type { PortOf } from '../services/ports'

/**
 * Handlers that pass validated arguments to a service port. Without the port every method answers not_available with
 * `missing` (plain words for the composer), never a made-up result.
 */
export function forwardTo<D extends Domain>(
  domain: D,
  port: PortOf<D, MethodName<D>> | undefined,
  missing: string
): DomainHandlers<D> {
  const out: Record<string, (args: unknown) => Promise<unknown>> = {}
  for (const name of METHOD_NAMES[domain] as readonly string[]) {
    out[name] = async (args) => {
      if (!port) throw notAvailable(missing)
      return (port as Record<string, (a: unknown) => unknown>)[name](args)
    }
  }
  return out as unknown as DomainHandlers<D>
}
