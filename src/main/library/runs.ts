import type { Db } from './db'
import type { RunStatus } from './types'

/** A training run as stored (config kept as parsed JSON). */
export interface RunRecord {
  id: number
  name: string
  datasetId: number | null
  preset: string
  config: unknown
  backend: string | null
  backendReason: string | null
  status: RunStatus
  error: string | null
  resumedFromRunId: number | null
  resumeCount: number
  resumedAt: number | null
  createdAt: number
  startedAt: number | null
  updatedAt: number
  finishedAt: number | null
}

/** What a new run needs. */
export interface NewRun {
  name: string
  preset: string
  config: unknown
  datasetId?: number | null
  backend?: string | null
  backendReason?: string | null
  resumedFromRunId?: number | null
}

/** A runs-list row: the run plus its latest losses and counts. */
export interface RunRow extends RunRecord {
  datasetName: string | null
  lastStep: number | null
  lastEpoch: number | null
  lastGLoss: number | null
  lastDLoss: number | null
  lastGp: number | null
  lastWDist: number | null
  checkpoints: number
  lastCheckpointStep: number | null
  samples: number
}

const COLS = `id, name, dataset_id AS datasetId, preset, config_json AS config, backend,
  backend_reason AS backendReason, status, error, resumed_from_run_id AS resumedFromRunId,
  resume_count AS resumeCount, resumed_at AS resumedAt, created_at AS createdAt,
  started_at AS startedAt, updated_at AS updatedAt, finished_at AS finishedAt`

function parse<T extends { config: unknown }>(row: T | undefined): T | undefined {
  if (row) row.config = JSON.parse(row.config as string)
  return row
}

/** Insert a run; returns its id. */
export function createRun(db: Db, run: NewRun, now = Date.now()): number {
  const r = db
    .prepare(
      `INSERT INTO runs (name, dataset_id, preset, config_json, backend, backend_reason,
       resumed_from_run_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`
    )
    .run(
      run.name,
      run.datasetId ?? null,
      run.preset,
      JSON.stringify(run.config ?? {}),
      run.backend ?? null,
      run.backendReason ?? null,
      run.resumedFromRunId ?? null,
      now,
      now
    )
  return Number(r.lastInsertRowid)
}

/** One run by id, or undefined. */
export function getRun(db: Db, id: number): RunRecord | undefined {
  return parse(db.prepare(`SELECT ${COLS} FROM runs WHERE id = ?`).get(id) as RunRecord)
}

/** Change a run's status; 'running' stamps started_at once, end states stamp finished_at. */
export function setRunStatus(db: Db, id: number, status: RunStatus, error: string | null = null) {
  const now = Date.now()
  const done = ['stopped', 'completed', 'failed'].includes(status) ? now : null
  db.prepare(
    `UPDATE runs SET status = ?, error = ?, updated_at = ?,
     started_at = CASE WHEN ? = 'running' THEN coalesce(started_at, ?) ELSE started_at END,
     finished_at = coalesce(?, finished_at) WHERE id = ?`
  ).run(status, error, now, status, now, done, id)
}

/** Update the backend a run uses and why it was chosen (shown in the UI, stored with the run). */
export function setRunBackend(db: Db, id: number, backend: string, reason: string): void {
  db.prepare('UPDATE runs SET backend = ?, backend_reason = ?, updated_at = ? WHERE id = ?').run(
    backend,
    reason,
    Date.now(),
    id
  )
}

/** Rename a run. */
export function renameRun(db: Db, id: number, name: string): void {
  db.prepare('UPDATE runs SET name = ?, updated_at = ? WHERE id = ?').run(name, Date.now(), id)
}

const LAST = (col: string) =>
  `(SELECT ${col} FROM metrics m WHERE m.run_id = r.id AND ${col} IS NOT NULL
    ORDER BY m.step DESC LIMIT 1)`

const SUMMARY = `SELECT ${COLS.replace(/(^|,\s*)(\w+)/g, '$1r.$2')}, d.name AS datasetName,
  (SELECT max(step) FROM metrics m WHERE m.run_id = r.id) AS lastStep,
  ${LAST('epoch')} AS lastEpoch, ${LAST('g_loss')} AS lastGLoss,
  ${LAST('d_loss')} AS lastDLoss, ${LAST('gp')} AS lastGp, ${LAST('w_dist')} AS lastWDist,
  (SELECT count(*) FROM checkpoints c WHERE c.run_id = r.id) AS checkpoints,
  (SELECT max(step) FROM checkpoints c WHERE c.run_id = r.id AND c.file_status = 'ok')
    AS lastCheckpointStep,
  (SELECT count(*) FROM samples s WHERE s.run_id = r.id) AS samples
  FROM runs r LEFT JOIN datasets d ON d.id = r.dataset_id
  WHERE r.status != 'deleting'`

/** The runs list with summary metrics (newest first); runs being deleted are hidden. */
export function listRuns(db: Db): RunRow[] {
  const rows = db.prepare(`${SUMMARY} ORDER BY r.created_at DESC, r.id DESC`).all() as RunRow[]
  return rows.map((r) => parse(r) as RunRow)
}

/** One run with the summary metrics of listRuns (undefined when it is gone or being deleted). */
export function getRunRow(db: Db, id: number): RunRow | undefined {
  const row = db.prepare(`${SUMMARY} AND r.id = ?`).get(id) as RunRow | undefined
  return row && (parse(row) as RunRow)
}
