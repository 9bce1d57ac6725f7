import { existsSync, rmSync } from 'node:fs'
import { setImmediate as tick } from 'node:timers/promises'
import type { Piece } from '../../shared/music/piece'
import { backupLibrary } from './backup'
import { LibraryDamagedError, isDamaged, listBackups } from './backups'
import {
  getCheckpoint,
  listCheckpoints,
  recordCheckpoint,
  resumeRun,
  setCheckpointFileStatus,
  type CheckpointRecord,
  type NewCheckpoint
} from './checkpoints'
import { alignedCurves, stepCurve, type CurveOptions } from './curves'
import { DataFiles } from './dataFiles'
import { deleteDatasetRows } from './datasets'
import { openLibraryDb, type Db, type OpenOptions } from './db'
import { hashFile } from './files'
import { checkFiles, type CheckOptions } from './integrity'
import { MetricWriter, type MetricWriterOptions } from './metricWriter'
import { finishPendingDeletes, recordPendingDeletes } from './ownership'
import { markInterrupted } from './interrupted'
import { acquireDataLock } from './lock'
import { deleteMetricsChunk, metricRowsAfter } from './metrics'
import { createPiece, deletePiece, type PieceOrigin } from './pieces'
import { listPieces, type PieceQuery } from './piecesQuery'
import { setRunStatus } from './runs'
import { deleteSample } from './samples'
import type { ChartMetric, MetricRow } from './types'

/** What resuming a run would start from (see LibraryStore.resumeCheck). */
export interface ResumeCheck {
  checkpoint: CheckpointRecord | null
  failed: { step: number; state: 'missing' | 'corrupt' }[]
  hasHistory: boolean
}

/** Why a run cannot resume without dropping its history, in words (the API and the worker say the same). */
export function noValidCheckpointMessage(failed: ResumeCheck['failed']): string {
  const which = failed.length
    ? ` (${failed.map((f) => `step ${f.step}: ${f.state === 'missing' ? 'file missing' : 'file damaged'}`).join(', ')})`
    : ''
  return (
    `None of this run’s checkpoints passed verification${which}. Resuming would start over at step 0 and ` +
    `drop its curves and samples, so nothing was changed. To do that, choose Restart from scratch.`
  )
}

/** Progress of a chunked delete (L5). */
export type DeleteProgress = (deletedRows: number) => void

/**
 * The library: one SQLite connection plus the files beside it. Plain Node (no electron); the domain functions
 * (runs.ts, pieces.ts...) take the connection as their first argument and can be used directly on `db`.
 * The operations here are the ones that touch files or span domains.
 */
export class LibraryStore {
  readonly db: Db
  readonly files: DataFiles

  private releaseLock?: () => void

  constructor(db: Db, dataDir: string, releaseLock?: () => void) {
    this.db = db
    this.files = new DataFiles(dataDir)
    this.releaseLock = releaseLock
  }

  /** Open (lock with lockAs, create, check, migrate) the library in a data folder. */
  static open(dataDir: string, options: OpenOptions = {}): LibraryStore {
    const files = new DataFiles(dataDir)
    const release = options.lockAs ? acquireDataLock(files.root, options.lockAs) : undefined
    try {
      return new LibraryStore(openLibraryDb(files.paths.database, options), files.root, release)
    } catch (err) {
      release?.()
      if (!isDamaged(err)) throw err
      const detail = (err instanceof Error ? err.message : String(err)).split('\n')[0]
      throw new LibraryDamagedError(
        files.paths.database,
        listBackups(files.root)[0] ?? null,
        detail
      )
    }
  }

  /** Close the connection (checkpointing the WAL into the main file), then release the folder's lock. */
  close(): void {
    if (this.db.open) this.db.close()
    this.releaseLock?.()
    this.releaseLock = undefined
  }

  /**
   * Start-up: finish deletes a crash interrupted (runs marked 'deleting', paths recorded in pending_deletes),
   * mark runs and imports a kill cut short as interrupted (with repair), then check files (tmp, missing, sha, folders no row owns); call before any writer starts. Repairs by
   * default; rows are kept, and nothing the library did not record as its own is deleted (it is moved aside).
   */
  async startup(options: CheckOptions = { repair: true }) {
    const pending = this.db
      .prepare(`SELECT id FROM runs WHERE status = 'deleting'`)
      .pluck()
      .all() as number[]
    for (const id of pending) await this.deleteRun(id)
    const finishedDeletes = finishPendingDeletes(this.db, this.files)
    const interrupted = options.repair ? markInterrupted(this.db, this.files) : undefined
    return { ...(await checkFiles(this.db, this.files, options)), finishedDeletes, interrupted }
  }

  /** A batched metric writer on this connection (the trainer's, in its worker). */
  metricWriter(options: MetricWriterOptions = {}): MetricWriter {
    return new MetricWriter(this.db, {
      ...options,
      onDroppedFiles: options.onDroppedFiles ?? ((f) => this.unlinkAll(f))
    })
  }

  /** Record a checkpoint written with writeFileAtomic (absolute or relative path) and its rows (T4). */
  recordCheckpoint(runId: number, ckpt: NewCheckpoint, rows: MetricRow[] = [], keep = 3): number {
    const res = recordCheckpoint(
      this.db,
      runId,
      { ...ckpt, file: this.files.toRel(ckpt.file) },
      rows,
      keep
    )
    this.unlinkAll(res.droppedFiles)
    return res.id
  }

  /** Resume a run from the checkpoint at `step` (null: none yet), then unlink the files it dropped (T4). */
  resumeRun(runId: number, step: number | null) {
    const res = resumeRun(this.db, runId, step)
    this.unlinkAll(res.droppedFiles)
    return res
  }

  /**
   * The newest checkpoint of a run whose file exists and matches its size and sha256 (T1: a truncated newest
   * file makes resume fall back to the previous one). Bad ones are marked missing/corrupt, never deleted.
   */
  async latestValidCheckpoint(runId: number): Promise<CheckpointRecord | null> {
    const all = listCheckpoints(this.db, runId).reverse()
    for (const c of all) {
      const abs = this.files.toAbs(c.file)
      const state = !existsSync(abs)
        ? 'missing'
        : (await hashFile(abs)).sha256 === c.sha256
          ? 'ok'
          : 'corrupt'
      if (state !== c.fileStatus) setCheckpointFileStatus(this.db, c.id, state)
      if (state === 'ok') return { ...c, fileStatus: 'ok' }
    }
    return null
  }

  /**
   * What resuming a run would do: continue from `checkpoint`, or (none valid) start over at step 0, which drops
   * the run's history when it has checkpoints (hasHistory). `failed` lists the ones that did not verify, newest first.
   */
  async resumeCheck(runId: number): Promise<ResumeCheck> {
    const checkpoint = await this.latestValidCheckpoint(runId)
    const failed = listCheckpoints(this.db, runId)
      .reverse()
      .filter((c) => c.fileStatus !== 'ok' && (!checkpoint || c.step > checkpoint.step))
      .map((c) => ({ step: c.step, state: c.fileStatus as 'missing' | 'corrupt' }))
    // Rows and samples after the resume point are dropped by every resume (T4); history at risk is checkpoints.
    const hasHistory = failed.length > 0
    return { checkpoint, failed, hasHistory }
  }

  /** Delete one checkpoint row, then its file. */
  deleteCheckpoint(id: number): void {
    const c = getCheckpoint(this.db, id)
    if (!c) return
    this.db
      .transaction(() => {
        this.db.prepare('DELETE FROM checkpoints WHERE id = ?').run(id)
        this.db
          .prepare(`DELETE FROM evaluations WHERE subject_kind = 'checkpoint' AND subject_id = ?`)
          .run(id)
      })
      .immediate()
    if (!this.isReferenced(c.file)) this.unlinkAll([c.file])
  }

  /** One run's downsampled curves (L2). */
  curve(runId: number, options?: CurveOptions) {
    return stepCurve(this.db, runId, options)
  }

  /** Curves of several runs on one axis (step or epoch); metrics default to the four loss series. */
  curves(
    runIds: number[],
    align: 'step' | 'epoch',
    points = 2000,
    metrics?: readonly ChartMetric[]
  ) {
    return alignedCurves(this.db, runIds, align, points, metrics)
  }

  /** Raw rows after a step (the live chart's increment). */
  rowsAfter(runId: number, step: number, limit?: number) {
    return metricRowsAfter(this.db, runId, step, limit)
  }

  /** Save a piece. */
  savePiece(title: string, piece: Piece, origin: PieceOrigin, tags: string[] = []): number {
    return createPiece(this.db, title, piece, origin, tags)
  }

  /** A page of pieces. */
  pieces(query?: PieceQuery) {
    return listPieces(this.db, query)
  }

  /** Delete a sample, and its raw output file when no other row points at it. */
  deleteSample(id: number): void {
    const file = deleteSample(this.db, id)
    if (file && !this.isReferenced(file)) this.unlinkAll([file])
  }

  /** Delete a piece, and its raw output file when no other row points at it. */
  deletePiece(id: number): void {
    const file = deletePiece(this.db, id)
    if (file && !this.isReferenced(file)) this.unlinkAll([file])
  }

  /**
   * Delete a run: mark it 'deleting' (hidden), remove its metric and roll-up rows in chunks of <= `chunk` rows
   * per transaction (default 5,000; L5 allows 10,000) yielding between them, then the run row (checkpoints, samples cascade) and its
   * folder. A crash midway leaves a 'deleting' run that startup() finishes.
   */
  async deleteRun(id: number, chunk = 5_000, onProgress?: DeleteProgress): Promise<void> {
    setRunStatus(this.db, id, 'deleting')
    let total = 0
    for (let n = deleteMetricsChunk(this.db, id, chunk); n > 0;) {
      total += n
      onProgress?.(total)
      await tick()
      n = deleteMetricsChunk(this.db, id, chunk)
    }
    const files = this.db
      .transaction(() => {
        const owned = this.db
          .prepare(
            `SELECT file FROM checkpoints WHERE run_id = ?
           UNION SELECT raw_file FROM samples WHERE run_id = ? AND raw_file IS NOT NULL`
          )
          .pluck()
          .all(id, id) as string[]
        this.db
          .prepare(
            `DELETE FROM evaluations WHERE (subject_kind = 'run' AND subject_id = ?)
           OR (subject_kind = 'checkpoint' AND subject_id IN (SELECT id FROM checkpoints WHERE run_id = ?))
           OR (subject_kind = 'sample' AND subject_id IN (SELECT id FROM samples WHERE run_id = ?))`
          )
          .run(id, id, id)
        this.db.prepare('DELETE FROM runs WHERE id = ?').run(id)
        const drop = [
          ...owned.filter((f) => !this.isReferenced(f)),
          this.files.toRel(this.files.runDir(id))
        ]
        recordPendingDeletes(this.db, drop)
        return drop
      })
      .immediate()
    finishPendingDeletes(this.db, this.files, files)
  }

  /** Delete a dataset's rows and its cache folder (runs and pieces keep their rows). */
  deleteDataset(id: number): void {
    const files = this.db
      .transaction(() => {
        const cache = deleteDatasetRows(this.db, id)
        const drop = [...(cache ? [cache] : []), this.files.toRel(this.files.datasetDir(id))]
        recordPendingDeletes(this.db, drop)
        return drop
      })
      .immediate()
    finishPendingDeletes(this.db, this.files, files)
  }

  /** Back up to a file through SQLite's backup API (S4). */
  backup(dest: string) {
    return backupLibrary(this.db, dest)
  }

  /** Checkpoint the WAL into the database file (call when idle; keeps the WAL small, L4). */
  checkpointWal(): void {
    this.db.pragma('wal_checkpoint(TRUNCATE)')
  }

  private isReferenced(file: string): boolean {
    return !!this.db
      .prepare(
        `SELECT 1 FROM checkpoints WHERE file = @f UNION ALL SELECT 1 FROM samples WHERE raw_file = @f
         UNION ALL SELECT 1 FROM pieces WHERE raw_file = @f LIMIT 1`
      )
      .get({ f: file })
  }

  private unlinkAll(files: string[]): void {
    for (const f of files) rmSync(this.files.toAbs(f), { force: true })
  }
}
