import { describe, expect, it } from 'vitest'
import {
  binomialPmf,
  binomialTwoSided,
  binomialUpper,
  summarize,
  type ListeningAnswer
} from '../../../src/renderer/src/features/listening/scoring'
import {
  makePairs,
  mulberry32,
  shuffled
} from '../../../src/renderer/src/features/listening/pairing'

describe('binomial test', () => {
  it('pmf sums to 1 and matches a hand value', () => {
    let s = 0
    for (let k = 0; k <= 20; k++) s += binomialPmf(k, 20, 0.3)
    expect(s).toBeCloseTo(1, 12)
    expect(binomialPmf(2, 4, 0.5)).toBeCloseTo(6 / 16, 12)
  })

  it('two-sided p-values agree with R binom.test', () => {
    // binom.test(4, 20): p = 0.01182; binom.test(14, 20): 0.1153; binom.test(10, 20): 1
    expect(binomialTwoSided(4, 20)).toBeCloseTo(0.01182, 4)
    expect(binomialTwoSided(14, 20)).toBeCloseTo(0.1153, 4)
    expect(binomialTwoSided(10, 20)).toBeCloseTo(1, 12)
    expect(binomialTwoSided(3, 3)).toBeCloseTo(0.25, 12)
  })

  it('one-sided upper tail', () => {
    expect(binomialUpper(3, 3)).toBeCloseTo(1 / 8, 12)
    expect(binomialUpper(0, 5)).toBeCloseTo(1, 12)
  })
})

describe('summarize', () => {
  const ans = (
    picked: 'a' | 'b',
    aiIs: 'a' | 'b',
    rr: number,
    rg: number,
    i: number
  ): ListeningAnswer => ({
    pairIndex: i,
    realId: `r${i}`,
    generatedId: `g${i}`,
    aiIs,
    picked,
    ratingReal: rr,
    ratingGenerated: rg
  })

  it('counts identifications and ratings', () => {
    const s = summarize([
      ans('a', 'a', 4, 2, 0),
      ans('a', 'b', 5, 3, 1),
      ans('b', 'b', 3, 5, 2),
      ans('b', 'a', 2, 4, 3)
    ])
    expect(s.pairs).toBe(4)
    expect(s.identified).toBe(2)
    expect(s.rate).toBe(0.5)
    expect(s.pValue).toBeCloseTo(1, 12)
    expect(s.meanRatingReal).toBe(3.5)
    expect(s.meanRatingGenerated).toBe(3.5)
    expect(s.pleasingGenerated).toBe(0.75)
  })
})

describe('pairing', () => {
  const reals = Array.from({ length: 6 }, (_, i) => ({ id: `r${i}` }))
  const gens = Array.from({ length: 5 }, (_, i) => ({ id: `g${i}` }))

  it('gives distinct real and generated items with a hidden side', () => {
    const p = makePairs(reals, gens, 5, 7)
    expect(new Set(p.map((x) => x.realId)).size).toBe(5)
    expect(new Set(p.map((x) => x.generatedId)).size).toBe(5)
    for (const x of p) {
      const ai = x.aiIs === 'a' ? x.a : x.b
      const real = x.aiIs === 'a' ? x.b : x.a
      expect(ai.id).toBe(x.generatedId)
      expect(real.id).toBe(x.realId)
    }
  })

  it('is reproducible per seed and puts the AI first about half the time', () => {
    expect(makePairs(reals, gens, 3, 42)).toEqual(makePairs(reals, gens, 3, 42))
    let first = 0
    for (let seed = 0; seed < 400; seed++)
      first += makePairs(reals, gens, 1, seed)[0].aiIs === 'a' ? 1 : 0
    expect(first).toBeGreaterThan(160)
    expect(first).toBeLessThan(240)
  })

  it('refuses to build more pairs than the pools hold', () => {
    expect(() => makePairs(reals, gens, 6, 1)).toThrow(RangeError)
  })

  it('shuffles every permutation of 3 items', () => {
    const rand = mulberry32(3)
    const seen = new Set<string>()
    for (let i = 0; i < 300; i++) seen.add(shuffled([1, 2, 3], rand).join())
    expect(seen.size).toBe(6)
  })
})
