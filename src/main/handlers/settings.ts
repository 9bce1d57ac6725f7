import type { DomainHandlers } from '../../shared/api/table'
import type { HandlerDeps } from './deps'

/** settings: read and change the composer's settings (a JSON file in the data folder). */
export function createSettingsHandlers(
  deps: Pick<HandlerDeps, 'settings'>
): DomainHandlers<'settings'> {
  return {
    get: async () => deps.settings.get(),
    set: async ({ patch }) => deps.settings.set(patch)
  }
}
