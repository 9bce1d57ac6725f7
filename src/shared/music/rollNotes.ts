import { FAMILY_COUNT } from './families'
import { drumsAsOnsets, rollIndex, rollSteps, type RollConfig } from './pianoroll'

/** A note read back from a roll, in steps: the shared unit of roll decoding and the metrics. */
export interface RollNote {
  track: number
  /** MIDI pitch (lowestPitch + row). */
  pitch: number
  /** First step. */
  start: number
  /** Step after the last one (exclusive). */
  end: number
  /** Mean roll value over the note's cells (the generator's confidence in it; 1 for a binary roll); trackNotes sets it. */
  level?: number
}

/** Options for reading notes from a roll. */
export interface RollReadOptions {
  /** A cell is on when its value is >= threshold (default 0.5; compared in float32 like binarize). */
  threshold?: number
  /** Element offset of the segment inside a larger buffer (a batch). */
  offset?: number
}

/**
 * Notes of one track of a roll: each maximal run of on steps of a pitch is one note, except drums
 * under 'onset' config, where every on step is its own one-step hit.
 */
export function trackNotes(
  roll: ArrayLike<number>,
  c: RollConfig,
  track: number,
  opts: RollReadOptions = {}
): RollNote[] {
  const threshold = Math.fround(opts.threshold ?? 0.5)
  const offset = opts.offset ?? 0
  const T = rollSteps(c)
  const onsets = track === 0 && drumsAsOnsets(c)
  const notes: RollNote[] = []
  for (let p = 0; p < c.pitchCount; p++) {
    let start = -1
    let sum = 0
    for (let t = 0; t <= T; t++) {
      const v = t < T ? roll[offset + rollIndex(c, t, p, track)] : 0
      const on = t < T && v >= threshold
      if (start >= 0 && (!on || onsets)) {
        notes.push({ track, pitch: c.lowestPitch + p, start, end: t, level: sum / (t - start) })
        start = -1
      }
      if (on && start < 0) {
        start = t
        sum = 0
      }
      if (on) sum += v
    }
  }
  return notes.sort((a, b) => a.start - b.start || a.pitch - b.pitch)
}

/** Notes of every track, in track order. */
export function rollNotes(
  roll: ArrayLike<number>,
  c: RollConfig,
  opts: RollReadOptions = {}
): RollNote[] {
  const out: RollNote[] = []
  for (let f = 0; f < FAMILY_COUNT; f++) out.push(...trackNotes(roll, c, f, opts))
  return out
}
