import type { Db } from './db'

/** What an evaluation is about. 'dataset' rows are the real-data reference values. */
export type SubjectKind = 'dataset' | 'run' | 'checkpoint' | 'sample' | 'piece'

/** One metric value of one subject (variant: e.g. 'all-steps', 'drums-out' for polyphony). */
export interface Evaluation {
  subjectKind: SubjectKind
  subjectId: number
  metric: string
  variant?: string
  value: number
}

/** Store evaluations (replacing an earlier value of the same subject, metric and variant) in one transaction. */
export function putEvaluations(db: Db, rows: readonly Evaluation[]): void {
  const up = db.prepare(
    `INSERT INTO evaluations (subject_kind, subject_id, metric, variant, value, created_at)
     VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (subject_kind, subject_id, metric, variant)
     DO UPDATE SET value = excluded.value, created_at = excluded.created_at`
  )
  const now = Date.now()
  db.transaction(() => {
    for (const r of rows)
      up.run(r.subjectKind, r.subjectId, r.metric, r.variant ?? '', r.value, now)
  }).immediate()
}

/** Every evaluation of one subject. */
export function evaluationsOf(db: Db, kind: SubjectKind, id: number): Required<Evaluation>[] {
  return db
    .prepare(
      `SELECT subject_kind AS subjectKind, subject_id AS subjectId, metric, variant, value
       FROM evaluations WHERE subject_kind = ? AND subject_id = ? ORDER BY metric, variant`
    )
    .all(kind, id) as Required<Evaluation>[]
}

/** One row of the compare view's metrics table: a metric, the real data's value, and each run's. */
export interface MetricsTableRow {
  metric: string
  variant: string
  real: number | null
  runs: Record<number, number | null>
}

/**
 * The metrics table for a set of runs against the real data: a run's value is its own evaluation, else that of
 * its newest evaluated checkpoint; 'real' is the evaluation of the first run's dataset.
 */
export function metricsTable(db: Db, runIds: readonly number[]): MetricsTableRow[] {
  const rows = new Map<string, MetricsTableRow>()
  const row = (metric: string, variant: string) => {
    const key = `${metric}\u0000${variant}`
    let r = rows.get(key)
    if (!r) rows.set(key, (r = { metric, variant, real: null, runs: {} }))
    return r
  }
  const ofRun = db.prepare(
    `SELECT metric, variant, value FROM evaluations WHERE subject_kind = 'run' AND subject_id = ?
     UNION ALL SELECT e.metric, e.variant, e.value FROM evaluations e
     JOIN checkpoints c ON e.subject_kind = 'checkpoint' AND e.subject_id = c.id
     WHERE c.run_id = ? AND NOT EXISTS (SELECT 1 FROM evaluations x WHERE x.subject_kind = 'run'
       AND x.subject_id = c.run_id AND x.metric = e.metric AND x.variant = e.variant)
     AND c.step = (SELECT max(c2.step) FROM checkpoints c2 JOIN evaluations e2
       ON e2.subject_kind = 'checkpoint' AND e2.subject_id = c2.id AND e2.metric = e.metric
       AND e2.variant = e.variant WHERE c2.run_id = c.run_id)`
  )
  for (const id of runIds)
    for (const e of ofRun.all(id, id) as { metric: string; variant: string; value: number }[])
      row(e.metric, e.variant).runs[id] = e.value
  const ds = db.prepare('SELECT dataset_id AS d FROM runs WHERE id = ?').get(runIds[0] ?? -1) as
    { d: number | null } | undefined
  if (ds?.d != null)
    for (const e of evaluationsOf(db, 'dataset', ds.d)) row(e.metric, e.variant).real = e.value
  for (const r of rows.values()) for (const id of runIds) r.runs[id] ??= null
  return [...rows.values()].sort((a, b) =>
    a.metric === b.metric ? a.variant.localeCompare(b.variant) : a.metric.localeCompare(b.metric)
  )
}

/** Delete every evaluation of a subject (e.g. before re-evaluating it). Returns how many went. */
export function deleteEvaluations(db: Db, kind: SubjectKind, id: number): number {
  return db
    .prepare('DELETE FROM evaluations WHERE subject_kind = ? AND subject_id = ?')
    .run(kind, id).changes
}
