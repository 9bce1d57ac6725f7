import { emaSmooth } from './smoothing'

/** One downsampled bucket of a loss curve, as the library's min/max/mean query returns it. */
export interface CurveBucket {
  step: number
  /** Epoch of the bucket, fractional inside an epoch (step / steps per epoch). */
  epoch: number
  mean: number
  min: number
  max: number
}

/** The losses a WGAN-GP run records for every batch (MODEL.md): G, D (critic), gradient penalty, Wasserstein estimate. */
export const LOSS_METRICS = [
  { key: 'g', label: 'G loss' },
  { key: 'd', label: 'D loss' },
  { key: 'gp', label: 'Gradient penalty' },
  { key: 'wasserstein', label: 'Wasserstein estimate' }
] as const

/** Key of one recorded loss. */
export type LossKey = (typeof LOSS_METRICS)[number]['key']

/** Which x the curves are drawn and aligned against. */
export type XAxis = 'step' | 'epoch'

/** One line of a chart: a run's metric, appended to as the run trains. */
export interface CurveSeries {
  id: string
  label: string
  color: string
  buckets: CurveBucket[]
}

/** Columns of one series after alignment to its own x values. */
export interface SeriesColumns {
  xs: number[]
  mean: (number | null)[]
  min: (number | null)[]
  max: (number | null)[]
}

/** A series' columns for the chosen x axis with the EMA applied to the mean (min/max stay raw: they are the band). */
export function toColumns(s: CurveSeries, x: XAxis, smoothing: number): SeriesColumns {
  const xs = s.buckets.map((b) => (x === 'step' ? b.step : b.epoch))
  const mean = emaSmooth(
    s.buckets.map((b) => b.mean),
    smoothing
  )
  return { xs, mean, min: s.buckets.map((b) => b.min), max: s.buckets.map((b) => b.max) }
}
