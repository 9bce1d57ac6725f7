// Data augmentation of real batches (NHWC rolls), applied by the trainer before the critic sees them.
import { shiftToC } from '../../shared/music/key'

/**
 * Shift sample `i` of a [B, steps, pitches, tracks] batch by `shift` pitch rows in place, every track but
 * track 0 (drums: their rows are instruments, not pitches); rows pushed past the edge are dropped, new ones are empty.
 */
export function transposeRoll(
  data: Float32Array,
  i: number,
  [steps, pitches, tracks]: [number, number, number],
  shift: number
): void {
  if (shift === 0) return
  const base = i * steps * pitches * tracks
  for (let t = 0; t < steps; t++) {
    const row = base + t * pitches * tracks
    // Walk against the shift so every source cell is read before it is overwritten.
    for (let n = 0; n < pitches; n++) {
      const p = shift > 0 ? pitches - 1 - n : n
      const from = p - shift
      for (let f = 1; f < tracks; f++)
        data[row + p * tracks + f] = from >= 0 && from < pitches ? data[row + from * tracks + f] : 0
    }
  }
}

/**
 * The shift (semitones) that puts most of sample `i`'s pitched cells (every track but drums) on the C major / A minor
 * scale (shiftToC). Row p sounds MIDI lowestPitch + p.
 */
export function keyShift(
  data: Float32Array,
  i: number,
  [steps, pitches, tracks]: [number, number, number],
  lowestPitch: number
): number {
  const pcs = new Float64Array(12)
  const base = i * steps * pitches * tracks
  for (let t = 0; t < steps; t++)
    for (let p = 0; p < pitches; p++) {
      const row = base + (t * pitches + p) * tracks
      let sum = 0
      for (let f = 1; f < tracks; f++) sum += data[row + f]
      pcs[(lowestPitch + p) % 12] += sum
    }
  return shiftToC(pcs)
}
