import type { MetricsTable, SampleSummary } from '@shared/api'
import { METRICS } from '@shared/music/metrics/catalog'

/** One config key whose value differs between runs (values in the order of the runs). */
export interface ConfigDiffRow {
  key: string
  values: unknown[]
}

function flatten(
  obj: unknown,
  prefix = '',
  out: Record<string, unknown> = {}
): Record<string, unknown> {
  if (obj && typeof obj === 'object' && !Array.isArray(obj)) {
    for (const [k, v] of Object.entries(obj)) flatten(v, prefix ? `${prefix}.${k}` : k, out)
  } else out[prefix] = obj
  return out
}

/** The config fields (nested ones dotted) that are not equal across all runs, sorted by key. */
export function configDiff(configs: readonly Record<string, unknown>[]): ConfigDiffRow[] {
  const flat = configs.map((c) => flatten(c))
  const keys = new Set(flat.flatMap((f) => Object.keys(f)))
  const rows: ConfigDiffRow[] = []
  for (const key of [...keys].sort()) {
    const values = flat.map((f) => f[key])
    const first = JSON.stringify(values[0])
    if (values.some((v) => JSON.stringify(v) !== first)) rows.push({ key, values })
  }
  return rows
}

/** A cell of the metrics table: a run's value and whether it lies inside the real data's mean ± sd. */
export interface MetricCell {
  mean: number | null
  sd: number | null
  inBand: boolean | null
}

/** One row of the metrics table: a metric (and variant) with the real band and a cell per run. */
export interface MetricRowView {
  metric: string
  variant: string
  label: string
  real: { mean: number; sd: number } | null
  cells: MetricCell[]
}

function order(metric: string): number {
  const i = METRICS.findIndex((m) => m.id === metric)
  return i < 0 ? METRICS.length : i
}

/** Pivot the API's metrics rows into one row per metric: the real band and each run's value, catalogue order. */
export function metricRows(table: MetricsTable, runIds: readonly string[]): MetricRowView[] {
  const groups = new Map<string, MetricsTable['rows']>()
  for (const r of table.rows) {
    const key = `${r.metric}\u0000${r.variant}`
    groups.set(key, [...(groups.get(key) ?? []), r])
  }
  const out: MetricRowView[] = []
  for (const rows of groups.values()) {
    const { metric, variant } = rows[0]
    const realRow = rows.find((r) => r.subject === 'real')
    const real = realRow ? { mean: realRow.mean, sd: realRow.sd ?? 0 } : null
    const cells = runIds.map((id): MetricCell => {
      const r = rows.find((x) => x.subject === id)
      if (!r) return { mean: null, sd: null, inBand: null }
      const inBand = real ? Math.abs(r.mean - real.mean) <= real.sd : null
      return { mean: r.mean, sd: r.sd, inBand }
    })
    const label = METRICS.find((m) => m.id === metric)?.label ?? metric
    out.push({ metric, variant, label, real, cells })
  }
  return out.sort((a, b) => order(a.metric) - order(b.metric) || a.variant.localeCompare(b.variant))
}

/** Epochs at which every run kept a sample, ascending (the rows of the side-by-side sample grid). */
export function commonEpochs(samplesPerRun: readonly (readonly SampleSummary[])[]): number[] {
  if (samplesPerRun.length === 0) return []
  const sets = samplesPerRun.map((ss) => new Set(ss.map((s) => s.epoch)))
  return [...sets[0]].filter((e) => sets.every((s) => s.has(e))).sort((a, b) => a - b)
}

/** Why no epoch has a sample of every run, in words (each run's sample epochs, or that it kept none). */
export function sampleGap(runs: readonly { name: string; epochs: readonly number[] }[]): string {
  const kept = (epochs: readonly number[]) => {
    const u = [...new Set(epochs)].sort((a, b) => a - b)
    if (u.length === 0) return 'kept no samples'
    const shown = u.length > 6 ? [...u.slice(0, 3), '…', ...u.slice(-2)] : u
    return `kept samples at epoch${u.length > 1 ? 's' : ''} ${shown.join(', ')}`
  }
  const parts = runs.map((r) => `“${r.name}” ${kept(r.epochs)}`)
  const none = runs.filter((r) => r.epochs.length === 0)
  const why =
    none.length > 0
      ? 'A run keeps samples while it trains (every "Samples every" epochs); the shipped default model kept none.'
      : 'No epoch has a sample of every run: compare runs with the same "Samples every" setting.'
  return `No epoch to put side by side: ${parts.join('; ')}. ${why}`
}
