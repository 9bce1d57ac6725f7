import type { ApiHandlers } from '../../shared/api/table'
import { createAppHandlers } from './app'
import { createDatasetsHandlers } from './datasets'
import type { HandlerDeps } from './deps'
import { createExportHandlers } from './export'
import { createGenerationHandlers } from './generation'
import { createListeningHandlers } from './listening'
import { createPiecesHandlers } from './pieces'
import { createRunsHandlers } from './runs'
import { createSettingsHandlers } from './settings'

export type { HandlerDeps, AppFacts } from './deps'

/** The whole handler table, the same one IPC, the WebSocket server and tests bind. */
export function createHandlers(deps: HandlerDeps): ApiHandlers {
  return {
    app: createAppHandlers(deps),
    settings: createSettingsHandlers(deps),
    datasets: createDatasetsHandlers(deps),
    runs: createRunsHandlers(deps),
    generation: createGenerationHandlers(deps),
    pieces: createPiecesHandlers(deps),
    listening: createListeningHandlers(deps),
    export: createExportHandlers(deps)
  }
}
