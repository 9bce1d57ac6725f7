import { describe, expect, it } from 'vitest'
import { fillNormal, mulberry32, permutation, shuffled } from '../../src/shared/random'

const draws = (rand: () => number, n: number) => Array.from({ length: n }, () => rand())

describe('seeded random source', () => {
  it('replays a seed exactly and differs between seeds', () => {
    expect(draws(mulberry32(42), 100)).toEqual(draws(mulberry32(42), 100))
    expect(draws(mulberry32(42), 100)).not.toEqual(draws(mulberry32(43), 100))
    // Seeds are taken as uint32, so 2^32 + 5 is seed 5.
    expect(draws(mulberry32(2 ** 32 + 5), 10)).toEqual(draws(mulberry32(5), 10))
  })

  it('draws uniformly in [0, 1)', () => {
    const xs = draws(mulberry32(1), 20_000)
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0)
    expect(Math.max(...xs)).toBeLessThan(1)
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length
    expect(mean).toBeCloseTo(0.5, 1)
    const tenths = new Array(10).fill(0)
    for (const x of xs) tenths[Math.floor(x * 10)]++
    for (const c of tenths) expect(Math.abs(c - 2000)).toBeLessThan(200)
  })

  it('permutation is shuffled(0..n-1) from the seed, a true permutation, and reaches every order', () => {
    const p = permutation(263, 7)
    expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: 263 }, (_, i) => i))
    expect(p).toEqual(
      shuffled(
        Array.from({ length: 263 }, (_, i) => i),
        mulberry32(7)
      )
    )
    expect(permutation(0, 1)).toEqual([])
    const seen = new Set(Array.from({ length: 200 }, (_, s) => permutation(3, s).join()))
    expect(seen.size).toBe(6)
  })

  it('shuffles a copy and leaves the input alone', () => {
    const items = ['a', 'b', 'c', 'd', 'e']
    const out = shuffled(items, mulberry32(3))
    expect(items).toEqual(['a', 'b', 'c', 'd', 'e'])
    expect([...out].sort()).toEqual(items)
  })

  it('fills standard normals (odd lengths too), the same for the same seed', () => {
    const z = fillNormal(new Float32Array(20_001), mulberry32(9))
    const mean = z.reduce((s, x) => s + x, 0) / z.length
    const variance = z.reduce((s, x) => s + (x - mean) ** 2, 0) / z.length
    expect(Math.abs(mean)).toBeLessThan(0.03)
    expect(variance).toBeCloseTo(1, 1)
    expect(z.every(Number.isFinite)).toBe(true)
    expect(fillNormal(new Float32Array(5), mulberry32(9))).toEqual(z.subarray(0, 5))
  })
})
