import { mkdirSync } from 'node:fs'
import { writeMidi } from '../data/midi/write'
import { createDispatcher, type Dispatcher } from '../ipc/dispatch'
import { EventBus } from '../ipc/events'
import { createHandlers, type HandlerDeps } from '../handlers/index'
import type { ApiHandlers } from '../../shared/api/table'
import { ExportFiles } from './exports'
import { PathGrants } from './grants'
import { JobRegistry } from './jobs'
import { dataPaths } from './paths'
import { SettingsStore } from './settings'
import { pendingStartupReport, startupReport } from './startupReport'
import type { Desktop, Dialogs } from '../services/ports'
import { LibraryStore, scheduleBackups } from '../library/index'
import { firstStart } from '../firstRun/firstRun'
import { createLibraryServices } from '../services/index'
import { describeBackend } from '../ml/backendChoice'

/** What the composition roots (Electron's index.ts, serve mode, tests) pass in. */
export interface ServicesOptions {
  dataDir: string
  mode: 'desktop' | 'serve'
  version: string
  versions?: { electron?: string; chrome?: string }
  dialogs?: Dialogs
  desktop?: Desktop
  /** Register the shipped models and their example pieces on a new data folder, and later ones (src/main/firstRun). */
  firstRun?: boolean
  /** Where the shipped models are (resources/; found from the app's files when left out). */
  resourcesDir?: string | null
}

/** The wired back end: handler deps, the handler table, the dispatcher every transport uses, and the event bus. */
export interface Services {
  deps: HandlerDeps
  handlers: ApiHandlers
  dispatcher: Dispatcher
  bus: EventBus
  /** The SQLite library (opened, migrated; its start-up file check runs in `ready`). */
  library: LibraryStore
  /** Settles when start-up checks are done; transports may start before (calls work meanwhile). */
  ready: Promise<void>
  close(): Promise<void>
}

/** Build the back end over a data folder; runs under plain Node (no electron import anywhere below). */
export function createServices(opts: ServicesOptions): Services {
  const paths = dataPaths(opts.dataDir)
  mkdirSync(paths.root, { recursive: true })
  const bus = new EventBus()
  const library = LibraryStore.open(paths.root, { lockAs: opts.mode })
  let report = pendingStartupReport()
  const ready = library.startup().then(
    (check) => {
      report = startupReport(check)
      if (opts.firstRun) firstStart(library, paths.root, opts.resourcesDir)
    },
    (err) => {
      report = pendingStartupReport(err)
      console.error('library start-up check failed:', err)
    }
  )
  const jobs = new JobRegistry(bus)
  const settings = new SettingsStore(paths.root)
  const services = createLibraryServices({
    store: library,
    jobs,
    bus,
    settings,
    resourcesDir: opts.resourcesDir
  })
  const { training, engine, nearest, ...ports } = services
  const deps: HandlerDeps = {
    facts: {
      name: 'Bytes to Beats',
      version: opts.version,
      mode: opts.mode,
      dataDir: paths.root,
      versions: { node: process.versions.node, ...opts.versions }
    },
    settings,
    jobs,
    grants: new PathGrants(),
    exportFiles: new ExportFiles(paths.exports, paths.temp),
    dialogs: opts.dialogs,
    desktop: opts.desktop,
    midiWriter: (piece) => writeMidi(piece),
    ...ports,
    nearest,
    engine: {
      // The training worker's backend, else the one the engine (generation) worker activated.
      backend: () => {
        const here = engine.backend
        return training.backend ?? (here && { name: here.name, reason: describeBackend(here) })
      }
    },
    startup: async () => {
      await ready
      return report
    }
  }
  const handlers = createHandlers(deps)
  const dispatcher = createDispatcher(handlers, {
    onSlow: (channel, ms) => console.warn(`slow handler ${channel}: ${ms.toFixed(0)} ms`),
    onInternalError: (channel, err) => console.error(`handler ${channel} failed:`, err)
  })
  // A backup a day through SQLite's backup API (a damaged library names the newest one: library/backups.ts).
  const stopBackups = scheduleBackups(library.db, paths.root)
  const close = async () => {
    stopBackups()
    await ready
    await services.close()
    library.close()
  }
  return { deps, handlers, dispatcher, bus, library, ready, close }
}
