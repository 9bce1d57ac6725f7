import type { NoteEvent, Piece } from './piece'

/** What to do with drums and with notes pushed out of MIDI range by a transposition. */
export interface TransposeOptions {
  /** Transpose drum tracks too (default false: a drum pitch is an instrument, not a pitch). */
  drums?: boolean
  /** Lowest and highest pitch kept (default 0..127); notes moved outside are dropped. */
  low?: number
  high?: number
}

/** Shift notes by semitones, dropping those that leave [low, high] (pure). */
export function transposeNotes(
  notes: readonly NoteEvent[],
  semitones: number,
  o: TransposeOptions = {}
): NoteEvent[] {
  const low = o.low ?? 0
  const high = o.high ?? 127
  const shift = Math.round(semitones)
  return notes
    .map((n) => ({ ...n, pitch: n.pitch + shift }))
    .filter((n) => n.pitch >= low && n.pitch <= high)
}

/** Transpose a whole piece (non-drum tracks unless `drums`); returns a new piece. */
export function transposePiece(piece: Piece, semitones: number, o: TransposeOptions = {}): Piece {
  return {
    ...piece,
    tracks: piece.tracks.map((t) =>
      t.isDrum && !o.drums ? t : { ...t, notes: transposeNotes(t.notes, semitones, o) }
    )
  }
}
