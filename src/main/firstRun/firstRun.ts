// First start: on a new data folder, register every shipped model (resources/models/*) as a finished run with its
// example pieces. A model an app update adds is registered on the next start of a folder that first start set up.
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { LibraryStore } from '../library/index'
import { libraryId, listCheckpoints } from '../library/index'
import { writeAtomic } from '../ml/checkpoint'
import {
  DEFAULT_MODEL_ID,
  defaultModelDir,
  findResourcesDir,
  readDefaultModel
} from './defaultModel'
import { registerModel, type ShippedRun } from './registerModel'
import { shippedModels, shippedReason, type ShippedModel } from './shippedModels'

export { EXAMPLE_TAG, type LossLog, type ShippedRun } from './registerModel'

/** Marker file in the data folder: first start has been handled (its content is the FirstRunResult). */
export const FIRST_RUN_MARKER = 'first-run.json'
/** The default model's run name in data folders set up before model.json's `name` named the run. */
export const DEFAULT_RUN_NAME = 'Default model'

/** What first start did: the default model's run, checkpoint and examples, the piece to open, every shipped model. */
export interface FirstRunResult {
  runId: number
  checkpointId: number
  pieceIds: number[]
  /** The piece the Compose view opens on (also the most recently updated piece). */
  openPieceId: number
  /** The database first start wrote to (library_id); another id means the database was emptied or replaced. */
  libraryId?: string
  /**
   * Each shipped model registered here, by folder name, the default included; older markers lack it (only the
   * default then, above). A run the user deleted stays listed, so that it is not registered again.
   */
  models?: Record<string, ShippedRun>
}

/** Options: the data folder, and where resources/ is (found by walking up from this file when left out). */
export interface FirstRunOptions {
  dataDir: string
  resourcesDir?: string | null
}

/** A data folder is new when its library holds no run and no piece and first start never ran there. */
export function isNewDataFolder(library: LibraryStore, dataDir: string): boolean {
  if (existsSync(join(dataDir, FIRST_RUN_MARKER))) return false
  const n = (table: string) =>
    library.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number
  return n('runs') === 0 && n('pieces') === 0
}

function readMarker(dataDir: string): FirstRunResult | null {
  const marker = join(dataDir, FIRST_RUN_MARKER)
  if (!existsSync(marker)) return null
  return JSON.parse(readFileSync(marker, 'utf8')) as FirstRunResult | null
}

/** The shipped models a marker records, by folder name. */
function modelsOf(r: FirstRunResult): Record<string, ShippedRun> {
  const { runId, checkpointId, pieceIds } = r
  return r.models ?? { [DEFAULT_MODEL_ID]: { runId, checkpointId, pieceIds } }
}

/** A shipped model's run in this database, found by its name (the oldest), with its first checkpoint; or undefined. */
function runNamed(library: LibraryStore, model: ShippedModel): ShippedRun | undefined {
  const name = readDefaultModel(model.dir).name
  const names = model.id === DEFAULT_MODEL_ID ? [name, DEFAULT_RUN_NAME] : [name]
  const runId = library.db
    .prepare(
      `SELECT id FROM runs WHERE name IN (${names.map(() => '?').join(', ')})
       AND status != 'deleting' ORDER BY id LIMIT 1`
    )
    .pluck()
    .get(...names) as number | undefined
  if (runId === undefined) return undefined
  return { runId, checkpointId: listCheckpoints(library.db, runId)[0]?.id ?? -1, pieceIds: [] }
}

/**
 * Run first start once per data folder, and register a shipped model the folder does not have yet on later starts:
 * returns the marker's result, or null when the folder already had runs or pieces (never touched then, nor later).
 * When the marker names another database (the library was emptied or replaced by an older copy), each shipped model
 * whose run (by name) this one lacks is registered again. A model that fails to register is left out and tried on the
 * next start; the error is thrown after the others are registered and recorded (the default's failure stops all).
 * Synchronous: call after the library's start-up file check, which moves folders no row owns aside first.
 */
export function ensureFirstRun(library: LibraryStore, o: FirstRunOptions): FirstRunResult | null {
  const marker = join(o.dataDir, FIRST_RUN_MARKER)
  const id = libraryId(library.db)
  const prev = readMarker(o.dataDir)
  if (existsSync(marker)) {
    if (!prev) return null
  } else if (!isNewDataFolder(library, o.dataDir)) {
    writeFileSync(marker, 'null')
    return null
  }
  const resources = o.resourcesDir === undefined ? findResourcesDir() : o.resourcesDir
  if (!prev) defaultModelDir(resources) // throws when the app was packaged without the default model
  const sameDb = prev?.libraryId === id
  const before = prev ? modelsOf(prev) : {}
  const models: Record<string, ShippedRun> = sameDb ? { ...before } : {}
  let changed = !sameDb
  let openPieceId = prev?.openPieceId
  let failed: unknown = null
  for (const m of shippedModels(resources)) {
    if (models[m.id]) continue
    const found = sameDb ? undefined : runNamed(library, m)
    if (found) {
      models[m.id] = { ...found, pieceIds: before[m.id]?.pieceIds ?? [] }
      continue
    }
    try {
      models[m.id] = registerModel(library, m, readDefaultModel(m.dir))
    } catch (err) {
      if (m.id === DEFAULT_MODEL_ID) throw err
      failed = failed ?? err
      continue
    }
    changed = true
    if (m.id === DEFAULT_MODEL_ID) openPieceId = models[m.id].pieceIds[0]
  }
  const def = models[DEFAULT_MODEL_ID]
  if (!def) throw new Error('the default model (resources/models/default) is missing')
  const result: FirstRunResult = { ...def, openPieceId: openPieceId!, libraryId: id, models }
  if (changed) writeAtomic(marker, [Buffer.from(JSON.stringify(result))])
  if (failed) throw failed
  return changed ? result : prev
}

/** ensureFirstRun for the service start-up: logs and swallows errors (the app starts without examples then). */
export function firstStart(
  library: LibraryStore,
  dataDir: string,
  resourcesDir?: string | null
): FirstRunResult | null {
  try {
    return ensureFirstRun(library, { dataDir, resourcesDir })
  } catch (err) {
    console.error('first start (shipped models, examples) failed:', err)
    return null
  }
}

/** The library run id of the default model in a data folder (from first start's marker), or null. */
export function defaultRunId(dataDir: string): number | null {
  return readMarker(dataDir)?.runId ?? null
}

/**
 * The shipped models' runs in a library (from first start's marker), default first: those still shipped and still
 * there (a run the user deleted, or a later run that got its id, is left out).
 */
export function shippedRuns(
  library: LibraryStore,
  resourcesDir: string | null = findResourcesDir()
): (ShippedModel & { runId: number })[] {
  const r = readMarker(library.files.root)
  if (!r) return []
  const runs = modelsOf(r)
  const reasonOf = library.db.prepare('SELECT backend_reason FROM runs WHERE id = ?').pluck()
  return shippedModels(resourcesDir).flatMap((m) => {
    const run = runs[m.id]
    return run && reasonOf.get(run.runId) === shippedReason(m.id)
      ? [{ ...m, runId: run.runId }]
      : []
  })
}
