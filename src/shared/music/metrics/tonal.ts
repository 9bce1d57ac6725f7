import { NON_DRUM_TRACKS, anyOn, chroma, type MetricContext } from './context'

const RADII = [1, 1, 0.5]
const ANGLES = [(7 * Math.PI) / 6, (3 * Math.PI) / 2, (2 * Math.PI) / 3]

/** Harte et al.'s 6-D tonal centroid of a chroma vector normalised to sum 1 (MuseGAN's Φ·c). */
export function tonalCentroid(c: readonly number[]): number[] {
  const total = c.reduce((a, b) => a + b, 0)
  const out = new Array<number>(6).fill(0)
  for (let k = 0; k < 12; k++) {
    const w = c[k] / total
    for (let r = 0; r < 3; r++) {
      out[2 * r] += w * RADII[r] * Math.sin(k * ANGLES[r])
      out[2 * r + 1] += w * RADII[r] * Math.cos(k * ANGLES[r])
    }
  }
  return out
}

/**
 * MuseGAN TD between two tracks: per beat, each track's chroma (on cells summed over the beat) is
 * normalised and projected to the tonal centroid; TD = mean over beats of the Euclidean distance.
 * Beats where either track is silent are skipped (MuseGAN's NaN there); NaN when none is left.
 */
export function tonalDistance(ctx: MetricContext, a: number, b: number): number {
  const d: number[] = []
  for (let from = 0; from < ctx.T; from += ctx.res) {
    const ca = chroma(ctx, from, from + ctx.res, [a])
    const cb = chroma(ctx, from, from + ctx.res, [b])
    if (ca.every((x) => x === 0) || cb.every((x) => x === 0)) continue
    const ta = tonalCentroid(ca)
    const tb = tonalCentroid(cb)
    d.push(Math.hypot(...ta.map((x, i) => x - tb[i])))
  }
  return d.length === 0 ? NaN : d.reduce((x, y) => x + y, 0) / d.length
}

/** TD averaged over every pair of non-empty non-drum tracks (or the given pairs); NaN if no pair. */
export function meanTonalDistance(
  ctx: MetricContext,
  pairs?: ReadonlyArray<readonly [number, number]>
): number {
  const live = NON_DRUM_TRACKS.filter((f) => anyOn(ctx, 0, ctx.T, [f]))
  const list: Array<readonly [number, number]> = pairs
    ? [...pairs]
    : live.flatMap((a, i) => live.slice(i + 1).map((b) => [a, b] as const))
  const values = list.map(([a, b]) => tonalDistance(ctx, a, b)).filter((v) => !Number.isNaN(v))
  return values.length === 0 ? NaN : values.reduce((x, y) => x + y, 0) / values.length
}
