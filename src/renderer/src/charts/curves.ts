import { emaSmooth } from './smoothing'

/** One downsampled bucket of a loss curve, as the library's min/max/mean query returns it. */
export interface CurveBucket {
  /** Step or epoch of the bucket, whichever axis the curve was queried for. */
  x: number
  mean: number | null
  min: number | null
  max: number | null
}

/** The losses a WGAN-GP run records for every batch (docs/model.md): G, D (critic), gradient penalty, Wasserstein estimate. */
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

/** A series' columns with the EMA applied to the mean (min/max stay raw: they are the band). */
export function toColumns(s: CurveSeries, smoothing: number): SeriesColumns {
  const xs = s.buckets.map((b) => b.x)
  const mean = emaSmooth(
    s.buckets.map((b) => b.mean),
    smoothing
  )
  return { xs, mean, min: s.buckets.map((b) => b.min), max: s.buckets.map((b) => b.max) }
}

/** Buckets from the columnar form the API returns (x, min, max, mean arrays of one length). */
export function bucketsFromColumns(c: {
  x: readonly number[]
  min: readonly (number | null)[]
  max: readonly (number | null)[]
  mean: readonly (number | null)[]
}): CurveBucket[] {
  return c.x.map((x, i) => ({ x, mean: c.mean[i], min: c.min[i], max: c.max[i] }))
}
