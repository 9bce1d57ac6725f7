import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { initBackend } from '../../../src/main/ml/backend'
import { presetConfig } from '../../../src/main/ml/config'
import { syntheticSource } from '../../../src/main/ml/data'
import {
  GENERATE_CHUNK,
  disposeGenerator,
  generateFromNoise,
  generateFromSeeds,
  loadGenerator,
  noiseForSeed,
  rawToPiece,
  slerp
} from '../../../src/main/ml/generate'
import { Trainer } from '../../../src/main/ml/trainer'
import { tf } from '../../../src/main/ml/tf'
import { FAMILIES } from '../../../src/shared/music/families'

const dir = mkdtempSync(join(tmpdir(), 'b2b-gen-'))
let file = ''
beforeAll(async () => {
  await initBackend('wasm')
  const config = presetConfig('test', { epochs: 2, checkpointEvery: 0 })
  const t = await Trainer.open({ config, source: syntheticSource(8, [16, 12, 17], 4), dir })
  await t.run()
  file = (await t.checkpoint('stop')).file
  t.dispose()
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('generation from a checkpoint', () => {
  it('same checkpoint + seed gives the same raw output, in any batch', async () => {
    const g1 = loadGenerator(file)
    const g2 = loadGenerator(file)
    const a = await generateFromSeeds(g1, [11, 12, 13])
    const b = await generateFromSeeds(g2, [13, 11])
    const size = 16 * 12 * 17
    expect(a.shape).toEqual([3, 16, 12, 17])
    expect(Array.from(b.raw.subarray(size, 2 * size))).toEqual(Array.from(a.raw.subarray(0, size)))
    expect(Array.from(a.raw.subarray(0, size))).not.toEqual(
      Array.from(a.raw.subarray(size, 2 * size))
    )
    disposeGenerator(g1)
    disposeGenerator(g2)
  })

  it('generates more pieces than one chunk in chunks, each as it would alone; variety scales z', async () => {
    const g = loadGenerator(file)
    const seeds = Array.from({ length: GENERATE_CHUNK + 5 }, (_, i) => 100 + i)
    const all = await generateFromSeeds(g, seeds)
    const size = 16 * 12 * 17
    const last = await generateFromSeeds(g, [seeds[seeds.length - 1]])
    expect(all.shape[0]).toBe(seeds.length)
    expect(Array.from(all.raw.subarray((seeds.length - 1) * size))).toEqual(Array.from(last.raw))
    const calm = await generateFromSeeds(g, [seeds[0]], 0)
    const zero = await generateFromNoise(g, [new Float32Array(g.gan.model.zDim)])
    expect(Array.from(calm.raw)).toEqual(Array.from(zero.raw))
    disposeGenerator(g)
  })

  it('keeps numTensors flat over 50 generations', async () => {
    const g = loadGenerator(file)
    await generateFromSeeds(g, [1])
    const before = tf.memory().numTensors
    for (let i = 0; i < 50; i++) await generateFromSeeds(g, [i])
    expect(tf.memory().numTensors).toBe(before)
    disposeGenerator(g)
  })

  it('thresholds the stored raw output later, per track, with GM programs', async () => {
    const g = loadGenerator(file)
    const batch = await generateFromSeeds(g, [5])
    const values = Array.from(batch.raw).sort((x, y) => x - y)
    const median = values[Math.floor(values.length / 2)]
    const low = rawToPiece(batch, g.config.model, 0, { threshold: values[0] - 1e-6 })
    const mid = rawToPiece(batch, g.config.model, 0, { threshold: median })
    const count = (p: typeof low) => p.tracks.reduce((s, t) => s + t.notes.length, 0)
    expect(count(low)).toBeGreaterThan(0)
    expect(count(mid)).toBeLessThanOrEqual(count(low))
    expect(low.tracks).toHaveLength(17)
    for (const t of low.tracks) expect(t.program).toBe(FAMILIES[t.family].program)
    const enabled = FAMILIES.map((_, i) => i !== 0 && i !== 5)
    const masked = rawToPiece(batch, g.config.model, 0, { threshold: values[0] - 1e-6, enabled })
    expect(masked.tracks.map((t) => t.family)).not.toContain(0)
    expect(masked.tracks).toHaveLength(15)
    disposeGenerator(g)
  })

  it('interpolates spherically between two seeds', async () => {
    const a = noiseForSeed(1, 64)
    const b = noiseForSeed(2, 64)
    expect(
      Array.from(slerp(a, b, 0))
        .map((v, i) => v - a[i])
        .every((d) => Math.abs(d) < 1e-5)
    ).toBe(true)
    expect(
      Array.from(slerp(a, b, 1))
        .map((v, i) => v - b[i])
        .every((d) => Math.abs(d) < 1e-5)
    ).toBe(true)
    const norm = (v: Float32Array) => Math.hypot(...v)
    const mid = slerp(a, b, 0.5)
    expect(norm(mid)).toBeGreaterThan(Math.min(norm(a), norm(b)) * 0.9)
    const g = loadGenerator(file)
    const out = await generateFromNoise(g, [
      a.subarray(0, 8),
      slerp(a.subarray(0, 8), b.subarray(0, 8), 0.5)
    ])
    expect(out.shape[0]).toBe(2)
    disposeGenerator(g)
  })
})
