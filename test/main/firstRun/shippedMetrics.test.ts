import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ROOT, testServices } from '../../helpers/api'
import { defaultRunId } from '../../../src/main/firstRun/firstRun'

// Issue 14: the default model's metrics column in Compare was all "—": it keeps no samples and has no dataset in the
// library. runs.metrics now answers with what model.json measured (generated pieces, and the real data when first).

const { services, cleanup } = testServices({ firstRun: true })
const ctx = { transport: 'direct' as const }
afterAll(async () => {
  await services.close()
  cleanup()
})

const model = JSON.parse(readFileSync(join(ROOT, 'resources/models/default/model.json'), 'utf8'))

describe('runs.metrics of the default (shipped) model', () => {
  it('has the default model’s measured values and, when it comes first, its real data', async () => {
    await services.ready
    const id = String(defaultRunId(services.deps.facts.dataDir))
    const { rows } = await services.handlers.runs.metrics({ ids: [id] }, ctx)
    const ids = model.evaluation.metrics.map((m: { id: string }) => m.id)
    expect(ids.length).toBeGreaterThan(10)
    for (const m of model.evaluation.metrics) {
      const own = rows.find((r) => r.subject === id && r.metric === m.id)!
      const real = rows.find((r) => r.subject === 'real' && r.metric === m.id)!
      expect(own.mean).toBe(m.generated.mean)
      expect(own.sd).toBe(m.generated.sd)
      expect(real.mean).toBe(m.real.mean)
      expect(real.sd).toBe(m.real.sd)
    }
  })
})
