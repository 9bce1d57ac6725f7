import type { NoteEvent, Piece } from '../../../src/shared/music/piece'
import { FAMILIES } from '../../../src/shared/music/families'

/** A note with defaults. */
export function note(pitch: number, start: number, duration = 240, velocity = 100): NoteEvent {
  return { pitch, start, duration, velocity }
}

/** A 17-track piece (one track per family) with the given notes in track 1 (Piano). */
export function pieceWith(notes: NoteEvent[], track = 1): Piece {
  return {
    title: 'test',
    ppq: 480,
    tempos: [{ tick: 0, bpm: 120 }],
    timeSignatures: [{ tick: 0, numerator: 4, denominator: 4 }],
    tracks: FAMILIES.map((f) => ({
      name: f.name,
      family: f.index,
      program: f.program,
      isDrum: f.isDrum,
      notes: f.index === track ? notes : []
    }))
  }
}
