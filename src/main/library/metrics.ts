import type { Db } from './db'
import { stmt } from './statements'
import { applyRollup, rebuildRollupAfter } from './rollup'
import type { MetricRow } from './types'

const INSERT_SQL = `INSERT INTO metrics (run_id, step, epoch, g_loss, d_loss, gp, w_dist, lr_g, lr_d,
  wall_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

const n = (v: number | null | undefined) => (v === undefined || Number.isNaN(v) ? null : v)

/**
 * Insert one run's rows and merge them into the roll-up. Call inside a transaction (the writer's or the
 * checkpoint's): rows and roll-up commit together (L2). A repeated step throws (T4 keeps steps unique).
 */
export function insertMetricRows(db: Db, runId: number, rows: readonly MetricRow[]): void {
  if (!rows.length) return
  const insert = stmt(db, INSERT_SQL)
  for (const r of rows)
    insert.run(
      runId,
      r.step,
      r.epoch,
      n(r.gLoss),
      n(r.dLoss),
      n(r.gp),
      n(r.wDist),
      n(r.lrG),
      n(r.lrD),
      n(r.wallMs)
    )
  applyRollup(db, runId, rows)
}

/** Raw rows after a step, in step order (the chart's incremental update; L2: <= 5 ms). */
export function metricRowsAfter(db: Db, runId: number, afterStep: number, limit = 10_000) {
  return stmt(
    db,
    `SELECT step, epoch, g_loss AS gLoss, d_loss AS dLoss, gp, w_dist AS wDist, lr_g AS lrG,
       lr_d AS lrD, wall_ms AS wallMs FROM metrics WHERE run_id = ? AND step > ?
       ORDER BY step LIMIT ?`
  ).all(runId, afterStep, limit) as Required<MetricRow>[]
}

/** Delete a run's rows after a step and fix the roll-up; inside the caller's transaction (T4). */
export function deleteMetricsAfter(db: Db, runId: number, step: number): number {
  const { changes } = db
    .prepare('DELETE FROM metrics WHERE run_id = ? AND step > ?')
    .run(runId, step)
  rebuildRollupAfter(db, runId, step)
  return changes
}

/**
 * Delete up to `chunk` of a run's metric rows (then its roll-up rows) in one transaction (L5: <= 10,000 per
 * transaction, so no block exceeds 50 ms). Returns how many went; 0 when none are left.
 */
export function deleteMetricsChunk(db: Db, runId: number, chunk = 10_000): number {
  return db
    .transaction(() => {
      const edge = db
        .prepare('SELECT step FROM metrics WHERE run_id = ? ORDER BY step LIMIT 1 OFFSET ?')
        .get(runId, chunk - 1) as { step: number } | undefined
      const gone = edge
        ? db.prepare('DELETE FROM metrics WHERE run_id = ? AND step <= ?').run(runId, edge.step)
        : db.prepare('DELETE FROM metrics WHERE run_id = ?').run(runId)
      if (gone.changes >= chunk) return gone.changes
      const room = chunk - gone.changes
      const r = db
        .prepare(
          'SELECT level, bucket FROM metric_rollup WHERE run_id = ? ORDER BY level, bucket LIMIT 1 OFFSET ?'
        )
        .get(runId, room - 1) as { level: number; bucket: number } | undefined
      const rolled = r
        ? db
            .prepare(
              `DELETE FROM metric_rollup WHERE run_id = ? AND (level < ? OR (level = ? AND bucket <= ?))`
            )
            .run(runId, r.level, r.level, r.bucket)
        : db.prepare('DELETE FROM metric_rollup WHERE run_id = ?').run(runId)
      return gone.changes + rolled.changes
    })
    .immediate()
}
