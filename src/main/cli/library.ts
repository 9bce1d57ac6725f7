// A CLI command's view of the app: the library of a data folder with the same services the app's handlers call.
import { mkdirSync } from 'node:fs'
import type { Settings } from '../../shared/api/domains/settings'
import { JobRegistry } from '../app/jobs'
import { SettingsStore } from '../app/settings'
import { EventBus } from '../ipc/events'
import { LibraryStore, markInterrupted } from '../library/index'
import { createLibraryServices, type LibraryServices } from '../services/index'

/** An open library with its services and event bus; `close` stops live training and closes the database. */
export interface CliLibrary {
  store: LibraryStore
  bus: EventBus
  services: LibraryServices
  close(): Promise<void>
}

/**
 * Open the library of dataDir, holding the data folder's lock as `lockAs` (as the app and serve mode do) until close;
 * `settings` override the data folder's settings for this command (e.g. --backend).
 */
export function openLibrary(
  dataDir: string,
  lockAs: string,
  settings: Partial<Settings> = {}
): CliLibrary {
  mkdirSync(dataDir, { recursive: true })
  const bus = new EventBus()
  const store = LibraryStore.open(dataDir, { lockAs })
  // Holding the lock, nothing else trains or imports here: rows still saying so were cut short (a SIGKILL; `npx tsx`
  // sends one when its child is slow to take a Ctrl+C). Record them as the app's start does.
  const interrupted = markInterrupted(store.db, store.files)
  for (const r of interrupted.runs)
    console.error(
      `run ${JSON.stringify(r.name)} was interrupted (its process ended while it trained): paused, resume it with --resume`
    )
  for (const d of interrupted.imports)
    console.error(`the import of ${JSON.stringify(d.name)} was interrupted: marked failed`)
  const stored = new SettingsStore(dataDir)
  const services = createLibraryServices({
    store,
    jobs: new JobRegistry(bus),
    bus,
    settings: { get: () => ({ ...stored.get(), ...settings }) }
  })
  return {
    store,
    bus,
    services,
    close: async () => {
      await services.close()
      store.close()
    }
  }
}
