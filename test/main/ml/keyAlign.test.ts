// Key alignment (train.alignKey): each real segment is moved to C major / A minor before the critic sees it; the
// engine (augment.ts) and python/train_ddp.py must choose the same shift for the same roll.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { configPatch } from '../../../src/main/cli/train'
import { keyShift, transposeRoll } from '../../../src/main/ml/augment'
import { initBackend } from '../../../src/main/ml/backend'
import { presetConfig } from '../../../src/main/ml/config'
import { syntheticSource } from '../../../src/main/ml/data'
import { Trainer } from '../../../src/main/ml/trainer'
import { mulberry32 } from '../../../src/shared/random'

const [STEPS, PITCHES, TRACKS] = [16, 84, 17]
const LOWEST = 24 // row p sounds MIDI 24 + p, so row % 12 is the pitch class
const dims: [number, number, number] = [STEPS, PITCHES, TRACKS]
const at = (i: number, t: number, p: number, f: number) =>
  ((i * STEPS + t) * PITCHES + p) * TRACKS + f

/** One sample per scale: every listed pitch class on in octave 4 (rows 36+pc) on track 3, one note per step. */
function rollOf(scales: number[][]): Float32Array {
  const data = new Float32Array(scales.length * STEPS * PITCHES * TRACKS)
  scales.forEach((pcs, i) => pcs.forEach((pc, k) => (data[at(i, k % STEPS, 36 + pc, 3)] = 1)))
  return data
}

const MAJOR = [0, 2, 4, 5, 7, 9, 11]
const majorOf = (tonic: number) => MAJOR.map((d) => (tonic + d) % 12)

describe('keyShift', () => {
  it('moves each major key to C by the smallest shift', () => {
    const tonics = [0, 2, 3, 5, 7, 10, 6]
    const data = rollOf(tonics.map(majorOf))
    // D -2, Eb -3, F +7 would be farther than -5, G +5, Bb +2, F# +6 (the one tie at 6 semitones goes up)
    expect(tonics.map((_, i) => keyShift(data, i, dims, LOWEST))).toEqual([0, -2, -3, -5, 5, 2, 6])
  })

  it('leaves A minor where it is and moves E minor to A minor', () => {
    const aMinor = [9, 11, 0, 2, 4, 5, 7]
    const eMinor = aMinor.map((pc) => (pc + 7) % 12)
    const data = rollOf([aMinor, eMinor])
    expect(keyShift(data, 0, dims, LOWEST)).toBe(0)
    expect(keyShift(data, 1, dims, LOWEST)).toBe(5)
  })

  it('ignores the drum track and keeps an empty segment where it is', () => {
    const data = rollOf([majorOf(2), []])
    for (let t = 0; t < STEPS; t++) for (let p = 0; p < PITCHES; p++) data[at(0, t, p, 0)] = 1
    expect(keyShift(data, 0, dims, LOWEST)).toBe(-2)
    expect(keyShift(data, 1, dims, LOWEST)).toBe(0)
  })

  it('after its shift a segment sits on the C major scale', () => {
    const data = rollOf([majorOf(9)])
    transposeRoll(data, 0, dims, keyShift(data, 0, dims, LOWEST))
    const on: number[] = []
    for (let t = 0; t < STEPS; t++)
      for (let p = 0; p < PITCHES; p++) if (data[at(0, t, p, 3)]) on.push((LOWEST + p) % 12)
    expect([...new Set(on)].sort((a, b) => a - b)).toEqual(MAJOR)
  })
})

describe('alignKey in a run', () => {
  const dir = mkdtempSync(join(tmpdir(), 'b2b-align-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('the trainer hands the critic every real segment already moved to C major / A minor', async () => {
    await initBackend('cpu')
    const shape: [number, number, number] = [16, 12, 17] // the test preset: 12 pitch rows, one octave
    const base = { epochs: 1, batchSize: 4, checkpointEvery: 0, sampleEvery: 0 }
    const batchOf = async (alignKey: boolean) => {
      const config = presetConfig('test', { ...base, alignKey })
      config.model.lowestPitch = LOWEST
      const t = await Trainer.open({ config, source: syntheticSource(8, shape, 5), dir })
      type Batch = { dataSync(): Float32Array; dispose(): void }
      const real = await (t as unknown as { realBatch(): Promise<Batch> }).realBatch()
      const data = real.dataSync()
      real.dispose()
      return data
    }
    const raw = await batchOf(false)
    const shifts = [0, 1, 2, 3].map((i) => keyShift(raw, i, shape, LOWEST))
    expect(shifts.some((s) => s !== 0)).toBe(true) // the synthetic segments are not all in C already
    shifts.forEach((s, i) => transposeRoll(raw, i, shape, s))
    expect(Array.from(await batchOf(true))).toEqual(Array.from(raw))
  }, 60_000)

  it('the CLI takes --align-key alone, or with true / false', () => {
    expect(configPatch({ 'align-key': true })).toEqual({ alignKey: true })
    expect(configPatch({ 'align-key': 'false' })).toEqual({ alignKey: false })
    expect(() => configPatch({ 'align-key': 'maybe' })).toThrow(/--align-key/)
  })
})

const PY = '/usr/bin/python3'
const hasTorch = spawnSync(PY, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0

describe.runIf(hasTorch)('train_ddp.py key_shifts', () => {
  it('chooses the engine’s shift for 40 random rolls', () => {
    const rand = mulberry32(7)
    const n = 40
    const data = new Float32Array(n * STEPS * PITCHES * TRACKS)
    // sparse random notes, denser on a random scale, so many samples are near ties
    for (let i = 0; i < n; i++) {
      const scale = majorOf(Math.floor(rand() * 12))
      for (let k = 0; k < 30; k++) {
        const pc = rand() < 0.7 ? scale[Math.floor(rand() * 7)] : Math.floor(rand() * 12)
        const octave = Math.floor(rand() * 6)
        data[at(i, Math.floor(rand() * STEPS), octave * 12 + pc, 1 + Math.floor(rand() * 16))] = 1
      }
    }
    const expected = Array.from({ length: n }, (_, i) => keyShift(data, i, dims, LOWEST))
    const code = [
      'import sys, json, torch',
      `sys.path.insert(0, ${JSON.stringify(resolve('python'))})`,
      'from train_ddp import key_shifts',
      'flat = torch.tensor(json.load(sys.stdin), dtype=torch.float32)',
      `nhwc = flat.reshape(${n}, ${STEPS}, ${PITCHES}, ${TRACKS})`,
      `print(json.dumps(key_shifts(nhwc.permute(0, 3, 1, 2).contiguous(), ${LOWEST})))`
    ].join('\n')
    const p = spawnSync(PY, ['-c', code], {
      input: JSON.stringify(Array.from(data)),
      encoding: 'utf8'
    })
    expect(p.status, p.stderr).toBe(0)
    expect(JSON.parse(p.stdout)).toEqual(expected)
    expect(new Set(expected).size).toBeGreaterThan(5) // the rolls exercise many shifts
  }, 60_000)
})
