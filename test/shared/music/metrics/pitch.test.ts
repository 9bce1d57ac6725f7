import { describe, expect, it } from 'vitest'
import { computeMetrics } from '@shared/music/metrics'
import { SMALL, empty, example, on } from './fixture'

describe('pitch metrics', () => {
  // Non-drum notes: C60 [0,4), E64 [0,2) (piano); C60 [2,6), G67 [8,9) (guitar).
  const m = computeMetrics(example(), SMALL)

  it('range, pitches and pitch classes used', () => {
    expect(m.pitch_range).toBe(7) // 67 - 60
    expect(m.n_pitches_used).toBe(3)
    expect(m.n_pitch_classes_used).toBe(3)
  })

  it('entropies of note counts', () => {
    // Pitches 60:2, 64:1, 67:1 -> p = 1/2, 1/4, 1/4 -> H = 0.5 + 0.5 + 0.5 = 1.5 bits.
    expect(m.pitch_entropy).toBeCloseTo(1.5, 12)
    expect(m.pitch_class_entropy).toBeCloseTo(1.5, 12)
  })

  it('scale consistency: C, E, G fit C major; with C# and F# added the best scale holds 5 of 6', () => {
    expect(m.scale_consistency).toBe(1)
    const r = example()
    on(r, 1, 1, 20, 22) // C#
    on(r, 1, 6, 24, 26) // F#
    // Notes C, C, E, G, C#, F#: G major (G A B C D E F#) holds all but C# -> 5/6.
    expect(computeMetrics(r, SMALL).scale_consistency).toBeCloseTo(5 / 6, 12)
  })

  it('UPC averages pitch classes over bars with notes', () => {
    expect(m.upc_per_bar).toBe(3) // bar 0: C, E, G; bar 1 silent, not counted
    const r = example()
    on(r, 5, 11, 16, 17) // Bass B in bar 1 -> bar 1 has 1 class
    expect(computeMetrics(r, SMALL).upc_per_bar).toBe(2)
    expect(computeMetrics(empty(), SMALL).upc_per_bar).toBeNaN()
  })

  it('qualified notes by minimum length', () => {
    // Lengths 4, 2, 4, 1 steps.
    expect(m.qualified_note_rate).toBe(3 / 4)
    expect(computeMetrics(example(), SMALL, { qualifiedMinSteps: 3 }).qualified_note_rate).toBe(
      2 / 4
    )
  })
})
