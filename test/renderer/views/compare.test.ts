import { describe, expect, it } from 'vitest'
import {
  commonEpochs,
  configDiff,
  metricRows
} from '../../../src/renderer/src/views/Compare/compare'

describe('configDiff', () => {
  it('lists only differing keys, nested ones dotted', () => {
    const rows = configDiff([
      { lrG: 3e-4, epochs: 100, model: { norm: 'batch', ch: 64 } },
      { lrG: 3e-4, epochs: 2, model: { norm: 'layer', ch: 64 }, seed: 1 }
    ])
    expect(rows).toEqual([
      { key: 'epochs', values: [100, 2] },
      { key: 'model.norm', values: ['batch', 'layer'] },
      { key: 'seed', values: [undefined, 1] }
    ])
  })

  it('is empty for equal configs', () => {
    expect(configDiff([{ a: [1, 2] }, { a: [1, 2] }])).toEqual([])
  })
})

describe('metricRows', () => {
  it('pivots rows per metric with the real band, catalogue order first', () => {
    const rows = metricRows(
      {
        rows: [
          { subject: 'r2', metric: 'polyphony', variant: 'default', mean: 2.0, sd: 0.1 },
          { subject: 'real', metric: 'polyphony', variant: 'default', mean: 1.237, sd: 0.3 },
          { subject: 'r1', metric: 'polyphony', variant: 'default', mean: 1.296, sd: 0.2 },
          { subject: 'real', metric: 'empty_bar_rate', variant: 'default', mean: 0.1, sd: 0.05 },
          { subject: 'r1', metric: 'empty_bar_rate', variant: 'default', mean: 0.3, sd: null },
          { subject: 'r1', metric: 'zz_custom', variant: 'x', mean: 1, sd: null }
        ]
      },
      ['r1', 'r2']
    )
    expect(rows.map((r) => r.metric)).toEqual(['polyphony', 'empty_bar_rate', 'zz_custom'])
    const poly = rows[0]
    expect(poly.real).toEqual({ mean: 1.237, sd: 0.3 })
    expect(poly.cells.map((c) => c.inBand)).toEqual([true, false])
    expect(rows[1].cells[0].inBand).toBe(false)
    expect(rows[1].cells[1]).toEqual({ mean: null, sd: null, inBand: null })
    expect(rows[2].real).toBeNull()
    expect(rows[2].cells[0].inBand).toBeNull()
  })
})

describe('commonEpochs', () => {
  const s = (epoch: number) => ({
    id: `s${epoch}`,
    runId: 'x',
    epoch,
    step: 0,
    createdAt: '',
    threshold: 0.9
  })
  it('keeps epochs every run sampled', () => {
    expect(
      commonEpochs([
        [s(10), s(20), s(30)],
        [s(30), s(10)]
      ])
    ).toEqual([10, 30])
    expect(commonEpochs([])).toEqual([])
  })
})
