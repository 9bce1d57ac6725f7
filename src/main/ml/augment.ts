// Data augmentation of real batches (NHWC rolls), applied by the trainer before the critic sees them.

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
