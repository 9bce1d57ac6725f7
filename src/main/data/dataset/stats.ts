import { FAMILIES, FAMILY_COUNT } from '../../../shared/music/families'
import {
  METRICS,
  computeMetrics,
  summarize,
  type MetricOptions,
  type Summary
} from '../../../shared/music/metrics'
import { permutation } from '../../../shared/random'
import { DatasetReader } from './reader'
import type { Manifest } from './manifest'

/** One row of the real data's metrics table. */
export interface MetricBand extends Summary {
  id: string
  label: string
}

/** What `dataset stats NAME` prints: counts and the real-data metric band. */
export interface DatasetStats {
  name: string
  config: Manifest['config']
  files: number
  segments: number
  /** Notes per family by family name, summed over segments. */
  notesPerFamily: Record<string, number>
  totals: Manifest['totals']
  /** Segments the metrics were computed on (all, or a seeded sample of maxSegments). */
  metricSegments: number
  /** METRICS order, polyphony first: mean +- sample sd over segments (NaN values skipped). */
  metrics: MetricBand[]
}

/** Options of datasetStats. */
export interface StatsOptions {
  /** Compute metrics on at most this many segments, a seeded sample (default all). */
  maxSegments?: number
  seed?: number
  metrics?: MetricOptions
}

/**
 * Statistics of the dataset in `dir`: segment and file counts, notes per family, and every metric of
 * the METRICS catalogue as mean +- sd over segments: the reference band generated music is compared
 * with. Segments are read one at a time, so memory stays flat whatever the dataset's size.
 */
export async function datasetStats(dir: string, opts: StatsOptions = {}): Promise<DatasetStats> {
  const reader = await DatasetReader.open(dir)
  try {
    const m = reader.manifest
    const n = Math.min(reader.count, opts.maxSegments ?? reader.count)
    const pick = n === reader.count ? null : permutation(reader.count, opts.seed ?? 0).slice(0, n)
    const values = new Map<string, number[]>(METRICS.map((x) => [x.id, []]))
    const buf = new Uint8Array(reader.segmentSize)
    for (let k = 0; k < n; k++) {
      await reader.read(pick ? pick[k] : k, buf)
      const r = computeMetrics(buf, m.config, opts.metrics)
      for (const [id, list] of values) list.push(r[id])
    }
    const notesPerFamily: Record<string, number> = {}
    for (let f = 0; f < FAMILY_COUNT; f++)
      notesPerFamily[FAMILIES[f].name] = m.totals.notesPerFamily[f]
    return {
      name: m.name,
      config: m.config,
      files: m.files.length,
      segments: reader.count,
      notesPerFamily,
      totals: m.totals,
      metricSegments: n,
      metrics: METRICS.map((x) => ({
        id: x.id,
        label: x.label,
        ...summarize(values.get(x.id) ?? [])
      }))
    }
  } finally {
    await reader.close()
  }
}
