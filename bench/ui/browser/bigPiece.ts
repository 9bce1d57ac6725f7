import { FAMILIES } from '../../../src/shared/music/families'
import type { NoteEvent, Piece, Track } from '../../../src/shared/music/piece'
import { midiToPiece } from '../../../test/renderer/compose/midiReader'

/**
 * A 17-track piece of `bars` bars of 4/4 made from a real file: its material is repeated to the
 * length, and each family the file lacks takes a (transposed) copy of a track it has, so every
 * track of the roll is busy as in a dense generated piece.
 */
export function bigPiece(bytes: Uint8Array, bars = 256): Piece {
  const real = midiToPiece(bytes, 'bench')
  const barTicks = real.ppq * 4
  const total = bars * barTicks
  const busy = real.tracks.filter((t) => t.notes.length > 0)
  const tracks: Track[] = FAMILIES.map((f, i) => {
    const own = real.tracks[i]
    const src = own.notes.length > 0 ? own : busy[i % busy.length]
    const shift = own.notes.length > 0 || f.isDrum || src.isDrum ? 0 : 12 * ((i % 3) - 1)
    return { ...own, notes: tile(src.notes, total, shift) }
  })
  return { ...real, title: `bench ${bars} bars`, tracks }
}

function tile(notes: readonly NoteEvent[], total: number, shift: number): NoteEvent[] {
  const end = Math.max(1, ...notes.map((n) => n.start + n.duration))
  const out: NoteEvent[] = []
  for (let offset = 0; offset < total; offset += end) {
    for (const n of notes) {
      if (n.start + offset >= total) continue
      const pitch = Math.min(127, Math.max(0, n.pitch + shift))
      out.push({ ...n, pitch, start: n.start + offset })
    }
  }
  return out
}
