import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LibraryStore } from '../../../src/main/library/store'
import { createRun } from '../../../src/main/library/runs'
import { CHART_METRICS, type Curve, type MetricRow } from '../../../src/main/library/types'
import { mulberry32 } from '../../../src/shared/random'
import { trainingRows } from './helpers/fixtures'
import { tempDir } from './helpers/child'

/** The curve computed the slow, obvious way from raw rows (what the roll-up must equal). */
function naive(rows: MetricRow[], width: number) {
  const buckets = new Map<number, MetricRow[]>()
  for (const r of rows) {
    const k = Math.floor(r.step / width)
    if (!buckets.has(k)) buckets.set(k, [])
    buckets.get(k)!.push(r)
  }
  return [...buckets.values()].map((b) => ({
    x: b[0].step,
    count: b.length,
    stats: CHART_METRICS.map((m) => {
      const v = b.map((r) => r[m]).filter((x): x is number => x !== null && x !== undefined)
      if (!v.length) return [null, null, null]
      return [Math.min(...v), Math.max(...v), v.reduce((a, c) => a + c, 0) / v.length]
    })
  }))
}

function expectSame(curve: Curve, rows: MetricRow[]) {
  const want = naive(rows, curve.bucketWidth)
  expect(curve.x).toEqual(want.map((w) => w.x))
  expect(curve.count).toEqual(want.map((w) => w.count))
  CHART_METRICS.forEach((m, i) => {
    expect(curve.series[m].min).toEqual(want.map((w) => w.stats[i][0]))
    expect(curve.series[m].max).toEqual(want.map((w) => w.stats[i][1]))
    curve.series[m].mean.forEach((v, j) => {
      const w = want[j].stats[i][2]
      if (w === null) expect(v).toBeNull()
      else expect(v).toBeCloseTo(w, 9)
    })
  })
}

/** An epoch curve seen as buckets of 250 steps (the fixture's epoch length), to compare with naive(). */
const asSteps = (c: Curve): Curve => ({ ...c, bucketWidth: 250, x: c.x.map((e) => e * 250) })

let tmp: ReturnType<typeof tempDir>
let store: LibraryStore
let runId: number
const ROWS = trainingRows(0, 30_000)

beforeAll(() => {
  tmp = tempDir()
  store = LibraryStore.open(join(tmp.dir, 'lib'))
  runId = createRun(store.db, { name: 'r', preset: 'small', config: {} })
  const writer = store.metricWriter({ maxRows: 100 })
  const r = mulberry32(7)
  // Uneven batches: the writer commits every 100 rows, checkpoints cut batches at odd places.
  for (const row of ROWS) {
    writer.add(runId, row)
    if (r() < 0.0005)
      writer.checkpoint(runId, {
        epoch: row.epoch,
        step: row.step,
        file: 'runs/x',
        sha256: 'x',
        size: 1
      })
  }
  writer.close()
})
afterAll(() => {
  store.close()
  tmp.dispose()
})

describe('curves from the roll-up (L2)', () => {
  it('equal the naive min, max and mean per bucket at every point count', () => {
    for (const points of [2000, 1000, 300, 64, 7, 1]) {
      const curve = store.curve(runId, { points, metrics: CHART_METRICS })
      expect(curve.x.length).toBeLessThanOrEqual(points + 1)
      expect(curve.x.length).toBeGreaterThanOrEqual(Math.floor(points / 2))
      expect(curve.source).toBe(Math.ceil(30_000 / points) >= 8 ? 'rollup' : 'raw')
      expectSame(curve, ROWS)
    }
  })

  it('reads only the asked series (the loss series by default) and derives step time', () => {
    const loss = store.curve(runId, { points: 500 })
    expect(loss.series.dLoss.mean.length).toBe(loss.x.length)
    expect([loss.series.lrG.mean, loss.series.wallMs.mean, loss.stepSeconds]).toEqual([[], [], []])
    const timed = store.curve(runId, { points: 500, metrics: ['wallMs', 'lrD'] })
    expect(timed.series.dLoss.mean).toEqual([])
    expect(timed.series.lrD.mean.every((v) => Math.abs(v! - 6e-4) < 1e-15)).toBe(true)
    expect(timed.series.lrD.max.every((v) => v === 6e-4)).toBe(true)
    // The fixture's wall clock advances 12.5 ms per step.
    expect(timed.stepSeconds.length).toBe(timed.x.length)
    expect(timed.stepSeconds.every((v) => Math.abs(v! - 0.0125) < 1e-9)).toBe(true)
  })

  it('reads raw rows when a bucket is narrower than the finest level', () => {
    const curve = store.curve(runId, { points: 40_000, metrics: CHART_METRICS })
    expect(curve.source).toBe('raw')
    expectSame(curve, ROWS)
  })

  it('windows a step range and aligns runs by step and by epoch', () => {
    const part = store.curve(runId, {
      points: 100,
      fromStep: 8192,
      toStep: 16383,
      metrics: CHART_METRICS
    })
    expect(part.x[0]).toBe(8192)
    expectSame(part, ROWS.slice(8192, 16384))
    const other = createRun(store.db, { name: 'short', preset: 'small', config: {} })
    const w = store.metricWriter()
    for (const row of trainingRows(0, 5000)) w.add(other, row)
    w.close()
    const [a, b] = store.curves([runId, other], 'step', 500, CHART_METRICS)
    expect(a.bucketWidth).toBe(b.bucketWidth)
    expect(b.x.every((x, i) => x === a.x[i])).toBe(true)
    const [ea, eb] = store.curves([runId, other], 'epoch', 0, CHART_METRICS)
    expect(ea.x).toEqual(Array.from({ length: 120 }, (_, i) => i))
    expect(eb.x).toEqual(Array.from({ length: 20 }, (_, i) => i))
    expectSame(asSteps(eb), trainingRows(0, 5000))
  })

  it('gives the rows after a step for the live chart', () => {
    const rows = store.rowsAfter(runId, 29_990)
    expect(rows.map((r) => r.step)).toEqual(Array.from({ length: 9 }, (_, i) => 29_991 + i))
    expect(rows[0].dLoss).toBe(ROWS[29_991].dLoss)
    expect(rows.find((r) => r.step === 29_994)!.gLoss).toBe(ROWS[29_994].gLoss)
  })

  it('stays exact after resume truncates rows past a checkpoint (T4)', () => {
    const id = createRun(store.db, { name: 'cut', preset: 'small', config: {} })
    const w = store.metricWriter()
    for (const row of trainingRows(0, 12_345)) w.add(id, row)
    w.close()
    for (const cut of [12_000, 7_777, 4095, 0]) {
      store.resumeRun(id, cut)
      const kept = trainingRows(0, cut + 1)
      for (const points of [2000, 50, 3])
        expectSame(store.curve(id, { points, metrics: CHART_METRICS }), kept)
      expectSame(asSteps(store.curves([id], 'epoch', 0, CHART_METRICS)[0]), kept)
    }
    store.resumeRun(id, null)
    expect(store.curve(id).x).toEqual([])
    const left = store.db
      .prepare('SELECT count(*) AS n FROM metric_rollup WHERE run_id = ?')
      .get(id)
    expect(left).toEqual({ n: 0 })
  })
})
