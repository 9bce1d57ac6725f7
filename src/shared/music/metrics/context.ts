import { DRUMS, FAMILY_COUNT } from '../families'
import { binarize, rollSteps, barSteps, type RollConfig } from '../pianoroll'
import { trackNotes, type RollNote } from '../rollNotes'

/** Tracks 1..16: every family but Drums. */
export const NON_DRUM_TRACKS: readonly number[] = Array.from(
  { length: FAMILY_COUNT - 1 },
  (_, i) => i + 1
)

/** All 17 tracks. */
export const ALL_TRACKS: readonly number[] = Array.from({ length: FAMILY_COUNT }, (_, i) => i)

/** A binarised roll with its notes, computed once and shared by every metric. */
export interface MetricContext {
  c: RollConfig
  roll: Uint8Array
  /** Steps (T), pitches (P), steps per bar (S) and steps per beat (res). */
  T: number
  P: number
  S: number
  res: number
  /** Notes per track (index = family), read as rollToPiece reads them. */
  notes: RollNote[][]
}

/** Binarise (value >= threshold, float32 compare) and read the notes of every track. */
export function metricContext(
  roll: ArrayLike<number>,
  c: RollConfig,
  threshold = 0.9
): MetricContext {
  const bin = binarize(roll, threshold)
  const notes: RollNote[][] = []
  for (let f = 0; f < FAMILY_COUNT; f++) notes.push(trackNotes(bin, c, f))
  return {
    c,
    roll: bin,
    T: rollSteps(c),
    P: c.pitchCount,
    S: barSteps(c),
    res: c.stepsPerBeat,
    notes
  }
}

/** Notes of the non-drum tracks, pooled (muspy's "non-drum notes"). */
export function nonDrumNotes(ctx: MetricContext): RollNote[] {
  return ctx.notes.filter((_, f) => f !== DRUMS).flat()
}

/**
 * Sounding pitches per step over the given tracks. merged: a pitch on in several tracks counts once
 * (tracks merged by element-wise max); unmerged: every on cell counts.
 */
export function stepCounts(
  ctx: MetricContext,
  tracks: readonly number[],
  merged: boolean
): Int32Array {
  const counts = new Int32Array(ctx.T)
  for (let t = 0; t < ctx.T; t++) {
    let n = 0
    for (let p = 0; p < ctx.P; p++) {
      const base = (t * ctx.P + p) * FAMILY_COUNT
      let k = 0
      for (const f of tracks) k += ctx.roll[base + f]
      n += merged ? Math.min(k, 1) : k
    }
    counts[t] = n
  }
  return counts
}

/** Whether any cell of the tracks is on in steps [from, to). */
export function anyOn(
  ctx: MetricContext,
  from: number,
  to: number,
  tracks: readonly number[]
): boolean {
  for (let t = from; t < to; t++) {
    for (let p = 0; p < ctx.P; p++) {
      const base = (t * ctx.P + p) * FAMILY_COUNT
      for (const f of tracks) if (ctx.roll[base + f]) return true
    }
  }
  return false
}

/** 12-bin pitch-class histogram ((lowestPitch + row) % 12) of on cells in steps [from, to). */
export function chroma(
  ctx: MetricContext,
  from: number,
  to: number,
  tracks: readonly number[]
): number[] {
  const h = new Array<number>(12).fill(0)
  for (let t = from; t < to; t++) {
    for (let p = 0; p < ctx.P; p++) {
      const base = (t * ctx.P + p) * FAMILY_COUNT
      for (const f of tracks) if (ctx.roll[base + f]) h[(ctx.c.lowestPitch + p) % 12]++
    }
  }
  return h
}

/** Shannon entropy in bits of a histogram of counts; NaN when it is empty. */
export function entropy(counts: ArrayLike<number>): number {
  let total = 0
  for (let i = 0; i < counts.length; i++) total += counts[i]
  if (total === 0) return NaN
  let h = 0
  for (let i = 0; i < counts.length; i++) {
    const p = counts[i] / total
    if (p > 0) h -= p * Math.log2(p)
  }
  return h
}
