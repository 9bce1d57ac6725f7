// The binary rolls of a benchmark's pieces on disk, for a classifier that reads rolls rather than hand features.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** Pieces as one byte per cell (1 where the cell is at least `threshold`), one after another. */
function binaryBytes(rolls: ArrayLike<number>[], threshold: number): Uint8Array {
  const size = rolls[0]?.length ?? 0
  const out = new Uint8Array(rolls.length * size)
  rolls.forEach((roll, n) => {
    for (let c = 0; c < size; c++) out[n * size + c] = roll[c] >= threshold ? 1 : 0
  })
  return out
}

/**
 * Writes each set of pieces as NAME.u8 (one byte per cell, [steps][pitches][tracks] per piece) and rolls.json (the
 * shape and counts) into dir: what bench/fidelity/diagnostics/roll_cnn.py reads.
 */
export function writeRolls(
  dir: string,
  shape: readonly number[],
  sets: Record<string, { rolls: ArrayLike<number>[]; threshold: number }>
): void {
  mkdirSync(dir, { recursive: true })
  const counts: Record<string, number> = {}
  for (const [name, { rolls, threshold }] of Object.entries(sets)) {
    writeFileSync(join(dir, `${name}.u8`), binaryBytes(rolls, threshold))
    counts[name] = rolls.length
  }
  writeFileSync(
    join(dir, 'rolls.json'),
    JSON.stringify({ shape, layout: 'steps,pitches,tracks', counts }) + '\n'
  )
}
