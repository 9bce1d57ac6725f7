import { ALL_TRACKS, NON_DRUM_TRACKS, stepCounts, type MetricContext } from './context'

/** Sum of counts over steps where count > 0, divided by that number of steps; NaN if all silent. */
function overNonSilent(counts: Int32Array): number {
  let sum = 0
  let steps = 0
  for (const n of counts) {
    if (n > 0) {
      sum += n
      steps++
    }
  }
  return steps === 0 ? NaN : sum / steps
}

/**
 * Polyphony as the paper reports it (muspy `polyphony`): non-drum tracks merged by max, then
 * Σ_t Σ_p R[t,p] / #{t : Σ_p R[t,p] > 0}. Average simultaneous pitches over non-silent steps; NaN
 * if no non-drum cell is on.
 */
export function polyphony(ctx: MetricContext): number {
  return overNonSilent(stepCounts(ctx, NON_DRUM_TRACKS, true))
}

/** Variant: non-drum merged, divided by ALL T steps (silent ones too); 0 for an empty roll. */
export function polyphonyAllSteps(ctx: MetricContext): number {
  const counts = stepCounts(ctx, NON_DRUM_TRACKS, true)
  return counts.reduce((a, b) => a + b, 0) / ctx.T
}

/** Variant: non-drum tracks NOT merged (a pitch in two tracks counts twice), non-silent steps. */
export function polyphonyUnmerged(ctx: MetricContext): number {
  return overNonSilent(stepCounts(ctx, NON_DRUM_TRACKS, false))
}

/** Variant: each non-empty non-drum track's own polyphony, averaged over those tracks; NaN if none. */
export function polyphonyPerTrack(ctx: MetricContext): number {
  const values = NON_DRUM_TRACKS.map((f) => overNonSilent(stepCounts(ctx, [f], true))).filter(
    (v) => !Number.isNaN(v)
  )
  return values.length === 0 ? NaN : values.reduce((a, b) => a + b, 0) / values.length
}

/** Variant: all 17 tracks, drums included, merged by max, non-silent steps. */
export function polyphonyWithDrums(ctx: MetricContext): number {
  return overNonSilent(stepCounts(ctx, ALL_TRACKS, true))
}

/**
 * Polyphony rate: #{t : merged non-drum pitches at t >= minPitches} / T. Default minPitches 2
 * ("more than one pitch"); muspy's `polyphony_rate(threshold=2)` uses a strict > 2, i.e. minPitches 3.
 */
export function polyphonyRate(ctx: MetricContext, minPitches = 2): number {
  const counts = stepCounts(ctx, NON_DRUM_TRACKS, true)
  let n = 0
  for (const k of counts) if (k >= minPitches) n++
  return n / ctx.T
}
