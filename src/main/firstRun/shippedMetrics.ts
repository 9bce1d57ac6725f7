// A shipped model's measured metrics (its model.json's evaluation) as rows of the runs' metrics table: the model keeps
// no samples and has no dataset in the library, so Compare reads what it was measured at before shipping.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { MetricsTable } from '../../shared/api/types'
import type { DefaultModelRecord } from './defaultModel'

type Rows = MetricsTable['rows']
type Evaluation = DefaultModelRecord['evaluation']

const cached = new Map<string, Evaluation | null>()

function evaluationOf(dir: string): Evaluation | null {
  if (!cached.has(dir)) {
    let evaluation: Evaluation | null = null
    try {
      evaluation = (JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as DefaultModelRecord)
        .evaluation
    } catch {
      evaluation = null
    }
    cached.set(dir, evaluation)
  }
  return cached.get(dir) ?? null
}

/**
 * The generated pieces' metrics of the shipped model in `dir` under its run id, and with `withReal` its training data's
 * as subject 'real'; mean ± sd over the pieces measured. Empty when its model.json cannot be read.
 */
export function shippedModelRows(runId: string, withReal: boolean, dir: string): Rows {
  const evaluation = evaluationOf(dir)
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
