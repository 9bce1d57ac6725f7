import { FAMILY_COUNT } from './families'
import type { NoteEvent, Piece } from './piece'

/**
 * Shape of one pianoroll segment (docs/model.md "The tensor"). Layout is NHWC without the batch axis:
 * [time][pitch][track], flat index (t * pitchCount + p) * 17 + track.
 */
export interface RollConfig {
  /** Steps per quarter-note beat (4 = 16th notes). */
  stepsPerBeat: number
  bars: number
  /** Quarter-note beats per bar (4 for 4/4). */
  beatsPerBar: number
  /** MIDI note of pitch row 0. */
  lowestPitch: number
  pitchCount: number
  /**
   * How drum notes are written: 'onset' (default) = one step at the note's start, as pypianoroll
   * writes drums (LPD); 'full' = the note's whole length like any other track. Drum MIDI durations
   * are arbitrary, so onsets are what a drum part means; decoding 'onset' gives one-step notes.
   */
  drums?: 'onset' | 'full'
}

/** The paper's shape: 4 bars of 4/4 at 16th notes, MIDI 24..107, drums as onsets. */
export const PAPER_ROLL: Readonly<RollConfig> = Object.freeze({
  stepsPerBeat: 4,
  bars: 4,
  beatsPerBar: 4,
  lowestPitch: 24,
  pitchCount: 84,
  drums: 'onset'
})

/** Time steps of a segment (64 for the paper). */
export function rollSteps(c: RollConfig): number {
  return c.bars * c.beatsPerBar * c.stepsPerBeat
}

/** Steps in one bar. */
export function barSteps(c: RollConfig): number {
  return c.beatsPerBar * c.stepsPerBeat
}

/** Number of cells of one segment (T * P * 17). */
export function rollSize(c: RollConfig): number {
  return rollSteps(c) * c.pitchCount * FAMILY_COUNT
}

/** Flat index of a cell in the NHWC layout. */
export function rollIndex(c: RollConfig, t: number, p: number, track: number): number {
  return (t * c.pitchCount + p) * FAMILY_COUNT + track
}

/** Whether drums are written as onsets under this config. */
export function drumsAsOnsets(c: RollConfig): boolean {
  return (c.drums ?? 'onset') === 'onset'
}

/** What encoding a piece into one segment produced. */
export interface RollSegment {
  roll: Uint8Array
  /** Notes of each family that sound in the segment (out-of-range ones excluded). */
  notesPerFamily: number[]
  /** Notes that sound in the segment but lie outside lowestPitch..lowestPitch+pitchCount-1. */
  droppedOutOfRange: number
}

/** The tick after the last note ends (0 for an empty piece). */
export function pieceEndTick(piece: Piece): number {
  let end = 0
  for (const tr of piece.tracks) for (const n of tr.notes) end = Math.max(end, n.start + n.duration)
  return end
}

/** Where a piece ends: its length, or later where a note ends after it (0 for an empty piece without one). */
export function pieceLength(piece: Piece): number {
  return Math.max(piece.length ?? 0, pieceEndTick(piece))
}

/** A note's [start, end) step interval relative to the segment origin (unclipped), or null if silent. */
function noteSteps(n: NoteEvent, ppq: number, origin: number, c: RollConfig, onset: boolean) {
  const k = c.stepsPerBeat / ppq
  const s = Math.round((n.start - origin) * k)
  const e = onset ? s + 1 : Math.max(s + 1, Math.round((n.start + n.duration - origin) * k))
  return { s, e }
}

/**
 * Encode the piece's notes sounding in [startTick, startTick + segment length) into a binary roll.
 * Start and end ticks are rounded to the nearest step; a note shorter than a step keeps one step.
 * Tracks of one family merge by element-wise max. Back-to-back notes of one pitch in one family
 * get a one-step pause (the earlier one is shortened if it is longer than a step), as LPD does, so
 * the roll still shows two notes.
 */
export function pieceToRoll(piece: Piece, c: RollConfig, startTick = 0): RollSegment {
  const T = rollSteps(c)
  const roll = new Uint8Array(rollSize(c))
  const notesPerFamily = new Array<number>(FAMILY_COUNT).fill(0)
  let droppedOutOfRange = 0
  const runs = new Map<number, Array<[number, number]>>()
  for (const tr of piece.tracks) {
    const onset = tr.family === 0 && drumsAsOnsets(c)
    for (const n of tr.notes) {
      const { s, e } = noteSteps(n, piece.ppq, startTick, c, onset)
      if (e <= 0 || s >= T || (onset && s < 0)) continue
      const p = n.pitch - c.lowestPitch
      if (p < 0 || p >= c.pitchCount) {
        droppedOutOfRange++
        continue
      }
      notesPerFamily[tr.family]++
      const key = p * FAMILY_COUNT + tr.family
      const list = runs.get(key) ?? []
      list.push([s, e])
      runs.set(key, list)
    }
  }
  for (const [key, list] of runs) {
    writeRuns(roll, c, Math.floor(key / FAMILY_COUNT), key % FAMILY_COUNT, separate(list), T)
  }
  return { roll, notesPerFamily, droppedOutOfRange }
}

/** Sort intervals and shorten an interval that ends exactly where the next one starts. */
function separate(list: Array<[number, number]>): Array<[number, number]> {
  list.sort((a, b) => a[0] - b[0] || a[1] - b[1])
  for (let i = 0; i + 1 < list.length; i++) {
    const cur = list[i]
    if (cur[1] === list[i + 1][0] && cur[1] - cur[0] > 1) cur[1]--
  }
  return list
}

function writeRuns(
  roll: Uint8Array,
  c: RollConfig,
  p: number,
  track: number,
  list: Array<[number, number]>,
  T: number
): void {
  for (const [s, e] of list) {
    for (let t = Math.max(0, s); t < Math.min(T, e); t++) roll[rollIndex(c, t, p, track)] = 1
  }
}

/** The paper's binarisation threshold: a cell of the generator's output is a note where it is at least this. */
export const PAPER_THRESHOLD = 0.9

/** Straight-through training (train.straightThrough) binarises the generator's output here. */
export const BINARY_AT = 0.5

/**
 * The threshold a run's samples and pieces are read at: BINARY_AT for a straight-through run (the critic judged its
 * output binarised exactly there; at 0.9 its pieces thin out), else `otherwise` (the paper's 0.9 unless told).
 */
export function runThreshold(
  train: { straightThrough?: boolean },
  otherwise: number = PAPER_THRESHOLD
): number {
  return train.straightThrough ? BINARY_AT : otherwise
}

/**
 * Binarise a raw (e.g. sigmoid) roll: 1 where value >= threshold (the paper's 0.9 unless told). The threshold
 * is compared in float32, as tfjs/PyTorch do, so a Float32Array value of 0.9 counts as on.
 */
export function binarize(values: ArrayLike<number>, threshold = PAPER_THRESHOLD): Uint8Array {
  const th = Math.fround(threshold)
  const out = new Uint8Array(values.length)
  for (let i = 0; i < values.length; i++) out[i] = values[i] >= th ? 1 : 0
  return out
}

/** Zero every track whose entry in `enabled` is false (a copy; the per-track mask of generation). */
export function maskTracks(roll: Uint8Array, enabled: readonly boolean[]): Uint8Array {
  const out = roll.slice()
  for (let i = 0; i < out.length; i++) if (enabled[i % FAMILY_COUNT] === false) out[i] = 0
  return out
}

/** Number of steps in which at least one cell of the roll is on (any track). */
export function activeSteps(roll: Uint8Array, c: RollConfig): number {
  const row = c.pitchCount * FAMILY_COUNT
  let n = 0
  for (let t = 0; t < rollSteps(c); t++) {
    for (let i = t * row; i < (t + 1) * row; i++) {
      if (roll[i]) {
        n++
        break
      }
    }
  }
  return n
}

/**
 * The whole piece as one roll from tick 0, with `bars` stretched to cover its last note (at least 1):
 * what the metrics and SSM of a full piece are computed on. Bar length comes from the config
 * (beatsPerBar quarter notes), not from the piece's time signatures.
 */
export function wholePieceRoll(piece: Piece, c: RollConfig): RollSegment & { config: RollConfig } {
  const barTicks = c.beatsPerBar * piece.ppq
  const config = { ...c, bars: Math.max(1, Math.ceil(pieceEndTick(piece) / barTicks)) }
  return { ...pieceToRoll(piece, config, 0), config }
}
