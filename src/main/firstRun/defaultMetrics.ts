// The shipped default model's measured metrics (model.json's evaluation) as rows of the runs' metrics table: the
// model keeps no samples and has no dataset in the library, so Compare reads what it was measured at before shipping.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { MetricsTable } from '../../shared/api/types'
import { defaultModelDir, findResourcesDir, type DefaultModelRecord } from './defaultModel'

type Rows = MetricsTable['rows']

let cached: { dir: string; evaluation: DefaultModelRecord['evaluation'] | null } | null = null

function evaluationOf(dir: string): DefaultModelRecord['evaluation'] | null {
  if (cached?.dir !== dir) {
    let evaluation: DefaultModelRecord['evaluation'] | null = null
    try {
      evaluation = (JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as DefaultModelRecord)
        .evaluation
    } catch {
      evaluation = null
    }
    cached = { dir, evaluation }
  }
  return cached.evaluation
}

/**
 * The default model's generated pieces' metrics under its run id, and with `withReal` the real data's (its training
 * data) as subject 'real'; mean ± sd over the pieces measured. Empty when the app was packaged without the model.
 */
export function defaultModelRows(
  runId: string,
  withReal: boolean,
  dir: string | null = safeDir()
): Rows {
  const evaluation = dir ? evaluationOf(dir) : null
  if (!evaluation) return []
  return evaluation.metrics.flatMap((m) => [
    {
      subject: runId,
      metric: m.id,
      variant: 'default',
      mean: m.generated.mean,
      sd: m.generated.sd
    },
    ...(withReal
      ? [{ subject: 'real', metric: m.id, variant: 'default', mean: m.real.mean, sd: m.real.sd }]
      : [])
  ])
}

function safeDir(): string | null {
  const resources = findResourcesDir()
  return resources ? defaultModelDir(resources) : null
}
