import { describe, expect, it } from 'vitest'
import { emaSmooth, extent, nearestIndex } from '../../../src/renderer/src/charts/smoothing'
import { bucketsFromColumns, toColumns } from '../../../src/renderer/src/charts/curves'

describe('emaSmooth', () => {
  it('returns the input unchanged at weight 0', () => {
    expect(emaSmooth([3, -1, 4, 1.5], 0)).toEqual([3, -1, 4, 1.5])
  })

  it('is debiased: a constant series stays constant from the first point', () => {
    for (const v of emaSmooth([2, 2, 2, 2, 2], 0.9)) expect(v).toBeCloseTo(2, 12)
  })

  it('matches the recurrence by hand', () => {
    const w = 0.5
    const out = emaSmooth([0, 4, 8], w)
    // last: 0 -> 2 -> 5; debias: 0.5 -> 0.75 -> 0.875
    expect(out[0]).toBeCloseTo(0)
    expect(out[1]).toBeCloseTo(2 / 0.75)
    expect(out[2]).toBeCloseTo(5 / 0.875)
  })

  it('passes gaps through without resetting', () => {
    const out = emaSmooth([1, null, 3, NaN, 5], 0.5)
    expect(out[1]).toBeNull()
    expect(out[3]).toBeNull()
    expect(out[2]).toBeCloseTo(emaSmooth([1, 3], 0.5)[1]!)
  })

  it('reduces the variance of a noisy series', () => {
    const noisy = Array.from({ length: 400 }, (_, i) => Math.sin(i / 40) + (i % 2 ? 0.5 : -0.5))
    const sm = emaSmooth(noisy, 0.9) as number[]
    const diffVar = (a: number[]) => a.slice(1).reduce((s, v, i) => s + (v - a[i]) ** 2, 0)
    expect(diffVar(sm)).toBeLessThan(diffVar(noisy) / 10)
  })
})

describe('series helpers', () => {
  it('extent spans all finite values of every series', () => {
    expect(
      extent([
        [1, null, 5],
        [-2, NaN]
      ])
    ).toEqual([-2, 5])
    expect(extent([[null]])).toBeNull()
  })

  it('nearestIndex finds the closest x', () => {
    const xs = [0, 10, 20, 30]
    expect(nearestIndex(xs, 14)).toBe(1)
    expect(nearestIndex(xs, 16)).toBe(2)
    expect(nearestIndex(xs, 99)).toBe(3)
    expect(nearestIndex([], 1)).toBe(-1)
  })

  it('toColumns smooths only the mean and keeps min/max as the band', () => {
    const buckets = bucketsFromColumns({ x: [0, 50], mean: [1, 3], min: [0, 2], max: [2, 4] })
    expect(buckets[1]).toEqual({ x: 50, mean: 3, min: 2, max: 4 })
    const c = toColumns({ id: 'a', label: 'a', color: '#fff', buckets }, 0.5)
    expect(c.xs).toEqual([0, 50])
    expect(c.min).toEqual([0, 2])
    expect(c.max).toEqual([2, 4])
    expect(c.mean[1]).toBeCloseTo(emaSmooth([1, 3], 0.5)[1]!)
  })
})
