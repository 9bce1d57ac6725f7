import { FAMILIES, FAMILY_COUNT } from './families'
import type { Piece, Track } from './piece'
import type { RollConfig } from './pianoroll'
import { trackNotes } from './rollNotes'
import { PPQ, clampVelocity } from './units'

/** How a roll (binary or raw generator output) becomes a piece. */
export interface RollToPieceOptions {
  /** On where value >= threshold (default 0.9, the paper's). Binary 0/1 rolls pass unchanged. */
  threshold?: number
  /** Per-family switch; a false entry leaves that family out. */
  enabled?: readonly boolean[]
  /** Element offset of the segment in a larger buffer (e.g. one sample of a [B,T,P,17] batch). */
  offset?: number
  bpm?: number
  velocity?: number
  title?: string
  ppq?: number
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
  const velocity = clampVelocity(opts.velocity ?? 100)
  const tracks: Track[] = []
  for (let f = 0; f < FAMILY_COUNT; f++) {
    if (opts.enabled && opts.enabled[f] === false) continue
    const notes = trackNotes(roll, c, f, {
      threshold: opts.threshold ?? 0.9,
      offset: opts.offset ?? 0
    })
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
        velocity
      }))
    })
  }
  return {
    title: opts.title ?? 'Generated',
    ppq,
    tempos: [{ tick: 0, bpm: opts.bpm ?? 120 }],
    timeSignatures: [{ tick: 0, numerator: c.beatsPerBar, denominator: 4 }],
    tracks
  }
}
