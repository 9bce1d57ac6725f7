import { describe, expect, it } from 'vitest'
import { CompareState } from '../../../src/renderer/src/views/Compare/CompareState.svelte'
import { pieceSsm } from '../../../src/renderer/src/charts/pieceSsm'
import { barPiece, fakeCompareApi } from './compareFake'

describe('CompareState', () => {
  it('fetches everything for one run (against the real data) and again when a second is chosen', async () => {
    const { api } = fakeCompareApi()
    const c = new CompareState(api)
    await c.load()
    expect(c.ready).toBe(false)
    await c.toggle('a')
    expect(c.ready).toBe(true)
    expect(c.error).toBeNull()
    expect(c.curves.a).toBeDefined()
    expect(c.metrics.length).toBeGreaterThan(0)
    await c.toggle('b')
    expect(c.error).toBeNull()
    expect(c.curves.b.wasserstein.map((p) => p.mean)).toEqual([1, 1, 1])
    expect(c.metrics[0].cells.map((x) => x.inBand)).toEqual([true, false])
    expect(c.diff).toEqual([{ key: 'criticNorm', values: ['batch', 'layer'] }])
    expect(c.epochs).toEqual([10, 20])
    expect(c.pieceAt('b', 20)?.title).toBe('b20')
    expect(c.pieceAt('b', 30)).toBeNull()
    expect(c.listening.a.identified).toBe(1)
    expect(c.listening.a.rate).toBeCloseTo(1 / 3)
    expect(c.listening.b).toBeUndefined()
  })

  it('realigns curves by step', async () => {
    const { api, calls } = fakeCompareApi()
    const c = new CompareState(api)
    await c.load()
    await c.toggle('a')
    await c.toggle('b')
    await c.setXAxis('step')
    expect(calls.filter((x) => x.startsWith('curves')).at(-1)).toBe('curves:step')
  })

  it('builds SSMs of real data and of each run at the latest common epoch', async () => {
    const { api, calls } = fakeCompareApi()
    const c = new CompareState(api)
    await c.load()
    await c.toggle('a')
    await c.toggle('b')
    await c.loadSsm()
    expect(calls).toContain('segments:ds:1')
    expect(c.ssm.real!.n).toBe(64)
    expect(c.ssm.runs).toHaveLength(2)
    // run a repeats its bar like the real segment; run b does not
    expect(Array.from(c.ssm.runs[0]!.values)).toEqual(Array.from(c.ssm.real!.values))
    expect(Array.from(c.ssm.runs[1]!.values)).toEqual(
      Array.from(pieceSsm(barPiece('b20', false)).values)
    )
    c.ssmLevel = 'beat'
    await c.loadSsm(10)
    expect(c.ssm.real!.n).toBe(16)
  })

  it('computes the metrics from samples and real segments when the library has none', async () => {
    const { api } = fakeCompareApi()
    api.runs.metrics = async () => ({ rows: [] })
    const c = new CompareState(api)
    await c.load()
    await c.toggle('a')
    await c.toggle('b')
    const poly = c.metrics.find((r) => r.metric === 'polyphony')!
    // real segments and run a repeat one 4-note-per-bar line: one note at a time
    expect(poly.real!.mean).toBeCloseTo(1)
    expect(poly.cells[0].mean).toBeCloseTo(1)
    expect(poly.cells[0].inBand).toBe(true)
    expect(c.metrics.length).toBeGreaterThan(10)
  })

  it('uses each run’s latest sample for the SSM when the runs share no epoch', async () => {
    const { api } = fakeCompareApi()
    const list = api.runs.samples
    api.runs.samples = async ({ id }) =>
      id === 'b'
        ? [{ id: 'b30', runId: 'b', epoch: 30, step: 300, createdAt: '', threshold: 0.5 }]
        : list({ id })
    const c = new CompareState(api)
    await c.load()
    await c.toggle('a')
    await c.toggle('b')
    expect(c.epochs).toEqual([])
    await c.loadSsm()
    expect(c.ssm.runs.map((m) => m?.n)).toEqual([64, 64])
  })

  it('reads each run’s samples at its own threshold (0.5 for a straight-through run)', async () => {
    const { api, calls } = fakeCompareApi()
    const c = new CompareState(api)
    await c.load()
    await c.toggle('a')
    await c.toggle('b')
    await c.sampleAt('a', 10)
    await c.sampleAt('b', 10)
    expect(calls).toContain('sample a10 at 0.9')
    expect(calls).toContain('sample b10 at 0.5')
  })
})
