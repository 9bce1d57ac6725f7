import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { presetConfig } from '../../../src/main/ml/config'
import { startTraining } from '../../../src/main/ml/trainClient'
import type { TrainEvent } from '../../../src/main/ml/protocol'
import { listCheckpoints } from '../../../src/main/ml/checkpoint'

const dir = mkdtempSync(join(tmpdir(), 'b2b-worker-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('training worker', () => {
  it('trains a tiny config for real: start, pause, resume, stop, with progress, samples and checkpoints', async () => {
    const config = presetConfig('test', { epochs: 40, checkpointEvery: 2, sampleEvery: 1 })
    const h = startTraining({
      config,
      dataset: { kind: 'synthetic', count: 8, seed: 2 },
      dir,
      resume: false,
      backend: 'wasm'
    })
    const events: TrainEvent[] = []
    let paused = false
    let resumed = false
    h.on('event', (e: TrainEvent) => {
      events.push(e)
      if (e.type === 'progress' && e.row.step === 6 && !paused) {
        paused = true
        h.pause()
      }
      if (e.type === 'paused' && !resumed) {
        resumed = true
        h.resume()
      }
      if (e.type === 'progress' && e.row.step === 20) h.stop()
    })
    await h.done
    const types = events.map((e) => e.type)
    expect(events.find((e) => e.type === 'error')).toBeUndefined()
    expect(types[0]).toBe('ready')
    expect(types).toContain('paused')
    expect(types).toContain('resumed')
    expect(types.at(-1)).toBe('stopped')
    const progress = events.filter((e) => e.type === 'progress')
    expect(progress.map((e) => e.row.step)).toEqual(
      Array.from({ length: progress.length }, (_, i) => i + 1)
    )
    expect(progress.length).toBeGreaterThanOrEqual(20)
    expect(progress.at(-1)!.stepsPerSec).toBeGreaterThan(0)
    const tensors = progress.slice(5).map((e) => e.numTensors)
    expect(Math.max(...tensors)).toBe(Math.min(...tensors))
    expect(events.some((e) => e.type === 'sample' && e.raw.length === (4 * 16 * 12 * 17) / 2)).toBe(
      true
    )
    const ckpts = events.filter((e) => e.type === 'checkpoint')
    expect(ckpts.map((e) => e.reason)).toContain('pause')
    // The stop's step has exactly one checkpoint (written for the stop, or the epoch-end one it landed on).
    const stopped = events.at(-1) as Extract<TrainEvent, { type: 'stopped' }>
    expect(ckpts.filter((e) => e.step === stopped.step)).toHaveLength(1)
    expect(listCheckpoints(dir)[0]).toBe(ckpts.at(-1)!.file)
  })
})
