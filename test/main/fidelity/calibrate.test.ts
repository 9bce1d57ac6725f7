// Per-family thresholds of the fidelity benchmark: presence per track, the calibration that trims a family to the
// share of pieces it sounds in, and binarising each track at its own threshold.
import { describe, expect, it } from 'vitest'
import {
  binarizeByTrack,
  calibrateFamilyThresholds,
  tracksSounding
} from '../../../src/main/fidelity/calibrate'

const dims = [2, 2, 3] as const // 2 steps x 2 pitches x 3 tracks
const SIZE = 12

/** A batch of rolls where roll i's loudest cell of track f is peaks[i][f] (every other cell 0). */
function batch(peaks: number[][]): Float32Array {
  const out = new Float32Array(peaks.length * SIZE)
  peaks.forEach((p, i) => p.forEach((v, f) => (out[i * SIZE + 3 * 3 + f] = v)))
  return out
}

describe('per-family thresholds', () => {
  it('tells which tracks of a roll sound', () => {
    expect(tracksSounding(batch([[1, 0, 0.6]]), dims)).toEqual([true, false, true])
    expect(tracksSounding(batch([[1, 0, 0.6]]), dims, 0.7)).toEqual([true, false, false])
  })

  it('raises a track until it sounds in its real share of pieces, never below the base', () => {
    // track 0 loud everywhere, track 1 at 0.55..0.95 across ten pieces, track 2 always weak
    const peaks = Array.from({ length: 10 }, (_, i) => [0.99, 0.55 + i * 0.04, 0.2])
    const t = calibrateFamilyThresholds(batch(peaks), 10, dims, [1, 0.3, 0.5], 0.5)
    expect(t[0]).toBe(0.5) // sounds in every piece, as in the data
    // three pieces keep track 1: those at 0.91, 0.87 and 0.83; the cut lies between 0.83 and 0.79
    expect(t[1]).toBeCloseTo(0.81, 3)
    const on = binarizeByTrack(batch(peaks), dims, t)
    const kept = Array.from({ length: 10 }, (_, i) => on[i * SIZE + 9 + 1]).filter((v) => v === 1)
    expect(kept).toHaveLength(3)
    expect(t[2]).toBe(0.5) // too weak to sound anyway: left at the base, no weak cells let in
  })

  it('silences a track the data never has, up to the ceiling', () => {
    const peaks = [
      [0.9, 0.97, 0],
      [0.9, 0.999, 0]
    ]
    const t = calibrateFamilyThresholds(batch(peaks), 2, dims, [1, 0, 0], 0.5)
    expect(t[1]).toBe(0.99) // ceiling: the 0.999 piece keeps its note
    expect(calibrateFamilyThresholds(batch([[0.9, 0.97, 0]]), 1, dims, [1, 0, 0], 0.5)[1]).toBe(
      0.97
    )
  })

  it('binarises each track at its own threshold', () => {
    const roll = batch([[0.6, 0.6, 0.6]])
    const on = binarizeByTrack(roll, dims, [0.5, 0.7, 0.6])
    expect(Array.from(on.subarray(9, 12))).toEqual([1, 0, 1])
    expect(on.reduce((a, b) => a + b, 0)).toBe(2)
  })
})
