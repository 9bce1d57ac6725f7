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

/** The series a curve can show; each has a roll-up (L2). wallMs gives the step-time series. */
export const CHART_METRICS = ['gLoss', 'dLoss', 'gp', 'wDist', 'lrG', 'lrD', 'wallMs'] as const

/** What a curve query reads when the caller names no metrics: the four loss-chart series. */
export const LOSS_METRICS = ['gLoss', 'dLoss', 'gp', 'wDist'] as const

/** Name of one charted series. */
export type ChartMetric = (typeof CHART_METRICS)[number]

/** Per-bucket min, max and mean of one series; null where a bucket holds no value of it. */
export interface CurveSeries {
  min: (number | null)[]
  max: (number | null)[]
  mean: (number | null)[]
}

/**
 * A downsampled curve of one run, columnar for uPlot. x is the first step (or the epoch) of each bucket. Only the
 * requested metrics' series are filled (the others are empty arrays); stepSeconds comes with 'wallMs'.
 */
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
  /** Mean seconds per step in each bucket, from wall time (null where unknown); filled when wallMs is asked. */
  stepSeconds: (number | null)[]
}

/** Status of a training run. 'deleting' hides a run whose rows are being removed in chunks (L5). */
export type RunStatus =
  'created' | 'running' | 'paused' | 'stopped' | 'completed' | 'failed' | 'deleting'

/** State of a file a row points at, as the start-up check last found it. */
export type FileStatus = 'ok' | 'missing' | 'corrupt'
