/** One training step's metrics as the trainer records it (every batch; G may be null on critic-only steps). */
export interface MetricRow {
  step: number
  epoch: number
  gLoss?: number | null
  dLoss?: number | null
  /** Gradient penalty term (before lambda). */
  gp?: number | null
  /** Wasserstein estimate: mean critic(real) - mean critic(fake). */
  wDist?: number | null
  lrG?: number | null
  lrD?: number | null
  /** Milliseconds since the run (this session of it) started. */
  wallMs?: number | null
}

/** The series the loss chart draws; each has a roll-up (L2). */
export const CHART_METRICS = ['gLoss', 'dLoss', 'gp', 'wDist'] as const

/** Name of one charted series. */
export type ChartMetric = (typeof CHART_METRICS)[number]

/** Per-bucket min, max and mean of one series; null where a bucket holds no value of it. */
export interface CurveSeries {
  min: (number | null)[]
  max: (number | null)[]
  mean: (number | null)[]
}

/** A downsampled curve of one run, columnar for uPlot. x is the first step (or the epoch) of each bucket. */
export interface Curve {
  runId: number
  /** 'step': buckets of bucketWidth steps; 'epoch': one point per epoch. */
  align: 'step' | 'epoch'
  bucketWidth: number
  source: 'raw' | 'rollup'
  x: number[]
  stepMax: number[]
  count: number[]
  series: Record<ChartMetric, CurveSeries>
}

/** Status of a training run. 'deleting' hides a run whose rows are being removed in chunks (L5). */
export type RunStatus =
  'created' | 'running' | 'paused' | 'stopped' | 'completed' | 'failed' | 'deleting'

/** State of a file a row points at, as the start-up check last found it. */
export type FileStatus = 'ok' | 'missing' | 'corrupt'
