import type { Migration } from './types'

// Frozen copy of the roll-up layout at version 3: later code may change, this migration must not.
const METRICS = [
  ['g', 'g_loss'],
  ['d', 'd_loss'],
  ['gp', 'gp'],
  ['w', 'w_dist'],
  ['lg', 'lr_g'],
  ['ld', 'lr_d'],
  ['wt', 'wall_ms']
] as const
const LEVELS = [2, 3, 4, 5, 6, 7, 8]

const statColumns = METRICS.map(
  ([m]) =>
    `${m}_n INTEGER NOT NULL DEFAULT 0, ${m}_min REAL, ${m}_max REAL, ${m}_sum REAL NOT NULL DEFAULT 0`
).join(',\n      ')

const statSelect = METRICS.map(
  ([, c]) => `count(${c}), min(${c}), max(${c}), coalesce(sum(${c}), 0)`
).join(', ')

function backfill(level: number, bucketExpr: string): string {
  return `INSERT INTO metric_rollup SELECT run_id, ${level}, ${bucketExpr}, count(*),
    min(step), max(step), min(epoch), max(epoch), ${statSelect}
    FROM metrics GROUP BY run_id, ${bucketExpr}`
}

/**
 * Version 3: the loss-chart roll-up (L2). Level 0 buckets by epoch; level k in 2..8 buckets steps by 4^k.
 * Kept in the same transaction as the metric rows it sums; existing rows are backfilled here.
 */
export const migration003: Migration = {
  version: 3,
  name: 'rollup',
  steps: [
    `CREATE TABLE metric_rollup (
      run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
      level INTEGER NOT NULL,
      bucket INTEGER NOT NULL,
      n INTEGER NOT NULL,
      step_min INTEGER NOT NULL,
      step_max INTEGER NOT NULL,
      epoch_min INTEGER NOT NULL,
      epoch_max INTEGER NOT NULL,
      ${statColumns},
      PRIMARY KEY (run_id, level, bucket)
    ) WITHOUT ROWID`,
    backfill(0, 'epoch'),
    ...LEVELS.map((k) => backfill(k, `(step >> ${2 * k})`))
  ]
}
