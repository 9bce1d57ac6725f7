import { FAMILIES } from './families'
import type { NoteEvent, Piece, Track } from './piece'

/**
 * Union of notes of one pitch: overlapping notes (start < previous end) become one note spanning
 * both with the louder velocity; exact duplicates collapse. Touching notes stay separate.
 */
export function unionNotes(notes: readonly NoteEvent[]): NoteEvent[] {
  const sorted = [...notes].sort((a, b) => a.pitch - b.pitch || a.start - b.start)
  const out: NoteEvent[] = []
  for (const n of sorted) {
    const last = out[out.length - 1]
    if (last && last.pitch === n.pitch && n.start < last.start + last.duration) {
      const end = Math.max(last.start + last.duration, n.start + n.duration)
      last.duration = end - last.start
      last.velocity = Math.max(last.velocity, n.velocity)
    } else {
      out.push({ ...n })
    }
  }
  return out.sort((a, b) => a.start - b.start || a.pitch - b.pitch)
}

/**
 * One track per family (the note-level twin of the roll's element-wise max): notes united, named
 * after the family; the program is kept when all merged tracks share it, else the family's GM one.
 */
export function mergeFamilyTracks(piece: Piece): Piece {
  const byFamily = new Map<number, Track[]>()
  for (const t of piece.tracks) byFamily.set(t.family, [...(byFamily.get(t.family) ?? []), t])
  const tracks: Track[] = [...byFamily.keys()]
    .sort((a, b) => a - b)
    .map((family) => {
      const group = byFamily.get(family) ?? []
      const programs = new Set(group.map((t) => t.program))
      const fam = FAMILIES[family]
      return {
        name: group.length === 1 ? group[0].name : fam.name,
        family,
        program: programs.size === 1 ? group[0].program : fam.program,
        isDrum: fam.isDrum,
        notes: unionNotes(group.flatMap((t) => t.notes))
      }
    })
  return { ...piece, tracks }
}

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
