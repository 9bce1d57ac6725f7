import type { Piece } from '@shared/music/piece'
import { pieceLength } from '@shared/music/pianoroll'
import { NoteTransform } from './transform'

/** The roll's visible size in pixels (the note area, without keyboard, ruler and velocity lane). */
export interface Viewport {
  width: number
  height: number
}

/** Pitch span of a piece's notes with a little margin (an octave at least; C3..C5 when empty). */
export function pitchSpan(piece: Piece): { low: number; high: number } {
  let low = 127
  let high = 0
  for (const t of piece.tracks) {
    for (const n of t.notes) {
      low = Math.min(low, n.pitch)
      high = Math.max(high, n.pitch)
    }
  }
  if (low > high) return { low: 48, high: 72 }
  return { low: Math.max(0, low - 2), high: Math.min(127, Math.max(high + 2, low + 12)) }
}

/** Keep the rows inside the pitch range 0..127: no scrolling past the top or the bottom. */
export function boundTransform(t: NoteTransform, height: number): NoteTransform {
  const rows = height / t.pixelsPerKey
  const top = Math.min(128, Math.max(Math.min(rows, 128), t.topPitch))
  return top === t.topPitch ? t : t.with({ topPitch: top })
}

/** The transform that shows the whole piece: every bar across the width, its pitch span down the height. */
export function fitTransform(piece: Piece, view: Viewport): NoteTransform {
  const end = Math.max(piece.ppq * 4, pieceLength(piece))
  const span = pitchSpan(piece)
  const rows = span.high - span.low + 1
  const key = Math.min(24, Math.max(4, view.height / rows))
  const spare = Math.max(0, view.height / key - rows) / 2
  const t = new NoteTransform({
    pixelsPerTick: (view.width * 0.98) / end,
    pixelsPerKey: key,
    scrollTick: 0,
    topPitch: span.high + 1 + spare
  })
  return boundTransform(t, view.height)
}
