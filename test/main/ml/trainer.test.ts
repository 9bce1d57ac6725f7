import { mkdtempSync, readdirSync, rmSync, truncateSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { initBackend } from '../../../src/main/ml/backend'
import { presetConfig } from '../../../src/main/ml/config'
import { syntheticSource } from '../../../src/main/ml/data'
import { Trainer, type StepMetrics } from '../../../src/main/ml/trainer'
import { listCheckpoints, loadCheckpoint } from '../../../src/main/ml/checkpoint'
import { tf } from '../../../src/main/ml/tf'

const config = presetConfig('test', { epochs: 3, checkpointEvery: 1, sampleEvery: 1 })
const source = (count = 16) => syntheticSource(count, [16, 12, 17], 3)
const dirs: string[] = []
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'b2b-trainer-'))
  dirs.push(d)
  return d
}

beforeAll(async () => {
  await initBackend('wasm')
})
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

describe('Trainer on the cpu backend (tiny config)', () => {
  for (const backend of ['cpu', 'wasm'] as const) {
    it(`${backend}: 2k steps end bit-identical to k steps + stop + resume k steps`, async () => {
      await tf.setBackend(backend)
      const rowsA: StepMetrics[] = []
      const open = (dir: string, rows: StepMetrics[], resume = false) =>
        Trainer.open({
          config,
          source: source(8),
          dir,
          resume,
          hooks: { onMetrics: (r) => rows.push(r) }
        })
      const a = await open(tmp(), rowsA)
      expect(await a.run()).toBe('end')
      const hashA = await a.stateHash()
      expect(a.step).toBe(6)
      a.dispose()

      const dir = tmp()
      const rowsB: StepMetrics[] = []
      const b1 = await open(dir, rowsB)
      expect(await b1.run(3)).toBe('limit')
      await b1.checkpoint('stop')
      b1.dispose()
      const b2 = await open(dir, rowsB, true)
      expect(b2.step).toBe(3)
      await b2.run()
      expect(await b2.stateHash()).toBe(hashA)
      b2.dispose()
      const key = (r: StepMetrics) => [r.step, r.dLoss, r.gLoss, r.gp, r.wasserstein]
      expect(rowsB.map(key)).toEqual(rowsA.map(key))
      await tf.setBackend('wasm')
    })
  }

  it('records every batch, decays the learning rate, keeps raw samples and the last 3 checkpoints', async () => {
    const cfg = presetConfig('test', {
      epochs: 4,
      decayEvery: 2,
      checkpointEvery: 1,
      sampleEvery: 2
    })
    const rows: StepMetrics[] = []
    const samples: Float32Array[] = []
    const dir = tmp()
    const t = await Trainer.open({
      config: cfg,
      source: source(),
      dir,
      hooks: { onMetrics: (r) => rows.push(r), onSample: (s) => samples.push(s.raw) }
    })
    await t.run()
    expect(rows.map((r) => r.step)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1))
    expect(rows[0].lrD).toBe(cfg.train.lrD)
    expect(rows[15].lrD).toBeCloseTo(cfg.train.lrD * 0.75, 12)
    expect(rows.filter((r) => r.gLoss !== null)).toHaveLength(3)
    for (const r of rows) expect(Number.isFinite(r.dLoss) && r.gp >= 0).toBe(true)
    expect(samples).toHaveLength(2)
    expect(samples[0].some((v) => v > 0 && v < 1 && v !== 0.5)).toBe(true)
    expect(listCheckpoints(dir)).toHaveLength(3)
    const meta = loadCheckpoint<{ step: number }>(listCheckpoints(dir)[0])
    expect(meta.meta.step).toBe(16)
    const iter = meta.tensors.find((x) => x.name === 'optD/iter')!
    expect(iter.data).toBeInstanceOf(Int32Array)
    expect(Array.from(iter.data)).toEqual([16])
    t.dispose()
  })

  it('falls back to the previous checkpoint when the newest is truncated', async () => {
    const dir = tmp()
    const t = await Trainer.open({ config, source: source(), dir })
    await t.run(8)
    t.dispose()
    const files = listCheckpoints(dir)
    expect(files.length).toBeGreaterThanOrEqual(2)
    truncateSync(files[0], statSync(files[0]).size - 100)
    const r = await Trainer.open({ config, source: source(), dir, resume: true })
    expect(r.step).toBe(4)
    expect(r.skippedCheckpoints[0]).toMatch(/truncated/)
    r.dispose()
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toHaveLength(0)
  })

  it('keeps numTensors flat over 50 steps', async () => {
    const cfg = presetConfig('test', { epochs: 100, checkpointEvery: 0, sampleEvery: 0 })
    const t = await Trainer.open({ config: cfg, source: source(), dir: tmp() })
    await t.run(5)
    const before = tf.memory().numTensors
    await t.run(50)
    expect(tf.memory().numTensors).toBe(before)
    t.dispose()
  })
})
