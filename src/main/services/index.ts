// The service layer: the application logic over the library, the workers and the engine. The API handlers (desktop and
// serve mode) and the CLI call the same services, so a run the CLI trains or a dataset it imports is the app's.
import type { Settings } from '../../shared/api/domains/settings'
import type { JobRegistry } from '../app/jobs'
import type { EventBus } from '../ipc/events'
import type { LibraryStore } from '../library/index'
import { EngineClient } from '../ml/engineClient'
import { libraryGeneration } from './generation/generation'
import { KeptGenerations } from './generation/kept'
import { libraryDatasets } from './import/datasets'
import { libraryListening } from './listening'
import { nearestService, type NearestService } from './nearest'
import { libraryPieces } from './pieces'
import type { DatasetsPort, GenerationPort, ListeningPort, PiecesPort, RunsPort } from './ports'
import { libraryRuns } from './training/runs'
import { TrainingRuns } from './training/trainingRuns'

/** What every service stands on: the library, the job list, the event bus and the settings (backend, threshold). */
export interface ServiceDeps {
  store: LibraryStore
  jobs: JobRegistry
  bus: EventBus
  settings: { get(): Settings }
  /** Where the shipped models are (resources/; found from this file when left out, null: none). */
  resourcesDir?: string | null
}

/** The services of one library. */
export interface LibraryServices {
  pieces: PiecesPort
  datasets: DatasetsPort
  runs: RunsPort
  generation: GenerationPort
  listening: ListeningPort
  nearest: NearestService
  /** The training workers behind `runs` (their backend, live handles, stop on quit). */
  training: TrainingRuns
  /** The engine worker behind `generation` (its backend). */
  engine: EngineClient
  /** Stop training (a checkpoint is written), the nearest-music scan and the engine worker. */
  close(): Promise<void>
}

/** Build the services over an open library. */
export function createLibraryServices(deps: ServiceDeps): LibraryServices {
  const { store, settings } = deps
  const training = new TrainingRuns(deps)
  const engine = new EngineClient()
  const nearest = nearestService(store)
  const kept = new KeptGenerations() // generations the engine keeps: generation re-binarises them, pieces records them
  return {
    pieces: libraryPieces(store, kept),
    datasets: libraryDatasets(deps, (id) => training.trainingOn(id)),
    runs: libraryRuns(store, training, deps.resourcesDir),
    generation: libraryGeneration(
      store,
      () => settings.get().backend,
      engine,
      deps.jobs,
      deps.resourcesDir,
      kept
    ),
    listening: libraryListening(store),
    nearest,
    training,
    engine,
    close: async () => {
      await training.stopAll()
      await nearest.close()
      await engine.close()
    }
  }
}
