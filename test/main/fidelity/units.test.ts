import { describe, expect, it } from 'vitest'
import { twoSampleTest } from '../../../src/main/fidelity/classifier'
import { nearestSimilarity, onCells, quantile } from '../../../src/main/fidelity/nearest'
import { drumClass, drumName } from '../../../src/main/fidelity/drums'
import { transposeRoll } from '../../../src/main/ml/augment'
import { fillNormal, mulberry32 } from '../../../src/shared/random'

const gaussian = (n: number, d: number, shift: number, seed: number) => {
  const r = mulberry32(seed)
  return Array.from({ length: n }, () =>
    Array.from(fillNormal(new Float32Array(d), r), (v, j) => v + (j === 0 ? shift : 0))
  )
}

describe('classifier two-sample test', () => {
  it('tells apart samples whose first feature differs by 6 sd, and not samples of one distribution', () => {
    const names = ['a', 'b', 'c']
    const apart = twoSampleTest(gaussian(100, 3, 0, 1), gaussian(100, 3, 6, 2), names)
    expect(apart.accuracy).toBeGreaterThan(0.95)
    expect(apart.single.name).toBe('a')
    expect(apart.folds).toHaveLength(5)
    expect(apart.gaps[0].name).toBe('a')
    expect(apart.gaps[0].gap).toBeGreaterThan(4) // 6 sd apart, give or take the sampling
    expect(apart.gaps[0].gap).toBeLessThan(8)
    expect(Math.abs(apart.gaps[1].gap)).toBeLessThan(0.5)
    const same = twoSampleTest(gaussian(100, 3, 0, 3), gaussian(100, 3, 0, 4), names)
    expect(same.accuracy).toBeGreaterThan(0.3)
    expect(same.accuracy).toBeLessThan(0.7)
  })

  it('balances the classes and survives NaN features', () => {
    const real = gaussian(80, 2, 0, 5).map((x, i) => (i % 3 ? x : [NaN, x[1]]))
    const r = twoSampleTest(real, gaussian(30, 2, 3, 6), ['a', 'b'])
    expect(r.perClass).toBe(30)
    expect(Number.isFinite(r.accuracy)).toBe(true)
  })
})

describe('nearest training segment', () => {
  it('is 1 for a copy, 0 for disjoint rolls and the cosine in between', () => {
    const a = onCells([1, 1, 0, 0, 0.2], 0.5)
    const b = onCells([0, 0, 1, 1, 0], 0.5)
    const c = onCells([1, 0, 0, 0, 0], 0.5)
    expect(Array.from(a)).toEqual([0, 1])
    expect(nearestSimilarity([a], [a], 5)).toEqual([1])
    expect(nearestSimilarity([a], [b], 5)).toEqual([0])
    expect(nearestSimilarity([a, b], [b, c], 5)[0]).toBeCloseTo(1 / Math.sqrt(2), 10)
    expect(quantile([0, 1, 2, 3, 4], 0.5)).toBe(2)
    expect(quantile([0, 1], 0.95)).toBeCloseTo(0.95, 10)
  })
})

describe('GM drum names and classes', () => {
  it('names the kit and groups kick, snare and hats', () => {
    expect(drumName(36)).toBe('Bass Drum 1')
    expect(drumName(84)).toBe('not in GM')
    expect([36, 38, 42, 45, 49, 68].map(drumClass)).toEqual([0, 1, 2, 3, 4, 5])
  })
})

describe('transposition augmentation', () => {
  it('shifts pitched tracks and leaves the drum track alone', () => {
    const shape: [number, number, number] = [2, 5, 3]
    const data = new Float32Array(2 * 2 * 5 * 3)
    const at = (b: number, t: number, p: number, f: number) => ((b * 2 + t) * 5 + p) * 3 + f
    data[at(1, 0, 1, 1)] = 1
    data[at(1, 1, 4, 2)] = 1
    data[at(1, 0, 2, 0)] = 1
    transposeRoll(data, 1, shape, 2)
    expect(data[at(1, 0, 3, 1)]).toBe(1)
    expect(data[at(1, 0, 1, 1)]).toBe(0)
    expect(data[at(1, 1, 4, 2)]).toBe(0) // pushed past the top
    expect(data[at(1, 0, 2, 0)]).toBe(1) // drums stay
    transposeRoll(data, 1, shape, -3)
    expect(data[at(1, 0, 0, 1)]).toBe(1)
    expect(data.reduce((a, b) => a + b, 0)).toBe(2)
  })
})
