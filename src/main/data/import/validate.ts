// Semantic validation of an imported piece (reliability M2): nothing non-finite, negative or out of MIDI range gets through.
import type { Piece } from '../../../shared/music/piece'
import { ImportError } from '../midi/errors'

function bad(file: string, what: string): never {
  throw new ImportError(file, 'invalid-result', `the parsed piece is invalid: ${what}`)
}

const isTick = (v: number): boolean => Number.isSafeInteger(v) && v >= 0

/** Throw an ImportError('invalid-result') unless every tick, duration, pitch, velocity and tempo of the piece is sane. */
export function validatePiece(file: string, piece: Piece): void {
  if (!Number.isInteger(piece.ppq) || piece.ppq < 1 || piece.ppq > 32767)
    bad(file, `ppq ${piece.ppq}`)
  for (const t of piece.tempos)
    if (!isTick(t.tick) || !Number.isFinite(t.bpm) || t.bpm <= 0)
      bad(file, `tempo ${t.bpm} at ${t.tick}`)
  for (const s of piece.timeSignatures)
    if (!isTick(s.tick) || !(s.numerator >= 1) || !(s.denominator >= 1))
      bad(file, `time signature at ${s.tick}`)
  for (const track of piece.tracks) {
    if (!(track.family >= 0 && track.family <= 16)) bad(file, `family ${track.family}`)
    for (const n of track.notes) {
      if (!isTick(n.start) || !isTick(n.duration) || n.duration === 0)
        bad(file, `note at ${n.start} lasting ${n.duration}`)
      if (!(n.pitch >= 0 && n.pitch <= 127) || !(n.velocity >= 1 && n.velocity <= 127))
        bad(file, `pitch ${n.pitch} velocity ${n.velocity}`)
    }
  }
}
