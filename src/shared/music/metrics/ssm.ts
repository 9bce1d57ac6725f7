import { FAMILY_COUNT } from '../families'
import { ALL_TRACKS, NON_DRUM_TRACKS, chroma, type MetricContext } from './context'

/** Settings of a self-similarity matrix; saved next to the figure so it can be read later. */
export interface SsmOptions {
  /** One row per step, beat or bar. */
  level: 'step' | 'beat' | 'bar'
  /** 'roll': the flattened multitrack roll summed over the unit; 'chroma': its 12-bin pitch-class histogram. */
  feature: 'roll' | 'chroma'
  /** Tracks that make up the feature (default: all 17 for 'roll', non-drum for 'chroma'). */
  tracks?: readonly number[]
}

/** An n x n self-similarity matrix, row-major. */
export interface Ssm {
  n: number
  values: Float64Array
  options: SsmOptions
}

/** Steps per unit of a level. */
function unitSteps(ctx: MetricContext, level: SsmOptions['level']): number {
  return level === 'step' ? 1 : level === 'beat' ? ctx.res : ctx.S
}

/** The feature vector of steps [from, to). */
function feature(ctx: MetricContext, from: number, to: number, o: SsmOptions): number[] {
  if (o.feature === 'chroma') return chroma(ctx, from, to, o.tracks ?? NON_DRUM_TRACKS)
  const tracks = o.tracks ?? ALL_TRACKS
  const v = new Array<number>(ctx.P * tracks.length).fill(0)
  for (let t = from; t < to; t++) {
    for (let p = 0; p < ctx.P; p++) {
      const base = (t * ctx.P + p) * FAMILY_COUNT
      tracks.forEach((f, i) => (v[p * tracks.length + i] += ctx.roll[base + f]))
    }
  }
  return v
}

/** Cosine similarity; two empty vectors are alike (1), an empty and a non-empty one are not (0). */
export function cosine(a: readonly number[], b: readonly number[]): number {
  let dot = 0
  let na = 0
  let nb = 0
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i]
    na += a[i] * a[i]
    nb += b[i] * b[i]
  }
  if (na === 0 && nb === 0) return 1
  if (na === 0 || nb === 0) return 0
  return dot / Math.sqrt(na * nb)
}

/** S[i][j] = cosine(f_i, f_j) over the steps, beats or bars of the roll. */
export function selfSimilarity(ctx: MetricContext, o: SsmOptions): Ssm {
  const size = unitSteps(ctx, o.level)
  const n = Math.floor(ctx.T / size)
  const feats = Array.from({ length: n }, (_, i) => feature(ctx, i * size, (i + 1) * size, o))
  const values = new Float64Array(n * n)
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const s = i === j ? 1 : cosine(feats[i], feats[j])
      values[i * n + j] = s
      values[j * n + i] = s
    }
  }
  return { n, values, options: o }
}

/** Mean of the off-diagonal entries (how much the units repeat each other); NaN when n < 2. */
export function meanOffDiagonal(m: Ssm): number {
  if (m.n < 2) return NaN
  let sum = 0
  for (let i = 0; i < m.n; i++)
    for (let j = 0; j < m.n; j++) if (i !== j) sum += m.values[i * m.n + j]
  return sum / (m.n * (m.n - 1))
}
