import { DRUMS, FAMILY_COUNT } from '../families'
import {
  PAPER_THRESHOLD,
  binarize,
  drumsAsOnsets,
  rollSteps,
  barSteps,
  type RollConfig
} from '../pianoroll'
import type { RollNote } from '../rollNotes'

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
  /** Per cell (t * P + p): bit f set when track f is on, so track sets are one AND away. */
  masks: Uint32Array
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
  threshold = PAPER_THRESHOLD
): MetricContext {
  const bin = binarize(roll, threshold)
  const masks = new Uint32Array(bin.length / FAMILY_COUNT)
  for (let cell = 0; cell < masks.length; cell++) {
    let m = 0
    for (let f = 0, i = cell * FAMILY_COUNT; f < FAMILY_COUNT; f++, i++) if (bin[i]) m |= 1 << f
    masks[cell] = m
  }
  const T = rollSteps(c)
  const notes = notesFromMasks(masks, c, T)
  return { c, roll: bin, masks, T, P: c.pitchCount, S: barSteps(c), res: c.stepsPerBeat, notes }
}

/**
 * The notes trackNotes would read (runs per track and pitch; drums one hit per on step under
 * 'onset'), found from the cell masks by looking only at bits that change between steps.
 */
function notesFromMasks(masks: Uint32Array, c: RollConfig, T: number): RollNote[][] {
  const P = c.pitchCount
  const notes: RollNote[][] = Array.from({ length: FAMILY_COUNT }, () => [])
  const hits = drumsAsOnsets(c) ? 1 << DRUMS : 0
  const open = new Int32Array(FAMILY_COUNT)
  for (let p = 0; p < P; p++) {
    const pitch = c.lowestPitch + p
    let prev = 0
    for (let t = 0; t <= T; t++) {
      const x = t < T ? masks[t * P + p] : 0
      const ended = (prev & ~x) | (prev & x & hits)
      const started = (x & ~prev) | (prev & x & hits)
      for (let v = ended; v; v &= v - 1) {
        const f = 31 - Math.clz32(v & -v)
        notes[f].push({ track: f, pitch, start: open[f], end: t })
      }
      for (let v = started; v; v &= v - 1) open[31 - Math.clz32(v & -v)] = t
      prev = x
    }
  }
  for (const list of notes) list.sort((a, b) => a.start - b.start || a.pitch - b.pitch)
  return notes
}

/** Whether any track has a note: metrics of silence (no notes) are NaN, never a perfect score. */
export function hasNotes(ctx: MetricContext): boolean {
  return ctx.notes.some((list) => list.length > 0)
}

/** Notes of the non-drum tracks, pooled (muspy's "non-drum notes"). */
export function nonDrumNotes(ctx: MetricContext): RollNote[] {
  return ctx.notes.filter((_, f) => f !== DRUMS).flat()
}

function maskOf(tracks: readonly number[]): number {
  let m = 0
  for (const f of tracks) m |= 1 << f
  return m
}

function popcount(x: number): number {
  let n = 0
  for (let v = x; v; v &= v - 1) n++
  return n
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
  const m = maskOf(tracks)
  const counts = new Int32Array(ctx.T)
  for (let t = 0; t < ctx.T; t++) {
    let n = 0
    for (let i = t * ctx.P; i < (t + 1) * ctx.P; i++) {
      const x = ctx.masks[i] & m
      if (x) n += merged ? 1 : popcount(x)
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
  const m = maskOf(tracks)
  for (let i = from * ctx.P; i < to * ctx.P; i++) if (ctx.masks[i] & m) return true
  return false
}

/** 12-bin pitch-class histogram ((lowestPitch + row) % 12) of on cells (per track) in steps [from, to). */
export function chroma(
  ctx: MetricContext,
  from: number,
  to: number,
  tracks: readonly number[]
): number[] {
  const m = maskOf(tracks)
  const h = new Array<number>(12).fill(0)
  for (let t = from; t < to; t++) {
    for (let p = 0; p < ctx.P; p++) {
      const x = ctx.masks[t * ctx.P + p] & m
      if (x) h[(ctx.c.lowestPitch + p) % 12] += popcount(x)
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
