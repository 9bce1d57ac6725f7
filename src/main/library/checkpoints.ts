import type { Db } from './db'
import { deleteMetricsAfter, insertMetricRows } from './metrics'
import type { FileStatus, MetricRow } from './types'

/** A checkpoint row: the file (relative to the data folder) and the checksum it was written with. */
export interface CheckpointRecord {
  id: number
  runId: number
  epoch: number
  step: number
  file: string
  sha256: string
  size: number
  fileStatus: FileStatus
  createdAt: number
}

/** What the engine reports after writing a checkpoint file atomically (file relative to the data folder). */
export interface NewCheckpoint {
  epoch: number
  step: number
  file: string
  sha256: string
  size: number
}

const COLS = `id, run_id AS runId, epoch, step, file, sha256, size, file_status AS fileStatus,
  created_at AS createdAt`

/** A run's checkpoints, oldest first. */
export function listCheckpoints(db: Db, runId: number): CheckpointRecord[] {
  return db
    .prepare(`SELECT ${COLS} FROM checkpoints WHERE run_id = ? ORDER BY step`)
    .all(runId) as CheckpointRecord[]
}

/** One checkpoint by id. */
export function getCheckpoint(db: Db, id: number): CheckpointRecord | undefined {
  return db.prepare(`SELECT ${COLS} FROM checkpoints WHERE id = ?`).get(id) as CheckpointRecord
}

/**
 * Commit a checkpoint row together with the loss rows up to its step (T4: one transaction boundary), and drop
 * rows of all but the newest `keep` checkpoints. Returns the files of dropped rows: unlink them after this
 * returns (a crash in between leaves orphans, which the start-up check removes; never a row without its file).
 */
export function recordCheckpoint(
  db: Db,
  runId: number,
  ckpt: NewCheckpoint,
  rows: readonly MetricRow[] = [],
  keep = Infinity
): { id: number; droppedFiles: string[] } {
  return db
    .transaction(() => {
      if (rows.some((r) => r.step > ckpt.step))
        throw new Error('rows after the checkpoint step belong to the next transaction')
      insertMetricRows(db, runId, rows)
      // A second write at a step replaced the file: the row follows it, so its sha256 always matches (issue 11 item 2).
      const id = db
        .prepare(
          `INSERT INTO checkpoints (run_id, epoch, step, file, sha256, size, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (run_id, step) DO UPDATE SET epoch = excluded.epoch, file = excluded.file,
             sha256 = excluded.sha256, size = excluded.size, file_status = 'ok',
             created_at = excluded.created_at
           RETURNING id`
        )
        .pluck()
        .get(runId, ckpt.epoch, ckpt.step, ckpt.file, ckpt.sha256, ckpt.size, Date.now()) as number
      db.prepare('UPDATE runs SET updated_at = ? WHERE id = ?').run(Date.now(), runId)
      return { id, droppedFiles: keep === Infinity ? [] : pruneRows(db, runId, keep) }
    })
    .immediate()
}

function pruneRows(db: Db, runId: number, keep: number): string[] {
  const old = db
    .prepare(
      `SELECT id, file FROM checkpoints WHERE run_id = ? ORDER BY step DESC LIMIT -1 OFFSET ?`
    )
    .all(runId, keep) as { id: number; file: string }[]
  const del = db.prepare('DELETE FROM checkpoints WHERE id = ?')
  const evals = db.prepare(
    `DELETE FROM evaluations WHERE subject_kind = 'checkpoint' AND subject_id = ?`
  )
  for (const c of old) {
    del.run(c.id)
    evals.run(c.id)
  }
  return old.map((c) => c.file)
}

/** Mark a checkpoint's file as missing or corrupt (resume then skips it; the row stays). */
export function setCheckpointFileStatus(db: Db, id: number, status: FileStatus): void {
  db.prepare('UPDATE checkpoints SET file_status = ? WHERE id = ?').run(status, id)
}

/** What resumeRun removed: counts, and files to unlink after it returns. */
export interface ResumeResult {
  deletedMetricRows: number
  deletedSamples: number
  droppedFiles: string[]
}

/**
 * Prepare a run to continue from the checkpoint at `step` (null: killed before the first checkpoint, start
 * over). In ONE transaction (T4): delete metric rows, samples and checkpoints after that step, fix the
 * roll-up, and mark the run running (and resumed, counting resumes, when it had started before).
 */
export function resumeRun(db: Db, runId: number, step: number | null): ResumeResult {
  const s = step ?? -1
  return db
    .transaction(() => {
      const files = db
        .prepare(
          `SELECT file FROM checkpoints WHERE run_id = ? AND step > ?
         UNION ALL SELECT raw_file FROM samples WHERE run_id = ? AND step > ? AND raw_file IS NOT NULL`
        )
        .pluck()
        .all(runId, s, runId, s) as string[]
      db.prepare('DELETE FROM checkpoints WHERE run_id = ? AND step > ?').run(runId, s)
      const samples = db
        .prepare('DELETE FROM samples WHERE run_id = ? AND step > ?')
        .run(runId, s).changes
      const deleted = deleteMetricsAfter(db, runId, s)
      const now = Date.now()
      db.prepare(
        `UPDATE runs SET status = 'running', updated_at = @now, finished_at = NULL, error = NULL,
         resume_count = resume_count + (started_at IS NOT NULL),
         resumed_at = CASE WHEN started_at IS NOT NULL THEN @now ELSE resumed_at END,
         started_at = coalesce(started_at, @now) WHERE id = @runId`
      ).run({ now, runId })
      return { deletedMetricRows: deleted, deletedSamples: samples, droppedFiles: files }
    })
    .immediate()
}
