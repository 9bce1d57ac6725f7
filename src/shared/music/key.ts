// A piece's key as the move that puts it in C major / A minor: the key a key-aligned model (train.alignKey) learnt in.
import { MAJOR } from './metrics/pitch'
import type { Piece } from './piece'

/** Smallest move first, upwards before downwards at equal size (python/train_ddp.py KEY_SHIFTS, same order). */
export const KEY_SHIFTS = [0, 1, -1, 2, -2, 3, -3, 4, -4, 5, -5, 6] as const

/**
 * The first of KEY_SHIFTS that puts the most of a pitch-class weight (12 values, C first) on the C major / A minor
 * scale: moving by it lands the music there.
 */
export function shiftToC(pitchClasses: ArrayLike<number>): number {
  let best = 0
  let bestWeight = -1
  for (const s of KEY_SHIFTS) {
    let weight = 0
    for (let c = 0; c < 12; c++) weight += MAJOR[(c + s + 12) % 12] * pitchClasses[c]
    if (weight > bestWeight) [best, bestWeight] = [s, weight]
  }
  return best
}

/** shiftToC of a piece's pitched notes weighted by their length (drums are instruments, not pitches); 0 for none. */
export function pieceShiftToC(piece: Piece): number {
  const pcs = new Float64Array(12)
  for (const t of piece.tracks)
    if (!t.isDrum) for (const n of t.notes) pcs[n.pitch % 12] += n.duration
  return shiftToC(pcs)
}
