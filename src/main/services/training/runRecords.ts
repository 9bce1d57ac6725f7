import { Preset } from '../../../shared/api/common'
import type { CurveSeries, RunDetail, RunSummary } from '../../../shared/api/types'
import type { Curve, RunRecord, RunRow } from '../../library/index'
import { isoTime } from '../ids'

const STATUS: Record<string, RunSummary['status']> = {
  created: 'created',
  running: 'running',
  paused: 'paused',
  stopped: 'stopped',
  completed: 'finished',
  failed: 'failed'
}

const epochsOf = (config: unknown) =>
  (config as { train?: { epochs?: number } } | null)?.train?.epochs ?? 0

/** A library run row as the API's run summary. */
export function runSummary(r: RunRow): RunSummary {
  const preset = Preset.options.find((p) => p === r.preset) ?? 'small'
  return {
    id: String(r.id),
    name: r.name,
    datasetId: r.datasetId === null ? '' : String(r.datasetId),
    preset,
    backend: r.backend,
    status: STATUS[r.status] ?? 'failed',
    createdAt: isoTime(r.createdAt),
    updatedAt: isoTime(r.updatedAt),
    step: r.lastStep ?? 0,
    epoch: r.lastEpoch ?? 0,
    epochs: epochsOf(r.config),
    lastLosses:
      r.lastDLoss === null
        ? null
        : {
            g: r.lastGLoss ?? NaN,
            d: r.lastDLoss,
            gp: r.lastGp ?? NaN,
            wasserstein: r.lastWDist ?? NaN
          }
  }
}

/** A run with its config. */
export function runDetail(row: RunRow, record: RunRecord): RunDetail {
  return {
    ...runSummary(row),
    config: (record.config ?? {}) as Record<string, unknown>,
    resumedFrom: record.resumedFromRunId === null ? null : String(record.resumedFromRunId)
  }
}

/** API metric name -> the library's charted series. */
export const SERIES = {
  g: 'gLoss',
  d: 'dLoss',
  gp: 'gp',
  wasserstein: 'wDist',
  lrG: 'lrG',
  lrD: 'lrD',
  stepSeconds: 'wallMs'
} as const

/** The library series a set of API metrics needs. */
export function seriesFor(metrics: readonly string[]) {
  return [...new Set(metrics.map((m) => SERIES[m as keyof typeof SERIES]).filter(Boolean))]
}

/** The library's curves as API series, one per run and metric (step time from the wall-clock series). */
export function curveSeries(curves: Curve[], metrics: readonly string[]): CurveSeries[] {
  const out: CurveSeries[] = []
  for (const c of curves) {
    for (const m of metrics) {
      const key = SERIES[m as keyof typeof SERIES]
      if (!key) continue
      const s =
        m === 'stepSeconds'
          ? { min: c.stepSeconds, max: c.stepSeconds, mean: c.stepSeconds }
          : c.series[key]
      out.push({
        runId: String(c.runId),
        metric: m,
        x: c.x,
        min: s.min as number[],
        max: s.max as number[],
        mean: s.mean as number[]
      })
    }
  }
  return out
}
