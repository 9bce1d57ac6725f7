import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { initBackend } from '../../../src/main/ml/backend'
import { presetConfig } from '../../../src/main/ml/config'
import { syntheticSource } from '../../../src/main/ml/data'
import { Trainer, type CheckpointMeta } from '../../../src/main/ml/trainer'
import {
  decodeCheckpoint,
  encodeCheckpoint,
  listCheckpoints,
  loadCheckpoint,
  type StoredTensor
} from '../../../src/main/ml/checkpoint'

// T3 (docs/requirements.md): a checkpoint holds the weights, G's running statistics, both Adams' moments and int32
// iteration counts, the step, epoch, data cursor, seed and learning rates, and each comes back with its dtype.

const dir = mkdtempSync(join(tmpdir(), 'b2b-ckpt-fields-'))
beforeAll(async () => {
  await initBackend('cpu')
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('checkpoint fields (T3)', () => {
  it('round-trips float32 and int32 tensors bit for bit, with shapes and metadata', () => {
    const tensors: StoredTensor[] = [
      { name: 'w', shape: [2, 3], data: Float32Array.from([0.1, -0, NaN, Infinity, 1e-38, -3.5]) },
      { name: 'optD/iter', shape: [], data: Int32Array.from([2 ** 31 - 1]) },
      { name: 'empty', shape: [0, 4], data: new Float32Array(0) }
    ]
    const meta = {
      step: 7,
      epoch: 1,
      cursor: { epoch: 1, batch: 3 },
      seed: 42,
      lr: { g: 3e-4, d: 6e-4 }
    }
    const back = decodeCheckpoint<typeof meta>(Buffer.concat(encodeCheckpoint({ meta, tensors })))
    expect(back.meta).toEqual(meta)
    expect(back.tensors.map((t) => [t.name, t.shape, t.data.constructor.name])).toEqual(
      tensors.map((t) => [t.name, t.shape, t.data.constructor.name])
    )
    for (const [i, t] of back.tensors.entries())
      expect(Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength)).toEqual(
        Buffer.from(tensors[i].data.buffer)
      )
  })

  it("a trainer's checkpoint holds every field a resume needs", async () => {
    // nCritic 1: both optimizers step on every batch, so both hold moments.
    const config = presetConfig('test', {
      epochs: 1,
      nCritic: 1,
      checkpointEvery: 1,
      sampleEvery: 0
    })
    const t = await Trainer.open({ config, source: syntheticSource(8, [16, 12, 17], 3), dir })
    await t.run()
    t.dispose()
    const { meta, tensors } = loadCheckpoint<CheckpointMeta>(listCheckpoints(dir).at(-1)!)
    expect(meta).toMatchObject({ step: 2, epoch: 1, seed: config.train.seed, config })
    expect(meta.cursor).toEqual({ epoch: expect.any(Number), batch: expect.any(Number) })
    expect(meta.lr.g).toBeCloseTo(config.train.lrG)
    expect(meta.lr.d).toBeCloseTo(config.train.lrD)
    const names = tensors.map((x) => x.name)
    const group = (prefix: string) => names.filter((n) => n.startsWith(`${prefix}/`))
    const g = group('g')
    const d = group('d')
    expect(g.length).toBeGreaterThan(5)
    expect(d.length).toBeGreaterThan(5)
    expect(group('gs').length).toBeGreaterThan(0) // G's batch-norm running statistics
    for (const [opt, vars] of [
      ['optG', g],
      ['optD', d]
    ] as const) {
      const iter = tensors.find((x) => x.name === `${opt}/iter`)!
      expect(iter.data).toBeInstanceOf(Int32Array)
      // D steps once a batch, G once every nCritic batches.
      expect(iter.data[0]).toBe(
        opt === 'optD' ? meta.step : Math.floor(meta.step / config.train.nCritic)
      )
      // One first and one second moment per variable, float32, shaped as the variable.
      for (const v of vars) {
        const key = v.slice(2)
        const shape = tensors.find((x) => x.name === v)!.shape
        for (const m of ['m', 'v']) {
          const slot = tensors.find((x) => x.name === `${opt}/${m}/${key}`)!
          expect(slot.data).toBeInstanceOf(Float32Array)
          expect(slot.shape).toEqual(shape)
        }
      }
    }
  }, 60_000)
})
