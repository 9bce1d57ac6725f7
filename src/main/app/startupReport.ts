import type { StartupReport } from '../../shared/api/types'
import type { CheckReport, Interrupted } from '../library/index'

/** What library.startup() returns. */
export type StartupCheck = CheckReport & { finishedDeletes: string[]; interrupted?: Interrupted }

const named = (xs: { id: number; name: string }[] = []) =>
  xs.map((x) => ({ id: String(x.id), name: x.name }))

/** The report the API serves before the check has run, and when it failed. */
export function pendingStartupReport(error?: unknown): StartupReport {
  return {
    state: error === undefined ? 'checking' : 'failed',
    error: error === undefined ? null : error instanceof Error ? error.message : String(error),
    tmpRemoved: [],
    finishedDeletes: [],
    missing: [],
    corrupt: [],
    unknownFiles: [],
    quarantined: [],
    interrupted: { runs: [], imports: [] }
  }
}

/** The library's start-up check in the API's words. */
export function startupReport(c: StartupCheck): StartupReport {
  return {
    state: 'done',
    error: null,
    tmpRemoved: c.repaired ? c.tmpFiles : [],
    finishedDeletes: c.finishedDeletes,
    missing: c.missing.map((m) => m.file),
    corrupt: c.corrupt.map((m) => m.file),
    // Files inside a live run's or dataset's folder that no row names are the engine's and importer's working
    // files (manifest.json, logs): routine, not news. Strays beside those folders are reported.
    unknownFiles: c.orphans.filter(
      (o) => !/^(runs|datasets)\/\d+\//.test(o) && !c.quarantined.some((q) => q.from === o)
    ),
    quarantined: c.quarantined,
    interrupted: { runs: named(c.interrupted?.runs), imports: named(c.interrupted?.imports) }
  }
}
