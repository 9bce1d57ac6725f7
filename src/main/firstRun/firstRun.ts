// First start: on a new data folder, register the shipped default model as a finished run with one checkpoint (so
// the generate API and the Train/Compare views see it like any run), and put its example pieces in the library.
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { LibraryStore } from '../library/index'
import { createPiece, createRun, libraryId, setRunBackend, setRunStatus } from '../library/index'
import type { MetricRow } from '../library/index'
import type { Piece } from '../../shared/music/piece'
import { writeAtomic } from '../ml/checkpoint'
import { defaultModelDir, findResourcesDir, readDefaultModel } from './defaultModel'
import type { DefaultModelRecord } from './defaultModel'

/** Marker file in the data folder: first start has been handled (its content is the FirstRunResult). */
export const FIRST_RUN_MARKER = 'first-run.json'
/** Tag of the shipped example pieces. */
export const EXAMPLE_TAG = 'example'
/** Name of the default model's run in the library. */
export const DEFAULT_RUN_NAME = 'Default model'

/** What first start did: the run and checkpoint of the default model, the example pieces, the one to open. */
export interface FirstRunResult {
  runId: number
  checkpointId: number
  pieceIds: number[]
  /** The piece the Compose view opens on (also the most recently updated piece). */
  openPieceId: number
  /** The database first start wrote to (library_id); another id means the database was emptied or replaced. */
  libraryId?: string
}

/** Options: the data folder, and where resources/ is (found by walking up from this file when left out). */
export interface FirstRunOptions {
  dataDir: string
  resourcesDir?: string | null
}

/** losses.json: the training log, columnar (null where a step had no generator update). */
export interface LossLog {
  step: number[]
  epoch: number[]
  gLoss: (number | null)[]
  dLoss: number[]
  gp: number[]
  wDist: number[]
}

/** The log's rows up to the checkpoint's step (the library keeps rows only up to a checkpoint). */
function metricRows(log: LossLog, lastStep: number): MetricRow[] {
  const rows = log.step.map((step, i) => ({
    step,
    epoch: log.epoch[i],
    gLoss: log.gLoss[i],
    dLoss: log.dLoss[i],
    gp: log.gp[i],
    wDist: log.wDist[i]
  }))
  return rows.filter((r) => r.step <= lastStep)
}

/** A data folder is new when its library holds no run and no piece and first start never ran there. */
export function isNewDataFolder(library: LibraryStore, dataDir: string): boolean {
  if (existsSync(join(dataDir, FIRST_RUN_MARKER))) return false
  const n = (table: string) =>
    library.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number
  return n('runs') === 0 && n('pieces') === 0
}

function register(library: LibraryStore, dir: string, record: DefaultModelRecord): FirstRunResult {
  const db = library.db
  const log = JSON.parse(readFileSync(join(dir, record.losses), 'utf8')) as LossLog
  const examples = record.examples.map((e) => ({
    e,
    piece: JSON.parse(readFileSync(join(dir, '..', '..', 'examples', e.file), 'utf8')) as Piece
  }))
  const bytes = readFileSync(join(dir, record.generator.file))
  return db
    .transaction((): FirstRunResult => {
      const runId = createRun(db, {
        name: DEFAULT_RUN_NAME,
        preset: record.config.preset,
        config: record.config
      })
      setRunBackend(db, runId, record.backend, 'trained before shipping (resources/models/default)')
      const file = join(library.files.runDir(runId), record.generator.file)
      const sha256 = writeAtomic(file, [bytes])
      const ckpt = { epoch: record.epoch, step: record.step, file, sha256, size: bytes.length }
      const checkpointId = library.recordCheckpoint(
        runId,
        ckpt,
        metricRows(log, record.step),
        Infinity
      )
      setRunStatus(db, runId, 'completed')
      const t0 = Date.now()
      // The first example is the newest, so "latest piece" and openPieceId agree.
      const pieceIds = examples.map(({ e, piece }, i) =>
        createPiece(
          db,
          e.title,
          piece,
          {
            origin: 'generated',
            runId,
            checkpointId,
            seed: e.seeds[0],
            threshold: record.threshold
          },
          [EXAMPLE_TAG],
          t0 - i
        )
      )
      return {
        runId,
        checkpointId,
        pieceIds,
        openPieceId: pieceIds[0],
        libraryId: libraryId(db)
      }
    })
    .immediate()
}

/** The default model's run in this database (by name, the oldest), or undefined. */
function defaultRun(library: LibraryStore): number | undefined {
  return library.db
    .prepare(`SELECT id FROM runs WHERE name = ? AND status != 'deleting' ORDER BY id LIMIT 1`)
    .pluck()
    .get(DEFAULT_RUN_NAME) as number | undefined
}

/**
 * Run first start once per data folder: returns what it created, the earlier result when it ran before, or null
 * when the folder already had runs or pieces (never touched then). When the marker names another database (the
 * library was emptied or replaced by an older copy) and this one has no default model, it is registered again.
 * Synchronous: call after the library's start-up file check, which moves folders no row owns aside first.
 */
export function ensureFirstRun(library: LibraryStore, o: FirstRunOptions): FirstRunResult | null {
  const marker = join(o.dataDir, FIRST_RUN_MARKER)
  const save = (r: FirstRunResult) => writeAtomic(marker, [Buffer.from(JSON.stringify(r))])
  if (existsSync(marker)) {
    const prev = JSON.parse(readFileSync(marker, 'utf8')) as FirstRunResult | null
    if (!prev || prev.libraryId === libraryId(library.db)) return prev
    const runId = defaultRun(library)
    if (runId !== undefined) {
      const kept = { ...prev, runId, libraryId: libraryId(library.db) }
      save(kept)
      return kept
    }
  } else if (!isNewDataFolder(library, o.dataDir)) {
    writeFileSync(marker, 'null')
    return null
  }
  const dir = defaultModelDir(o.resourcesDir === undefined ? findResourcesDir() : o.resourcesDir)
  const result = register(library, dir, readDefaultModel(dir))
  save(result)
  return result
}

/** ensureFirstRun for the service start-up: logs and swallows errors (the app starts without examples then). */
export function firstStart(library: LibraryStore, dataDir: string): FirstRunResult | null {
  try {
    return ensureFirstRun(library, { dataDir })
  } catch (err) {
    console.error('first start (default model, examples) failed:', err)
    return null
  }
}

/** The library run id of the default model in a data folder (from first start's marker), or null. */
export function defaultRunId(dataDir: string): number | null {
  const marker = join(dataDir, FIRST_RUN_MARKER)
  if (!existsSync(marker)) return null
  const r = JSON.parse(readFileSync(marker, 'utf8')) as FirstRunResult | null
  return r?.runId ?? null
}
