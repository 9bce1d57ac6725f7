import { describe, expect, it } from 'vitest'
import { computeMetrics } from '@shared/music/metrics'
import { SMALL, empty, example } from './fixture'

describe('polyphony and its variants', () => {
  const m = computeMetrics(example(), SMALL)

  it('polyphony (paper) merges non-drum tracks and counts non-silent steps', () => {
    // Merged non-drum pitches per step: t0 C,E=2; t1 2; t2 C (piano+guitar, once)=1; t3 1; t4 1;
    // t5 1; t8 G=1. Sum 9 over 7 non-silent steps.
    expect(m.polyphony).toBeCloseTo(9 / 7, 12)
  })

  it('reports the variants side by side', () => {
    expect(m.polyphony_all_steps).toBeCloseTo(9 / 32, 12) // same sum over all 32 steps
    // Unmerged: C at t2, t3 counts twice -> 2+2+2+2+1+1+1 = 11 over 7 steps.
    expect(m.polyphony_unmerged).toBeCloseTo(11 / 7, 12)
    // Piano: 6 cells over 4 steps = 1.5; Guitar: 5 cells over 5 steps = 1; mean 1.25.
    expect(m.polyphony_per_track).toBeCloseTo(1.25, 12)
    // With drums (D hits at 0,1,4,8,12): t0 3, t1 3, t2 1, t3 1, t4 2, t5 1, t8 2, t12 1 = 14 / 8.
    expect(m.polyphony_with_drums).toBeCloseTo(14 / 8, 12)
  })

  it('polyphony_rate counts steps with at least N pitches over all steps', () => {
    expect(m.polyphony_rate).toBeCloseTo(2 / 32, 12) // t0 and t1 have 2 pitches
    const one = computeMetrics(example(), SMALL, { polyphonyMinPitches: 1 })
    expect(one.polyphony_rate).toBeCloseTo(7 / 32, 12)
  })

  it('is NaN (undefined) for a roll without non-drum notes, and 0 over all steps', () => {
    const r = computeMetrics(empty(), SMALL)
    expect(r.polyphony).toBeNaN()
    expect(r.polyphony_all_steps).toBe(0)
  })

  it('thresholds raw output at 0.9 before counting', () => {
    const raw = Float32Array.from(example(), (v) => (v ? 0.95 : 0.5))
    expect(computeMetrics(raw, SMALL).polyphony).toBeCloseTo(9 / 7, 12)
    expect(computeMetrics(raw, SMALL, { threshold: 0.99 }).polyphony).toBeNaN()
  })
})
