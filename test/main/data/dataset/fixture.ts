import type { Piece, TimeSignatureEvent, Track } from '@shared/music/piece'

/** A piece whose every quarter note up to `beats` has a Piano dyad (C4+E4, 1 beat) and a kick. */
export function beatPiece(
  beats: number,
  timeSignatures: TimeSignatureEvent[] = [],
  title = 'beats'
): Piece {
  const piano: Track = { name: 'p', family: 1, program: 0, isDrum: false, notes: [] }
  const drums: Track = { name: 'd', family: 0, program: 0, isDrum: true, notes: [] }
  for (let b = 0; b < beats; b++) {
    for (const pitch of [60, 64])
      piano.notes.push({ pitch, start: b * 480, duration: 480, velocity: 80 })
    drums.notes.push({ pitch: 36, start: b * 480, duration: 60, velocity: 100 })
  }
  return { title, ppq: 480, tempos: [], timeSignatures, tracks: [piano, drums] }
}
