import { describe, expect, it } from 'vitest'
import { sampleLine } from '../../../src/main/cli/train'

const event = (epoch: number, raw: number[]) => ({
  step: 10,
  epoch,
  shape: [2, 1, 2, 1] as [number, number, number, number],
  raw: Float32Array.from(raw)
})

describe('train: sample health line', () => {
  it('counts cells at 0.9 per sample and gives the highest output', () => {
    expect(sampleLine(event(3, [0.95, 0.2, 0.91, 0.93]))).toBe(
      'samples at epoch 3: cells >= 0.9 per sample 1 2, highest output 0.950'
    )
  })

  it('warns when every sample is still silent after the first epochs, not before', () => {
    expect(sampleLine(event(1, [0.6, 0.2, 0.5, 0.1]))).not.toMatch(/warning/)
    expect(sampleLine(event(4, [0.6, 0.2, 0.5, 0.1]))).toMatch(
      /highest output 0\.600\nwarning: every sample is still silent at threshold 0\.9 after 4 epochs/
    )
  })

  it('counts at the run’s threshold: 0.5 for a straight-through run', () => {
    expect(sampleLine(event(4, [0.6, 0.2, 0.5, 0.1]), 0.5)).toBe(
      'samples at epoch 4: cells >= 0.5 per sample 1 1, highest output 0.600'
    )
  })
})
