import { notAvailable } from '../../shared/api/errors'
import type { StartupReport } from '../../shared/api/types'
import type { ExportFiles } from '../app/exports'
import type { PathGrants } from '../app/grants'
import type { JobRegistry } from '../app/jobs'
import type { SettingsStore } from '../app/settings'
import type { NearestService } from '../services/nearest'
import type {
  DatasetsPort,
  Desktop,
  Dialogs,
  EnginePort,
  GenerationPort,
  ListeningPort,
  MidiWriter,
  PiecesPort,
  RunsPort
} from '../services/ports'

/** Facts about the running program that app.info reports. */
export interface AppFacts {
  name: string
  version: string
  mode: 'desktop' | 'serve'
  dataDir: string
  versions: { node: string; electron?: string; chrome?: string }
}

/** Everything the handlers use, passed in by the composition root (Electron, serve mode or a test). */
export interface HandlerDeps {
  facts: AppFacts
  settings: SettingsStore
  jobs: JobRegistry
  grants: PathGrants
  exportFiles: ExportFiles
  dialogs?: Dialogs
  desktop?: Desktop
  midiWriter: MidiWriter
  pieces: PiecesPort
  datasets: DatasetsPort
  runs: RunsPort
  generation: GenerationPort
  listening: ListeningPort
  engine: EnginePort
  /** The library's start-up report (waits for the check to finish). */
  startup: () => Promise<StartupReport>
  nearest: NearestService
}

/** Return a desktop-only dependency (dialogs, desktop) or throw not_available in words a composer understands. */
export function need<T>(dep: T | undefined, what: string): T {
  if (dep === undefined) throw notAvailable(what)
  return dep
}
