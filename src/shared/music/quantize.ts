import type { NoteEvent, Piece } from './piece'
import type { Ticks } from './units'

/** How notes snap to a grid. */
export interface QuantizeOptions {
  /** Grid in ticks (e.g. PPQ / 4 for 16th notes). */
  grid: Ticks
  /** 0..1: how far each start moves toward its grid point (1 = all the way, default). */
  strength?: number
  /** Also snap note ends (default true); a note never shrinks below one grid step. */
  durations?: boolean
}

/** Snap one note to the grid (pure). */
export function quantizeNote(n: NoteEvent, o: QuantizeOptions): NoteEvent {
  if (!(o.grid > 0)) throw new RangeError(`quantize grid must be > 0, got ${o.grid}`)
  const k = Math.min(1, Math.max(0, o.strength ?? 1))
  const snap = (x: number): number => x + (Math.round(x / o.grid) * o.grid - x) * k
  const start = Math.max(0, Math.round(snap(n.start)))
  if (o.durations === false) return { ...n, start }
  const end = Math.round(snap(n.start + n.duration))
  const minLen = k === 1 ? Math.round(o.grid) : 1
  return { ...n, start, duration: Math.max(minLen, end - start, 1) }
}

/** Quantize every note of a piece (drums included: their onsets matter most). Returns a new piece. */
export function quantizePiece(piece: Piece, o: QuantizeOptions): Piece {
  return {
    ...piece,
    tracks: piece.tracks.map((t) => ({ ...t, notes: t.notes.map((n) => quantizeNote(n, o)) }))
  }
}
