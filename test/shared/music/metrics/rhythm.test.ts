import { describe, expect, it } from 'vitest'
import { computeMetrics } from '@shared/music/metrics'
import { PAPER_ROLL, rollIndex, rollSize } from '@shared/music/pianoroll'
import { SMALL, empty, example, on } from './fixture'

describe('rhythm metrics', () => {
  const m = computeMetrics(example(), SMALL)

  it('empty beats and bars count every track, drums included', () => {
    // Beats 0..3 of bar 0 sound (beat 3 only by the drum hit at 12); beats 4..7 are silent.
    expect(m.empty_beat_rate).toBe(4 / 8)
    expect(m.empty_bar_rate).toBe(1 / 2)
  })

  it('drum pattern measures', () => {
    // Drum onsets 0, 1, 4, 8, 12. At 4 steps per beat muspy's duple grid (res/4, res/2) takes all.
    expect(m.drum_pattern_consistency).toBe(1)
    expect(m.drum_pattern_dp).toBe(1) // one step per 16th: the MuseGAN filter is all ones
    expect(m.drum_eighth_rate).toBe(4 / 5) // step 1 is off the 8th grid
  })

  it('drum pattern at 24 steps per beat: muspy grid and MuseGAN filter', () => {
    const c = { ...PAPER_ROLL, stepsPerBeat: 24, bars: 1 }
    const r = new Uint8Array(rollSize(c))
    // Hits at 0 (on grid), 6 (16th), 8 (triplet 8th), 13 (none).
    for (const t of [0, 6, 8, 13]) r[rollIndex(c, t, 12, 0)] = 1
    const x = computeMetrics(r, c)
    // Duple grid {0,6,12,18}: 0 and 6 -> 2/4; triple grid {0,8,16}: 0 and 8 -> 2/4.
    expect(x.drum_pattern_consistency).toBe(2 / 4)
    // MuseGAN filter, period 6 = (1, .1, 0, 0, 0, .1). Hits mod 6 = 0, 0, 2, 1. Shift 0 scores
    // 1 + 1 + 0 + .1 = 2.1; shifts 1..5 move the two grid hits off the 1s (next best: shift 5,
    // .1 + .1 + .1 + 1 = 1.3). Best: 2.1 / 4.
    expect(x.drum_pattern_dp).toBeCloseTo(2.1 / 4, 12)
  })

  it('groove consistency compares onset patterns of neighbouring bars', () => {
    // Bar 0 onsets at {0,1,2,4,8,12}; bar 1 none: hamming 6 -> 1 - 6/16.
    expect(m.groove_consistency).toBe(1 - 6 / 16)
    const r = example()
    for (const t of [0, 1, 2, 4, 8, 12]) on(r, 0, 3, 16 + t)
    expect(computeMetrics(r, SMALL).groove_consistency).toBe(1)
    expect(computeMetrics(r, { ...SMALL, bars: 1 }).groove_consistency).toBeNaN()
  })
})

describe('metrics of silence (issue 14: empty music read as a perfect score)', () => {
  it('groove consistency and bar self-similarity are NaN without notes, not 1', () => {
    const silent = computeMetrics(empty(), SMALL)
    expect(silent.groove_consistency).toBeNaN()
    expect(silent.self_similarity_bar).toBeNaN()
    // what silence truly measures stays: every beat and bar is empty
    expect(silent.empty_beat_rate).toBe(1)
    expect(silent.empty_bar_rate).toBe(1)
  })

  it('one note is enough to measure them again', () => {
    const r = empty()
    on(r, 1, 0, 2, 3)
    const one = computeMetrics(r, SMALL)
    expect(one.groove_consistency).toBeGreaterThanOrEqual(0)
    expect(one.groove_consistency).toBeLessThan(1)
    expect(Number.isFinite(one.self_similarity_bar)).toBe(true)
  })
})
