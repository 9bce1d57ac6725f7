import type { ComposerApi } from '@shared/api'

/** Mean and sd of one metric over the real data. */
export type Reference = Record<string, { mean: number; sd: number | null }>

/** The real data's metric values stored with a run (rows whose subject is 'real'; the first variant of each). */
export async function realReference(
  api: Pick<ComposerApi, 'runs'>,
  runId: string
): Promise<Reference> {
  const table = await api.runs.metrics({ ids: [runId] })
  const out: Reference = {}
  for (const r of table.rows) {
    if (r.subject === 'real' && !(r.metric in out)) out[r.metric] = { mean: r.mean, sd: r.sd }
  }
  return out
}
