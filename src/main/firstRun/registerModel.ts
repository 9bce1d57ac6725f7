// Registering one shipped model in a library: a finished run with its generator as the one checkpoint (so the generate
// API and the Train/Compare views see it like any run), its loss log, and its example pieces tagged 'example'.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { LibraryStore, MetricRow } from '../library/index'
import { createPiece, createRun, setRunBackend, setRunStatus } from '../library/index'
import type { Piece } from '../../shared/music/piece'
import { writeAtomic } from '../ml/checkpoint'
import type { DefaultModelRecord } from './defaultModel'
import { shippedReason, type ShippedModel } from './shippedModels'

/** Tag of the shipped example pieces. */
export const EXAMPLE_TAG = 'example'

/** losses.json: the training log, columnar (null where a step had no generator update). */
export interface LossLog {
  step: number[]
  epoch: number[]
  gLoss: (number | null)[]
  dLoss: number[]
  gp: number[]
  wDist: number[]
}

/** A shipped model's run in a library, its checkpoint and its example pieces (the first is the newest). */
export interface ShippedRun {
  runId: number
  checkpointId: number
  pieceIds: number[]
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

/**
 * Register a shipped model in one transaction, its run named as its model.json names it. Its example pieces are dated
 * just before the library's oldest piece (now on an empty library), so a model added by an app update never takes the
 * place of the user's latest piece, the one Compose opens on.
 */
export function registerModel(
  library: LibraryStore,
  model: ShippedModel,
  record: DefaultModelRecord
): ShippedRun {
  const db = library.db
  const { dir } = model
  const log = JSON.parse(readFileSync(join(dir, record.losses), 'utf8')) as LossLog
  const examples = record.examples.map((e) => ({
    e,
    piece: JSON.parse(readFileSync(join(dir, '..', '..', 'examples', e.file), 'utf8')) as Piece
  }))
  const bytes = readFileSync(join(dir, record.generator.file))
  return db
    .transaction((): ShippedRun => {
      const runId = createRun(db, {
        name: record.name,
        preset: record.config.preset,
        config: record.config
      })
      setRunBackend(db, runId, record.backend, shippedReason(model.id))
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
      const oldest = db.prepare('SELECT min(updated_at) FROM pieces').pluck().get() as number | null
      const t0 = oldest === null ? Date.now() : oldest - 1
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
      return { runId, checkpointId, pieceIds }
    })
    .immediate()
}
