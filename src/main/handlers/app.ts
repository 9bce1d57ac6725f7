import { notAvailable } from '../../shared/api/errors'
import type { DomainHandlers } from '../../shared/api/table'
import type { HandlerDeps } from './deps'

/** app: versions, mode, backend and data folder; running jobs; the start-up report; open the data folder. */
export function createAppHandlers(
  deps: Pick<HandlerDeps, 'facts' | 'jobs' | 'engine' | 'desktop' | 'startup'>
): DomainHandlers<'app'> {
  return {
    info: async () => ({
      ...deps.facts,
      versions: { ...deps.facts.versions },
      platform: process.platform,
      backend: deps.engine.backend()
    }),
    jobs: async () => deps.jobs.list(),
    startupReport: async () => deps.startup(),
    showDataFolder: async () => {
      if (!deps.desktop) throw notAvailable('Opening folders works in the desktop app only.')
      await deps.desktop.openFolder(deps.facts.dataDir)
    }
  }
}
