// Work a kill or crash cut short: at start (before any worker runs, under the data-folder lock) no run can be
// training and no import importing, so rows still saying so are marked interrupted, to be resumed or removed.
import { readdirSync } from 'node:fs'
import type { DataFiles } from './dataFiles'
import type { Db } from './db'
import { finishPendingDeletes, recordPendingDeletes } from './ownership'

/** The error text an interrupted run or import carries. */
export const INTERRUPTED = 'interrupted: the app stopped while this was running'

/** What was marked interrupted (ids and names). */
export interface Interrupted {
  runs: { id: number; name: string }[]
  imports: { id: number; name: string }[]
}

/** The importer's partial segment caches (its own file names) in a dataset folder. */
function partialCaches(files: DataFiles, datasetId: number): string[] {
  const dir = files.datasetDir(datasetId)
  let names: string[] = []
  try {
    names = readdirSync(dir)
  } catch {
    return []
  }
  return names
    .filter((n) => /^segments-[0-9a-z]+-[0-9a-f]+\.bin$/.test(n))
    .map((n) => `${files.toRel(dir)}/${n}`)
}

/**
 * Mark runs left 'running' as paused with an "interrupted" error (resume continues from the last valid checkpoint)
 * and imports left 'importing' as failed; an interrupted import's partial cache (named by the importer, in the
 * dataset's own folder, no row pointing at it) is recorded for deletion and removed.
 */
export function markInterrupted(db: Db, files: DataFiles): Interrupted {
  const now = Date.now()
  const out = db
    .transaction((): Interrupted & { drop: string[] } => {
      const runs = db
        .prepare(`SELECT id, name FROM runs WHERE status = 'running' ORDER BY id`)
        .all() as Interrupted['runs']
      db.prepare(
        `UPDATE runs SET status = 'paused', error = ?, updated_at = ? WHERE status = 'running'`
      ).run(INTERRUPTED, now)
      const imports = db
        .prepare(`SELECT id, name FROM datasets WHERE status = 'importing' ORDER BY id`)
        .all() as Interrupted['imports']
      db.prepare(
        `UPDATE datasets SET status = 'failed', updated_at = ? WHERE status = 'importing'`
      ).run(now)
      const drop = imports.flatMap((d) => partialCaches(files, d.id))
      recordPendingDeletes(db, drop)
      return { runs, imports, drop }
    })
    .immediate()
  finishPendingDeletes(db, files, out.drop)
  return { runs: out.runs, imports: out.imports }
}
