import { describe, expect, it } from 'vitest'
import {
  METRICS,
  computeMetrics,
  cosine,
  metricContext,
  selfSimilarity,
  tonalDistance
} from '@shared/music/metrics'
import { summarize } from '@shared/music/metrics'
import type { RollConfig } from '@shared/music/pianoroll'
import { SMALL, empty, example, on } from './fixture'

describe('tonal distance', () => {
  it('is 0 for the same chord and the worked value for C+E vs C', () => {
    const ctx = metricContext(example(), SMALL)
    // Only beat 0 has both tracks: Piano chroma C:4 E:2 -> (2/3, 1/3); Guitar C:2 -> C.
    // Φ(C) = (0,1,0,1,0,.5); Φ(E) = (√3/2,-1/2,0,1,√3/4,-1/4). Difference = (Φ(E) - Φ(C)) / 3 =
    // (√3/2, -3/2, 0, 0, √3/4, -3/4) / 3, norm² = (3/4 + 9/4 + 3/16 + 9/16) / 9 = 3.75 / 9.
    expect(tonalDistance(ctx, 1, 4)).toBeCloseTo(Math.sqrt(3.75) / 3, 12)
    expect(computeMetrics(example(), SMALL).tonal_distance).toBeCloseTo(Math.sqrt(3.75) / 3, 12)
    const r = empty()
    on(r, 1, 0, 0, 4)
    on(r, 6, 0, 0, 4)
    expect(tonalDistance(metricContext(r, SMALL), 1, 6)).toBe(0)
    expect(tonalDistance(metricContext(r, SMALL), 1, 5)).toBeNaN() // Bass is silent
  })
})

describe('self-similarity', () => {
  const c: RollConfig = { ...SMALL, pitchCount: 24 }

  it('cosine handles empty vectors', () => {
    expect(cosine([1, 1], [1, 0])).toBeCloseTo(Math.SQRT1_2, 12)
    expect(cosine([0, 0], [0, 0])).toBe(1)
    expect(cosine([0, 0], [1, 0])).toBe(0)
  })

  it('chroma features see octaves as alike, roll features do not', () => {
    const r = empty(c)
    on(r, 1, 0, 0, 4, c) // C4 in beat 0
    on(r, 1, 12, 4, 8, c) // C5 in beat 1
    const ctx = metricContext(r, c)
    const chroma = selfSimilarity(ctx, { level: 'beat', feature: 'chroma' })
    const roll = selfSimilarity(ctx, { level: 'beat', feature: 'roll' })
    expect(chroma.n).toBe(8)
    expect(chroma.values[0 * 8 + 1]).toBe(1)
    expect(roll.values[0 * 8 + 1]).toBe(0)
    expect(roll.values[2 * 8 + 3]).toBe(1) // two silent beats
    const steps = selfSimilarity(ctx, { level: 'step', feature: 'roll' })
    expect(steps.n).toBe(32)
    expect(steps.values[0 * 32 + 3]).toBe(1)
  })

  it('bar self-similarity of the example: a sounding bar against a silent one', () => {
    expect(computeMetrics(example(), SMALL).self_similarity_bar).toBe(0)
  })
})

describe('catalogue and summary', () => {
  it('lists exactly the metrics computeMetrics returns, polyphony first', () => {
    const ids = Object.keys(computeMetrics(example(), SMALL))
    expect(METRICS.map((m) => m.id)).toEqual(ids)
    expect(ids[0]).toBe('polyphony')
  })

  it('summarize gives mean, sample sd and n, skipping NaN', () => {
    expect(summarize([1, 2, 3, NaN])).toEqual({ mean: 2, sd: 1, n: 3 })
    expect(summarize([NaN])).toEqual({ mean: NaN, sd: 0, n: 0 })
  })
})
