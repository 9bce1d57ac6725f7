import { describe, expect, it } from 'vitest'
import { pieceLength, rollIndex, rollSize, type RollConfig } from '@shared/music/pianoroll'
import { CONFIDENCE_VELOCITY_MIN, confidenceVelocity, rollToPiece } from '@shared/music/rollToPiece'
import { withAllFamilies } from '@shared/music/merge'

// 2 bars of 4/4 at 4 steps a beat over 48 pitches from MIDI 36.
const c: RollConfig = {
  stepsPerBeat: 4,
  bars: 2,
  beatsPerBar: 4,
  lowestPitch: 36,
  pitchCount: 48,
  drums: 'onset'
}

/** A raw roll with some cells set: [step, pitch, track, value]. */
function rawRoll(cells: [number, number, number, number][]): Float32Array {
  const raw = new Float32Array(rollSize(c))
  for (const [t, p, f, v] of cells) raw[rollIndex(c, t, p - c.lowestPitch, f)] = v
  return raw
}

describe('rollToPiece: velocity from confidence, length, thresholds per family', () => {
  it('maps each note’s mean output from the threshold (40) to 1 (127); flat 100 otherwise', () => {
    const raw = rawRoll([
      [0, 60, 1, 1], // a sure note over two steps: mean 1
      [1, 60, 1, 1],
      [4, 62, 1, 0.5], // just at the threshold
      [8, 64, 1, 0.8], // mean (0.8 + 0.6) / 2 = 0.7
      [9, 64, 1, 0.6],
      [0, 36, 0, 0.9] // a kick at 0.9
    ])
    const p = rollToPiece(raw, c, { threshold: 0.5, velocity: 'confidence' })
    const piano = p.tracks.find((t) => t.family === 1)!
    expect(piano.notes.map((n) => [n.pitch, n.velocity])).toEqual([
      [60, 127],
      [62, CONFIDENCE_VELOCITY_MIN],
      [64, Math.round(40 + ((0.7 - 0.5) / 0.5) * 87)]
    ])
    expect(p.tracks.find((t) => t.family === 0)!.notes[0].velocity).toBe(
      Math.round(40 + ((0.9 - 0.5) / 0.5) * 87)
    )
    const flat = rollToPiece(raw, c, { threshold: 0.5 })
    expect(flat.tracks.flatMap((t) => t.notes.map((n) => n.velocity))).toEqual([100, 100, 100, 100])
  })

  it('confidence velocities stay 1..127 and rise with confidence', () => {
    expect(confidenceVelocity(1.5, 0.9)).toBe(127)
    expect(confidenceVelocity(0.9, 0.9)).toBe(40)
    expect(confidenceVelocity(0.3, 0)).toBeLessThan(confidenceVelocity(0.6, 0))
    expect(confidenceVelocity(1, 1)).toBe(127)
  })

  it('keeps the roll’s whole length when the last bar is empty or its only track is left out', () => {
    const raw = rawRoll([
      [0, 60, 1, 1],
      [2, 48, 5, 1],
      [20, 40, 5, 1] // bass alone in bar 2
    ])
    const barTicks = 4 * 480
    const all = rollToPiece(raw, c)
    expect(all.length).toBe(2 * barTicks)
    const enabled = Array.from({ length: 17 }, (_, f) => f !== 5)
    const noBass = rollToPiece(raw, c, { enabled })
    expect(noBass.tracks.map((t) => t.family)).toEqual([1])
    expect(pieceLength(noBass)).toBe(2 * barTicks)
    expect(pieceLength(withAllFamilies(noBass))).toBe(2 * barTicks)
    // A note past the length makes the piece longer; no length: the last note's end.
    const longer = { ...noBass, length: 100 }
    expect(pieceLength(longer)).toBe(120)
    expect(pieceLength({ ...noBass, length: undefined })).toBe(120)
  })

  it('thresholds each family at its own value where given', () => {
    const raw = rawRoll([
      [0, 36, 0, 0.4],
      [0, 60, 1, 0.4],
      [4, 62, 1, 0.8]
    ])
    const familyThresholds = Array.from({ length: 17 }, (_, f) => (f === 0 ? 0.3 : 0.7))
    const p = rollToPiece(raw, c, { threshold: 0.9, familyThresholds })
    expect(p.tracks.map((t) => [t.family, t.notes.map((n) => n.pitch)])).toEqual([
      [0, [36]],
      [1, [62]]
    ])
    expect(rollToPiece(raw, c, { threshold: 0.9 }).tracks).toEqual([])
  })
})
