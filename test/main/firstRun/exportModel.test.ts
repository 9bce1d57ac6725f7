import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { initBackend } from '../../../src/main/ml/backend'
import { presetConfig } from '../../../src/main/ml/config'
import { syntheticSource } from '../../../src/main/ml/data'
import { loadCheckpoint } from '../../../src/main/ml/checkpoint'
import { disposeGenerator, generateFromSeeds, loadGenerator } from '../../../src/main/ml/generate'
import { Trainer } from '../../../src/main/ml/trainer'
import {
  jsonlToTrainLog,
  parseTrainLog,
  writeGeneratorOnly
} from '../../../src/main/firstRun/exportModel'
import { compareToReal, joinPieces } from '../../../src/main/firstRun/evaluate'
import type { Piece } from '../../../src/shared/music/piece'

const dir = mkdtempSync(join(tmpdir(), 'b2b-export-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('exporting a run as the default model', () => {
  it('keeps only G and its running stats, and the engine loader generates the same as from the full checkpoint', async () => {
    await initBackend('wasm')
    const config = presetConfig('test', { epochs: 1, checkpointEvery: 0 })
    const t = await Trainer.open({ config, source: syntheticSource(8, [16, 12, 17], 3), dir })
    await t.run()
    const full = (await t.checkpoint('stop')).file
    t.dispose()
    const out = writeGeneratorOnly(full, join(dir, 'generator.b2bckpt'))
    const names = loadCheckpoint(join(dir, 'generator.b2bckpt')).tensors.map((x) => x.name)
    expect(names.length).toBeGreaterThan(0)
    expect(names.every((n) => n.startsWith('g/') || n.startsWith('gs/'))).toBe(true)
    expect(out.meta.step).toBe(2)
    const a = loadGenerator(full)
    const b = loadGenerator(join(dir, 'generator.b2bckpt'))
    expect((await generateFromSeeds(b, [3, 4])).raw).toEqual(
      (await generateFromSeeds(a, [3, 4])).raw
    )
    disposeGenerator(a)
    disposeGenerator(b)
  })

  it('parses the train command log into columns, generator loss only where G stepped, cut at a step', () => {
    const text = [
      'backend wasm',
      'step 1/10 epoch 0 D 2.5000 GP 0.1000 W 0.3000 0.20 steps/s ETA 45 s',
      'step 2/10 epoch 0 D -1.0000 GP 0.0100 W 1.5000 G 0.7000 0.20 steps/s ETA 40 s',
      'step 3/10 epoch 0 D -2.0000 GP 0.0200 W 2.5000 0.20 steps/s ETA 35 s'
    ].join('\n')
    const log = parseTrainLog(text, 2, 2)
    expect(log).toEqual({
      step: [1, 2],
      epoch: [0, 0],
      gLoss: [null, 0.7],
      dLoss: [2.5, -1],
      gp: [0.1, 0.01],
      wDist: [0.3, 1.5]
    })
    expect(parseTrainLog(text, 2).epoch).toEqual([0, 0, 1])
  })

  it("reads a DDP run's losses.jsonl as the same columns (a torn last line is skipped)", () => {
    const rows = [
      {
        step: 7,
        epoch: 0,
        gLoss: null,
        dLoss: 2.5,
        gp: 0.1,
        wDist: 0.3,
        lrG: 1e-4,
        lrD: 1e-4,
        wallMs: 5
      },
      {
        step: 8,
        epoch: 0,
        gLoss: -0.7,
        dLoss: -1,
        gp: 0.01,
        wDist: 1.5,
        lrG: 1e-4,
        lrD: 1e-4,
        wallMs: 9
      }
    ]
    const text = rows.map((r) => JSON.stringify(r)).join('\n') + '\n{"step": 9, "ep'
    const log = parseTrainLog(jsonlToTrainLog(text, 100), 10)
    expect(log).toEqual({
      step: [7, 8],
      epoch: [0, 0],
      gLoss: [null, -0.7],
      dLoss: [2.5, -1],
      gp: [0.1, 0.01],
      wDist: [0.3, 1.5]
    })
  })

  it('joins pieces end to end by family and flags metrics outside one real sd', () => {
    const p = (pitch: number): Piece => ({
      title: 'x',
      ppq: 480,
      tempos: [],
      timeSignatures: [],
      tracks: [
        {
          name: 'Piano',
          family: 1,
          program: 0,
          isDrum: false,
          notes: [{ pitch, start: 0, duration: 240, velocity: 100 }]
        }
      ]
    })
    const j = joinPieces([p(60), p(62)], 7680, 'both')
    expect(j.tracks[0].notes.map((n) => [n.pitch, n.start])).toEqual([
      [60, 0],
      [62, 7680]
    ])
    const real = {
      polyphony: { mean: 2, sd: 0.5, n: 10 },
      empty_bar_rate: { mean: 0, sd: 0.1, n: 10 }
    }
    const gen = {
      polyphony: { mean: 2.4, sd: 1, n: 5 },
      empty_bar_rate: { mean: 0.2, sd: 0, n: 5 }
    }
    const rows = compareToReal(real, gen)
    expect(rows.map((r) => [r.id, r.inBand])).toEqual([
      ['polyphony', true],
      ['empty_bar_rate', false]
    ])
  })
})
