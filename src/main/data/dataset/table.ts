import type { DatasetStats } from './stats'

function fmt(x: number): string {
  if (!Number.isFinite(x)) return '-'
  return Math.abs(x) >= 100 ? x.toFixed(1) : x.toFixed(3)
}

/**
 * The metrics table of datasetStats as aligned plain text (one row per metric, polyphony first:
 * id, mean, sd, n, label), for `dataset stats NAME` and logs.
 */
export function formatStatsTable(s: DatasetStats): string {
  const head = `${s.name || 'dataset'}: ${s.segments} segments from ${s.files} files (metrics on ${s.metricSegments})`
  const rows = s.metrics.map((m) => [m.id, fmt(m.mean), fmt(m.sd), String(m.n), m.label])
  const all = [['metric', 'mean', 'sd', 'n', 'label'], ...rows]
  const widths = [0, 1, 2, 3].map((i) => Math.max(...all.map((r) => r[i].length)))
  const line = (r: string[]) =>
    r
      .map((cell, i) =>
        i === 4 ? cell : i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i])
      )
      .join('  ')
  return [head, ...all.map(line)].join('\n')
}
