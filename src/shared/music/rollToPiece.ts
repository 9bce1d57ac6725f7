import { FAMILIES, FAMILY_COUNT } from './families'
import type { Piece, Track } from './piece'
import { PAPER_THRESHOLD, rollSteps, type RollConfig } from './pianoroll'
import { trackNotes, type RollNote } from './rollNotes'
import { PPQ, clampVelocity } from './units'

/** How a roll (binary or raw generator output) becomes a piece. */
export interface RollToPieceOptions {
  /** On where value >= threshold (default 0.9, the paper's). Binary 0/1 rolls pass unchanged. */
  threshold?: number
  /** Per-family thresholds (17), used over `threshold` (a model may recommend one per family). */
  familyThresholds?: readonly number[]
  /** Per-family switch; a false entry leaves that family out. */
  enabled?: readonly boolean[]
  /** Element offset of the segment in a larger buffer (e.g. one sample of a [B,T,P,17] batch). */
  offset?: number
  bpm?: number
  /** Every note's velocity (default 100), or 'confidence': from the roll's value over the note (see confidenceVelocity). */
  velocity?: number | 'confidence'
  title?: string
  ppq?: number
}

/** How a generated piece's velocities are set: one flat value, or from the generator's confidence in each note. */
export type VelocityMode = 'flat' | 'confidence'

/** Quietest velocity of a note from its confidence (a note just at the threshold). */
export const CONFIDENCE_VELOCITY_MIN = 40

/**
 * A note's velocity from the generator's confidence: its mean output over the note's cells, mapped linearly from
 * the threshold (velocity 40) to full confidence 1 (velocity 127). A binary roll's notes all get 127.
 */
export function confidenceVelocity(level: number, threshold: number): number {
  const span = 1 - threshold
  const x = span > 0 ? (Math.min(1, level) - threshold) / span : 1
  const lo = CONFIDENCE_VELOCITY_MIN
  return clampVelocity(Math.round(lo + Math.max(0, Math.min(1, x)) * (127 - lo)))
}

/**
 * Decode a roll into a Piece: one track per non-empty enabled family, named after the family, with
 * the family's GM program; Drums has isDrum. Time signature beatsPerBar/4, one tempo, PPQ ticks.
 */
export function rollToPiece(
  roll: ArrayLike<number>,
  c: RollConfig,
  opts: RollToPieceOptions = {}
): Piece {
  const ppq = opts.ppq ?? PPQ
  const tps = ppq / c.stepsPerBeat
  const flat = clampVelocity(typeof opts.velocity === 'number' ? opts.velocity : 100)
  const tracks: Track[] = []
  for (let f = 0; f < FAMILY_COUNT; f++) {
    if (opts.enabled && opts.enabled[f] === false) continue
    const threshold = opts.familyThresholds?.[f] ?? opts.threshold ?? PAPER_THRESHOLD
    const velocity =
      opts.velocity === 'confidence'
        ? (n: RollNote) => confidenceVelocity(n.level ?? 1, threshold)
        : () => flat
    const notes = trackNotes(roll, c, f, { threshold, offset: opts.offset ?? 0 })
    if (notes.length === 0) continue
    const fam = FAMILIES[f]
    tracks.push({
      name: fam.name,
      family: f,
      program: fam.program,
      isDrum: fam.isDrum,
      notes: notes.map((n) => ({
        pitch: n.pitch,
        start: n.start * tps,
        duration: (n.end - n.start) * tps,
        velocity: velocity(n)
      }))
    })
  }
  return {
    title: opts.title ?? 'Generated',
    ppq,
    tempos: [{ tick: 0, bpm: opts.bpm ?? 120 }],
    timeSignatures: [{ tick: 0, numerator: c.beatsPerBar, denominator: 4 }],
    tracks,
    // The roll's whole span: a piece whose last bars came out empty (or were left out) keeps them.
    length: rollSteps(c) * tps
  }
}
