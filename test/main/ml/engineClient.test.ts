import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { initBackend } from '../../../src/main/ml/backend'
import { presetConfig } from '../../../src/main/ml/config'
import { syntheticSource } from '../../../src/main/ml/data'
import { EngineClient } from '../../../src/main/ml/engineClient'
import {
  disposeGenerator,
  generateFromNoise,
  generateFromSeeds,
  loadGenerator,
  noiseForSeed,
  rawToPiece,
  slerp
} from '../../../src/main/ml/generate'
import { Trainer } from '../../../src/main/ml/trainer'
import { transposePiece } from '../../../src/shared/music/transpose'

// The engine worker generates exactly what the engine generates in-thread, keeps its model warm, survives a bad request,
// and re-binarises kept generations itself.

const dir = mkdtempSync(join(tmpdir(), 'b2b-engine-'))
const engine = new EngineClient()
let file = ''
beforeAll(async () => {
  // The reference checkpoint is trained in this thread; the engine worker has its own tfjs and wasm heap.
  await initBackend('wasm')
  const config = presetConfig('test', { epochs: 2, checkpointEvery: 0 })
  const t = await Trainer.open({ config, source: syntheticSource(8, [16, 12, 17], 4), dir })
  await t.run()
  file = (await t.checkpoint('stop')).file
  t.dispose()
})
afterAll(async () => {
  await engine.close()
  rmSync(dir, { recursive: true, force: true })
})

const bin = { threshold: 0.5 }

describe('engine worker (generation off the main thread)', () => {
  it('generates the same raw output and pieces as in-thread generation, and the second call is warm', async () => {
    const g = loadGenerator(file)
    const want = await generateFromSeeds(g, [7, 8, 9])
    const seeds = { kind: 'seeds' as const, seeds: [7, 8, 9] }
    const opts = { backend: 'wasm' as const, wantRaw: true }
    const first = await engine.generate('a', file, seeds, bin, opts)
    const second = await engine.generate(
      'b',
      file,
      seeds,
      { ...bin, titles: ['x', 'y', 'z'] },
      opts
    )
    expect(first.info!.raw!.shape).toEqual([3, 16, 12, 17])
    expect(Array.from(first.info!.raw!.data)).toEqual(Array.from(want.raw))
    expect(Array.from(second.info!.raw!.data)).toEqual(Array.from(want.raw))
    expect([first.info!.warm, second.info!.warm]).toEqual([false, true])
    expect(first.pieces).toEqual([0, 1, 2].map((i) => rawToPiece(want, g.config.model, i, bin)))
    expect(second.pieces.map((p) => p.title)).toEqual(['x', 'y', 'z'])
    expect(engine.backend?.name).toBe('wasm')
    disposeGenerator(g)
  })

  it('re-binarises a kept generation in the worker at another threshold and track selection', async () => {
    const g = loadGenerator(file)
    const want = await generateFromSeeds(g, [7, 8, 9])
    const enabled = Array.from({ length: 17 }, (_, i) => i % 2 === 0)
    const again = await engine.binarize('a', { threshold: 0.3, tracks: enabled })
    expect(again.pieces).toEqual(
      [0, 1, 2].map((i) => rawToPiece(want, g.config.model, i, { threshold: 0.3, enabled }))
    )
    await expect(engine.binarize('never', bin)).rejects.toMatchObject({ code: 'not_kept' })
    disposeGenerator(g)
  })

  it('interpolates along the slerp path between two seeds', async () => {
    const g = loadGenerator(file)
    const zDim = g.gan.model.zDim
    const [a, b] = [noiseForSeed(3, zDim), noiseForSeed(4, zDim)]
    const want = await generateFromNoise(
      g,
      [0, 1, 2, 3].map((i) => slerp(a, b, i / 3))
    )
    const noise = { kind: 'slerp' as const, seedA: 3, seedB: 4, steps: 4 }
    const got = await engine.generate('c', file, noise, bin, { wantRaw: true, backend: 'wasm' })
    expect(Array.from(got.info!.raw!.data)).toEqual(Array.from(want.raw))
    disposeGenerator(g)
  })

  it('searches a piece shown in another key in the model’s own key, and answers in the shown key', async () => {
    const made = (await engine.generate('k', file, { kind: 'seeds', seeds: [5] }, bin)).pieces[0]
    const shown = transposePiece(made, 2) // the composer moved it two semitones up (Compose's Key)
    const keep = { bars: [0], tracks: [0, 1, 5] } // the test model's window is one bar
    const settings = { threshold: 0.5, steps: 10, restarts: 1, seed: 3 }
    const spec = (piece: typeof made) => ({
      kind: 'inpaint' as const,
      piece,
      keep,
      fromBar: 0,
      count: 2
    })
    const inModelKey = await engine.search(file, spec(made), settings).done
    const inShownKey = await engine.search(file, spec(shown), { ...settings, transpose: 2 }).done
    expect(inModelKey.candidates.length).toBeGreaterThan(0)
    expect(inShownKey.candidates.map((c) => c.f1)).toEqual(inModelKey.candidates.map((c) => c.f1))
    expect(inShownKey.candidates.map((c) => c.piece)).toEqual(
      inModelKey.candidates.map((c) => transposePiece(c.piece, 2))
    )
  })

  it('answers a bad request with its error and keeps serving the next ones', async () => {
    const one = { kind: 'seeds' as const, seeds: [1] }
    await expect(engine.generate('d', join(dir, 'missing.b2bckpt'), one, bin)).rejects.toThrow(
      /ENOENT|no such file/
    )
    const ok = await engine.generate('e', file, one, bin)
    expect(ok.pieces).toHaveLength(1)
  })

  it('starts a fresh (cold) worker after close; the kept generations went with the old one', async () => {
    await engine.close()
    const again = await engine.generate('f', file, { kind: 'seeds', seeds: [2] }, bin)
    expect(again.info!.warm).toBe(false)
    await expect(engine.binarize('a', bin)).rejects.toMatchObject({ code: 'not_kept' })
  })
})
