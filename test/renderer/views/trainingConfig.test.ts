import { describe, expect, it } from 'vitest'
import {
  ADVANCED_FIELDS,
  configPatch,
  validateForm
} from '../../../src/renderer/src/views/Train/trainingConfig'
import { presetInfos } from '../../../src/main/ml/config'
import { formatEta, formatRate, fractionDone } from '../../../src/renderer/src/views/Train/progress'
import { TrainingConfigPatch } from '../../../src/shared/api/domains/runs'
import { lrSchedule } from '../../../src/renderer/src/views/Train/lrSchedule'

// The presets as runs.presets sends them: the engine's own (src/main/ml/config.ts is their one source).
const PRESETS = Object.fromEntries(presetInfos().map((p) => [p.name, p]))

describe('training config form', () => {
  it('covers every field of the API training-config patch, with its bounds and choices', () => {
    const apiKeys = Object.keys(TrainingConfigPatch.shape).sort()
    expect(ADVANCED_FIELDS.map((f) => f.key).sort()).toEqual(apiKeys)
    expect(ADVANCED_FIELDS.find((f) => f.key === 'batchSize')).toMatchObject({ min: 1, max: 1024 })
    expect(ADVANCED_FIELDS.find((f) => f.key === 'criticNorm')).toMatchObject({
      options: ['batch', 'layer', 'none']
    })
    expect(ADVANCED_FIELDS.find((f) => f.key === 'alignKey')).toMatchObject({ kind: 'toggle' })
    expect(ADVANCED_FIELDS.find((f) => f.key === 'straightThrough')).toMatchObject({
      kind: 'toggle'
    })
  })

  it('sends only the fields changed from the preset, and the result passes the API schema', () => {
    expect(configPatch(PRESETS.paper.settings, { ...PRESETS.paper.settings })).toEqual({})
    const improved = PRESETS.improved.settings
    // 'improved' aligns keys (the default model's recipe): turning it off is a change the patch carries.
    const patch = configPatch(improved, { ...improved, epochs: 3, lambda: 5, alignKey: false })
    expect(patch).toEqual({ epochs: 3, lambda: 5, alignKey: false })
    expect(TrainingConfigPatch.safeParse(patch).success).toBe(true)
    // Every preset's settings pass the schema the form and the CLI enforce.
    for (const p of Object.values(PRESETS))
      expect(TrainingConfigPatch.safeParse(p.settings).success).toBe(true)
    expect(Object.keys(PRESETS)).toEqual(['paper', 'improved', 'small'])
    // Every preset a CPU user picks has the layer-norm critic; only 'paper' keeps batch norm, labelled for GPUs.
    expect(improved.criticNorm).toBe('layer')
    expect(PRESETS.small.settings.criticNorm).toBe('layer')
    expect(PRESETS.paper.settings.criticNorm).toBe('batch')
    expect(PRESETS.paper.use).toMatch(/GPU/)
  })

  it('reports fields out of range or not whole', () => {
    const paper = PRESETS.paper.settings
    expect(validateForm({ ...paper })).toEqual([])
    const errs = validateForm({ ...paper, batchSize: 0, nCritic: 2.5, lrG: NaN })
    expect(errs).toHaveLength(3)
    expect(errs.join()).toMatch(/Batch size/)
    expect(errs.join()).toMatch(/whole number/)
  })
})

describe('progress formatting', () => {
  it('formats ETA, rate and fraction', () => {
    expect(formatEta(42)).toBe('42 s')
    expect(formatEta(185)).toBe('3 min 05 s')
    expect(formatEta(3720)).toBe('1 h 02 min')
    expect(formatEta(null)).toBe('—')
    expect(formatRate(2.345)).toBe('2.35')
    expect(formatRate(123.4)).toBe('123')
    expect(formatRate(0)).toBe('—')
    expect(fractionDone(5, 10)).toBe(0.5)
    expect(fractionDone(12, 10)).toBe(1)
    expect(fractionDone(1, 0)).toBe(0)
  })
})

describe('lr schedule', () => {
  it('steps the rates down by the decay factor every N epochs', () => {
    const s = lrSchedule({
      train: { lrG: 3e-4, lrD: 6e-4, decayRate: 0.75, decayEvery: 25, epochs: 100 }
    })!
    const at = (xs: { x: number; mean: number | null }[], x: number) =>
      xs.filter((b) => b.x <= x).at(-1)!.mean
    expect(at(s.g, 0)).toBeCloseTo(3e-4)
    expect(at(s.g, 24.5)).toBeCloseTo(3e-4)
    expect(at(s.g, 25)).toBeCloseTo(3e-4 * 0.75)
    expect(at(s.d, 99)).toBeCloseTo(6e-4 * 0.75 ** 3)
    expect(s.g.at(-1)!.x).toBe(100)
  })

  it('is null without the fields', () => {
    expect(lrSchedule({ preset: 'small' })).toBeNull()
  })
})
