import type { Db } from './db'
import { stmt } from './statements'
import { ROLLUP_COLUMNS, STEP_LEVELS, levelWidth } from './rollup'
import {
  CHART_METRICS,
  LOSS_METRICS,
  type ChartMetric,
  type Curve,
  type CurveSeries
} from './types'

/** Options of a curve query: target point count, an optional step window, and the series to read. */
export interface CurveOptions {
  points?: number
  fromStep?: number
  toStep?: number
  /** Default: the four loss series. Each extra series costs read time (L2). */
  metrics?: readonly ChartMetric[]
}

// Row layout shared by raw rows and roll-up rows: key, n, stepMin, stepMax, then count/min/max/sum per series.
type Row = (number | null)[]

/** Indexes into CHART_METRICS / ROLLUP_COLUMNS of the asked series. */
const indexesOf = (metrics: readonly ChartMetric[] = LOSS_METRICS) =>
  CHART_METRICS.flatMap((m, i) => (metrics.includes(m) ? [i] : []))

const statCols = (idx: number[]) =>
  idx.map((i) => ROLLUP_COLUMNS[i][0]).map((m) => `${m}_n, ${m}_min, ${m}_max, ${m}_sum`)
const rawCols = (idx: number[]) => idx.map((i) => ROLLUP_COLUMNS[i][1])

/** A raw row [step, v...] in the roll-up row layout (one-row bucket), built in JS: fewer columns to read. */
function rawAsBucket(r: (number | null)[]): Row {
  const out: Row = [r[0], 1, r[0], r[0]]
  for (let i = 1; i < r.length; i++) {
    const v = r[i]
    if (v === null) out.push(0, null, null, 0)
    else out.push(1, v, v, v)
  }
  return out
}

function emptyCurve(runId: number, align: Curve['align'], width: number, source: Curve['source']) {
  const series = {} as Record<ChartMetric, CurveSeries>
  for (const m of CHART_METRICS) series[m] = { min: [], max: [], mean: [] }
  const curve: Curve = {
    runId,
    align,
    bucketWidth: width,
    source,
    x: [],
    stepMax: [],
    count: [],
    series,
    stepSeconds: []
  }
  return curve
}

/** Append one finished bucket's figures to the curve. */
function pushBucket(curve: Curve, stat: number[], idx: number[]): void {
  curve.x.push(stat[0])
  curve.stepMax.push(stat[1])
  curve.count.push(stat[2])
  for (let j = 0, t = 3; j < idx.length; j++, t += 4) {
    const n = stat[t]
    const s = curve.series[CHART_METRICS[idx[j]]]
    s.min.push(n ? stat[t + 1] : null)
    s.max.push(n ? stat[t + 2] : null)
    s.mean.push(n ? stat[t + 3] / n : null)
  }
}

/** Merge rows (ordered by step) into output buckets chosen by keyOf; one pass, no per-bucket objects. */
function mergeRows(curve: Curve, rows: Row[], idx: number[], keyOf: (r: Row) => number): Curve {
  let key = NaN
  let stat: number[] = []
  for (const r of rows) {
    const k = keyOf(r)
    if (k !== key) {
      if (!Number.isNaN(key)) pushBucket(curve, stat, idx)
      key = k
      stat = [r[2] as number, r[3] as number, 0]
      for (let j = 0; j < idx.length; j++) stat.push(0, Infinity, -Infinity, 0)
    }
    stat[1] = Math.max(stat[1], r[3] as number)
    stat[2] += r[1] as number
    for (let j = 0, o = 4, t = 3; j < idx.length; j++, o += 4, t += 4) {
      const n = r[o] as number
      if (!n) continue
      stat[t] += n
      stat[t + 1] = Math.min(stat[t + 1], r[o + 1] as number)
      stat[t + 2] = Math.max(stat[t + 2], r[o + 2] as number)
      stat[t + 3] += r[o + 3] as number
    }
  }
  if (!Number.isNaN(key)) pushBucket(curve, stat, idx)
  return withStepSeconds(curve)
}

/** Mean seconds per step per bucket: wall-time span over step span (wall time is cumulative within a session). */
function withStepSeconds(curve: Curve): Curve {
  const wall = curve.series.wallMs
  if (!wall.max.length) return curve
  curve.stepSeconds = curve.x.map((x, i) => {
    const [lo, hi, steps] = [wall.min[i], wall.max[i], curve.stepMax[i] - x]
    return lo === null || hi === null || steps <= 0 || hi < lo ? null : (hi - lo) / steps / 1000
  })
  return curve
}

/** Last step recorded for a run (-1 when it has none): one primary-key seek. */
export function lastStep(db: Db, runId: number): number {
  const r = stmt(db, 'SELECT max(step) AS s FROM metrics WHERE run_id = ?').get(runId) as {
    s: number | null
  }
  return r.s ?? -1
}

/**
 * One run's curves downsampled to between points/2 and points buckets of equal step width (min, max, mean
 * each). Reads at most ~2 x points roll-up rows: the coarsest level at most twice the wanted bucket (L2). Runs
 * shorter than ~8 x points steps read their raw rows (at most 16k for 2,000 points).
 */
export function stepCurve(db: Db, runId: number, options: CurveOptions = {}): Curve {
  const points = Math.max(1, Math.floor(options.points ?? 2000))
  const from = Math.max(0, options.fromStep ?? 0)
  const to = options.toStep ?? lastStep(db, runId)
  const want = Math.max(1, Math.ceil((to - from + 1) / points))
  // Buckets may come out up to 2x wider than asked (N/2..N points) so at most ~2N rows are read.
  const level = [...STEP_LEVELS].reverse().find((k) => levelWidth(k) <= 2 * want) ?? 0
  const idx = indexesOf(options.metrics)
  if (to < from) return emptyCurve(runId, 'step', want, level ? 'rollup' : 'raw')
  if (level === 0) {
    const rows = stmt(
      db,
      `SELECT ${['step', ...rawCols(idx)].join(', ')} FROM metrics
         WHERE run_id = ? AND step >= ? AND step <= ? ORDER BY step`
    )
      .raw()
      .all(runId, from, to) as Row[]
    return mergeRows(emptyCurve(runId, 'step', want, 'raw'), rows.map(rawAsBucket), idx, (r) =>
      Math.floor((r[0] as number) / want)
    )
  }
  const lw = levelWidth(level)
  const width = lw * Math.ceil(want / lw)
  const rows = stmt(
    db,
    `SELECT ${['bucket, n, step_min, step_max', ...statCols(idx)].join(', ')} FROM metric_rollup
       WHERE run_id = ? AND level = ? AND bucket >= ? AND bucket <= ? ORDER BY bucket`
  )
    .raw()
    .all(runId, level, Math.floor(from / lw), Math.floor(to / lw)) as Row[]
  return mergeRows(emptyCurve(runId, 'step', width, 'rollup'), rows, idx, (r) =>
    Math.floor(((r[0] as number) * lw) / width)
  )
}

/** One run's curves with one point per epoch (x = epoch), from the epoch roll-up level. */
export function epochCurve(
  db: Db,
  runId: number,
  metrics: readonly ChartMetric[] = LOSS_METRICS
): Curve {
  const idx = indexesOf(metrics)
  const rows = stmt(
    db,
    `SELECT ${['bucket, n, step_min, step_max', ...statCols(idx)].join(', ')} FROM metric_rollup
       WHERE run_id = ? AND level = 0 ORDER BY bucket`
  )
    .raw()
    .all(runId) as Row[]
  const curve = mergeRows(emptyCurve(runId, 'epoch', 1, 'rollup'), rows, idx, (r) => r[0] as number)
  curve.x = rows.map((r) => r[0] as number)
  return curve
}

/**
 * Curves of several runs on one x axis: by epoch, or by step with the same window and bucket width for all
 * (the window spans the longest run), so overlaid points line up.
 */
export function alignedCurves(
  db: Db,
  runIds: readonly number[],
  align: 'step' | 'epoch',
  points = 2000,
  metrics: readonly ChartMetric[] = LOSS_METRICS
): Curve[] {
  if (align === 'epoch') return runIds.map((id) => epochCurve(db, id, metrics))
  const to = Math.max(-1, ...runIds.map((id) => lastStep(db, id)))
  return runIds.map((id) => stepCurve(db, id, { points, fromStep: 0, toStep: to, metrics }))
}
