import { FAMILIES } from '@shared/music/families'
import type { Piece, Track } from '@shared/music/piece'

/**
 * The editor's 17-track shape for a piece with at most one track per family (generated ones omit
 * silent tracks): every family present, in family order, empty where the piece had none. Pieces with
 * several tracks of a family (imports) are returned unchanged.
 */
export function withAllFamilies(piece: Piece): Piece {
  const families = piece.tracks.map((t) => t.family)
  if (new Set(families).size !== families.length) return piece
  const tracks = FAMILIES.map(
    (f): Track =>
      piece.tracks.find((t) => t.family === f.index) ?? {
        name: f.name,
        family: f.index,
        program: f.program,
        isDrum: f.isDrum,
        notes: []
      }
  )
  return { ...piece, tracks }
}
