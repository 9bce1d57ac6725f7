import { PAPER_THRESHOLD, type RollConfig } from '../pianoroll'
import { hasNotes, metricContext, type MetricContext } from './context'
import {
  polyphony,
  polyphonyAllSteps,
  polyphonyPerTrack,
  polyphonyRate,
  polyphonyUnmerged,
  polyphonyWithDrums
} from './polyphony'
import {
  nPitchClassesUsed,
  nPitchesUsed,
  pitchClassEntropy,
  pitchEntropy,
  pitchRange,
  scaleConsistency,
  usedPitchClassesPerBar
} from './pitch'
import {
  drumEighthRate,
  drumPatternConsistency,
  drumPatternDP,
  emptyBarRate,
  emptyBeatRate,
  grooveConsistency,
  qualifiedNoteRate
} from './rhythm'
import { meanOffDiagonal, selfSimilarity } from './ssm'
import { meanTonalDistance } from './tonal'

export { METRICS, metricInfo, type MetricInfo, type MetricGoal } from './catalog'
export { hasNotes, metricContext, type MetricContext } from './context'
export { selfSimilarity, cosine, type Ssm, type SsmOptions } from './ssm'
export { tonalDistance } from './tonal'

/** Parameters of the metrics that have one. */
export interface MetricOptions {
  /** Binarisation threshold for raw rolls (default 0.9, the paper's; binary rolls pass unchanged). */
  threshold?: number
  /** polyphony_rate counts steps with at least this many non-drum pitches (default 2). */
  polyphonyMinPitches?: number
  /** qualified_note_rate: shortest qualified note in steps (default 2). */
  qualifiedMinSteps?: number
  /** tonal_distance pairs (family indices); default every pair of non-empty non-drum tracks. */
  tonalPairs?: ReadonlyArray<readonly [number, number]>
}

type MetricFn = (ctx: MetricContext, o: MetricOptions) => number

const FNS: Record<string, MetricFn> = {
  polyphony,
  polyphony_all_steps: polyphonyAllSteps,
  polyphony_unmerged: polyphonyUnmerged,
  polyphony_per_track: polyphonyPerTrack,
  polyphony_with_drums: polyphonyWithDrums,
  polyphony_rate: (ctx, o) => polyphonyRate(ctx, o.polyphonyMinPitches),
  pitch_range: pitchRange,
  n_pitches_used: nPitchesUsed,
  n_pitch_classes_used: nPitchClassesUsed,
  pitch_entropy: pitchEntropy,
  pitch_class_entropy: pitchClassEntropy,
  scale_consistency: scaleConsistency,
  upc_per_bar: usedPitchClassesPerBar,
  empty_beat_rate: emptyBeatRate,
  empty_bar_rate: emptyBarRate,
  qualified_note_rate: (ctx, o) => qualifiedNoteRate(ctx, o.qualifiedMinSteps),
  drum_pattern_consistency: drumPatternConsistency,
  drum_pattern_dp: drumPatternDP,
  drum_eighth_rate: drumEighthRate,
  groove_consistency: grooveConsistency,
  tonal_distance: (ctx, o) => meanTonalDistance(ctx, o.tonalPairs),
  // Silent bars are alike (cosine 1): without notes the piece has no self-similarity to speak of.
  self_similarity_bar: (ctx) =>
    hasNotes(ctx) ? meanOffDiagonal(selfSimilarity(ctx, { level: 'bar', feature: 'roll' })) : NaN
}

/**
 * Every metric of the METRICS catalogue for one roll segment ([T][P][17], binary or raw; for one
 * sample of a batch pass a subarray). NaN marks "undefined here" (e.g. polyphony of a silent roll);
 * summarize skips NaN.
 */
export function computeMetrics(
  roll: ArrayLike<number>,
  config: RollConfig,
  options: MetricOptions = {}
): Record<string, number> {
  const ctx = metricContext(roll, config, options.threshold ?? PAPER_THRESHOLD)
  const out: Record<string, number> = {}
  for (const [id, fn] of Object.entries(FNS)) out[id] = fn(ctx, options)
  return out
}

/** Mean, sample standard deviation and count of the finite values (NaN skipped): the real-data band. */
export interface Summary {
  mean: number
  sd: number
  n: number
}

/** Summarise one metric over many segments; mean is NaN and sd 0 when no value is finite. */
export function summarize(values: readonly number[]): Summary {
  const xs = values.filter((v) => Number.isFinite(v))
  const n = xs.length
  if (n === 0) return { mean: NaN, sd: 0, n: 0 }
  const mean = xs.reduce((a, b) => a + b, 0) / n
  const ss = xs.reduce((a, b) => a + (b - mean) ** 2, 0)
  return { mean, sd: n > 1 ? Math.sqrt(ss / (n - 1)) : 0, n }
}
