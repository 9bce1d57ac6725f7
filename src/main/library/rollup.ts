import type { Db } from './db'
import { stmt } from './statements'
import { CHART_METRICS, type MetricRow } from './types'

/** Column prefix and metrics column of each charted series, in roll-up column order. */
export const ROLLUP_COLUMNS = [
  ['g', 'g_loss'],
  ['d', 'd_loss'],
  ['gp', 'gp'],
  ['w', 'w_dist'],
  ['lg', 'lr_g'],
  ['ld', 'lr_d'],
  ['wt', 'wall_ms']
] as const

/**
 * Step levels 2..8: bucket width 4^k steps (16 .. 65,536). Level 0 buckets by epoch. No width-4 level: it would
 * hold a quarter as many rows as the run and double the upserts per batch, for charts of runs under 16k steps
 * that read their raw rows quickly anyway.
 */
export const STEP_LEVELS = [2, 3, 4, 5, 6, 7, 8] as const

/** Width in steps of a roll-up level (k >= 1). */
export const levelWidth = (k: number): number => 4 ** k

// [n, stepMin, stepMax, epochMin, epochMax, then per metric: count, min, max, sum]
type Agg = (number | null)[]

const STAT_COLS = ROLLUP_COLUMNS.map(([m]) => `${m}_n, ${m}_min, ${m}_max, ${m}_sum`).join(', ')
const MERGE = ROLLUP_COLUMNS.map(
  ([m]) =>
    `${m}_n = ${m}_n + excluded.${m}_n, ${m}_sum = ${m}_sum + excluded.${m}_sum,
     ${m}_min = CASE WHEN ${m}_min IS NULL OR excluded.${m}_min < ${m}_min THEN excluded.${m}_min ELSE ${m}_min END,
     ${m}_max = CASE WHEN ${m}_max IS NULL OR excluded.${m}_max > ${m}_max THEN excluded.${m}_max ELSE ${m}_max END`
).join(',\n')

/** Upsert that merges a batch's bucket aggregate into the stored bucket. */
export const UPSERT_SQL = `INSERT INTO metric_rollup (run_id, level, bucket, n, step_min, step_max, epoch_min,
  epoch_max, ${STAT_COLS}) VALUES (${Array(8 + 4 * ROLLUP_COLUMNS.length)
    .fill('?')
    .join(', ')})
  ON CONFLICT (run_id, level, bucket) DO UPDATE SET n = n + excluded.n,
  step_min = min(step_min, excluded.step_min), step_max = max(step_max, excluded.step_max),
  epoch_min = min(epoch_min, excluded.epoch_min), epoch_max = max(epoch_max, excluded.epoch_max),
  ${MERGE}`

function newAgg(row: MetricRow): Agg {
  const a: Agg = [0, row.step, row.step, row.epoch, row.epoch]
  for (let i = 0; i < CHART_METRICS.length; i++) a.push(0, null, null, 0)
  return a
}

function addToAgg(a: Agg, row: MetricRow): void {
  a[0] = (a[0] as number) + 1
  a[1] = Math.min(a[1] as number, row.step)
  a[2] = Math.max(a[2] as number, row.step)
  a[3] = Math.min(a[3] as number, row.epoch)
  a[4] = Math.max(a[4] as number, row.epoch)
  CHART_METRICS.forEach((name, i) => {
    const v = row[name]
    if (v === null || v === undefined || Number.isNaN(v)) return
    const o = 5 + 4 * i
    a[o] = (a[o] as number) + 1
    a[o + 1] = a[o + 1] === null ? v : Math.min(a[o + 1] as number, v)
    a[o + 2] = a[o + 2] === null ? v : Math.max(a[o + 2] as number, v)
    a[o + 3] = (a[o + 3] as number) + v
  })
}

/** Sum a batch of one run's rows into (level, bucket) aggregates, epoch level included. */
export function aggregateBatch(rows: readonly MetricRow[]): Map<string, Agg> {
  const out = new Map<string, Agg>()
  const add = (key: string, row: MetricRow) => {
    let a = out.get(key)
    if (!a) out.set(key, (a = newAgg(row)))
    addToAgg(a, row)
  }
  for (const row of rows) {
    add(`0:${row.epoch}`, row)
    for (const k of STEP_LEVELS) add(`${k}:${Math.floor(row.step / levelWidth(k))}`, row)
  }
  return out
}

/** Merge a batch into the roll-up; call inside the transaction that inserts the rows (L2). */
export function applyRollup(db: Db, runId: number, rows: readonly MetricRow[]): void {
  const upsert = stmt(db, UPSERT_SQL)
  for (const [key, agg] of aggregateBatch(rows)) {
    const [level, bucket] = key.split(':').map(Number)
    upsert.run(runId, level, bucket, ...agg)
  }
}

const RAW_STATS = ROLLUP_COLUMNS.map(
  ([, c]) => `count(${c}), min(${c}), max(${c}), coalesce(sum(${c}), 0)`
).join(', ')

/**
 * After rows with step > `step` were deleted: drop every bucket that reached past it and rebuild the partial
 * ones from the remaining rows (step < 0: drop all). Runs inside the caller's transaction (T4).
 */
export function rebuildRollupAfter(db: Db, runId: number, step: number): void {
  if (step < 0) {
    db.prepare('DELETE FROM metric_rollup WHERE run_id = ?').run(runId)
    return
  }
  const rebuild = (level: number, bucketExpr: string, where: string, args: number[]) =>
    db
      .prepare(
        `INSERT INTO metric_rollup SELECT run_id, ${level}, ${bucketExpr}, count(*), min(step),
         max(step), min(epoch), max(epoch), ${RAW_STATS} FROM metrics
         WHERE run_id = ? AND ${where} GROUP BY ${bucketExpr}`
      )
      .run(runId, ...args)
  const drop = db.prepare(
    'DELETE FROM metric_rollup WHERE run_id = ? AND level = ? AND (bucket >= ? OR step_max > ?)'
  )
  const last = db
    .prepare('SELECT epoch FROM metrics WHERE run_id = ? AND step <= ? ORDER BY step DESC LIMIT 1')
    .get(runId, step) as { epoch: number } | undefined
  drop.run(runId, 0, last ? last.epoch : 0, step)
  if (last) rebuild(0, 'epoch', 'epoch = ? AND step <= ?', [last.epoch, step])
  for (const k of STEP_LEVELS) {
    const b = Math.floor(step / levelWidth(k))
    drop.run(runId, k, b, step)
    rebuild(k, `(step >> ${2 * k})`, 'step >= ? AND step <= ?', [b * levelWidth(k), step])
  }
}
