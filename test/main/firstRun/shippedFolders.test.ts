// Every model folder shipped in resources/models (the band model as default, the piano model beside it): a checked
// generator under 30 MB with its record, credits and licences, examples that regenerate exactly from their seeds,
// and pieces in the instruments of the data it learned from.
import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { initBackend } from '../../../src/main/ml/backend'
import {
  disposeGenerator,
  generateFromSeeds,
  loadGenerator,
  rawToPiece
} from '../../../src/main/ml/generate'
import { readDefaultModel } from '../../../src/main/firstRun/defaultModel'
import { examplePiece } from '../../../src/main/firstRun/evaluate'
import { shippedModels } from '../../../src/main/firstRun/shippedModels'
import { FAMILIES } from '../../../src/shared/music/families'

const models = shippedModels()
const EXAMPLES = join(__dirname, '../../../resources/examples')

beforeAll(() => initBackend('wasm'))

describe('the shipped model folders', () => {
  it('are the band model (default) and the piano model', () => {
    expect(models.map((m) => m.id)).toEqual(['default', 'piano'])
  })

  describe.each(models)('$id', ({ id, dir }) => {
    it('has a checked generator under 30 MB, its record, credits, licences and examples', async () => {
      const record = readDefaultModel(dir) // throws when the generator fails its sha256
      expect(statSync(join(dir, record.generator.file)).size).toBeLessThan(30 * 1024 * 1024)
      for (const f of [
        'CREDITS.md',
        'COPYING.adoc',
        'CREDITS-MUSIC',
        'POP909-LICENSE',
        record.lossCurve
      ])
        expect(statSync(join(dir, f)).size).toBeGreaterThan(0)
      expect(record.config.train.alignKey).toBe(true) // both write in C major / A minor
      const g = loadGenerator(join(dir, record.generator.file))
      try {
        expect(g.step).toBe(record.step)
        for (const e of record.examples) {
          const shipped = JSON.parse(readFileSync(join(EXAMPLES, e.file), 'utf8'))
          const length = Math.max(1, e.pathSteps) * (g.config.model.steps / 4) * shipped.ppq
          expect(await examplePiece(g, e, record.threshold)).toEqual({ length, ...shipped })
        }
      } finally {
        disposeGenerator(g)
      }
    }, 60_000)

    it('writes in the instruments of the music it learned', async () => {
      const record = readDefaultModel(dir)
      const g = loadGenerator(join(dir, record.generator.file))
      const batch = await generateFromSeeds(
        g,
        Array.from({ length: 16 }, (_, i) => i)
      )
      const used = new Set<string>()
      for (let i = 0; i < 16; i++)
        for (const t of rawToPiece(batch, g.config.model, i, { threshold: record.threshold })
          .tracks)
          if (t.notes.length) used.add(FAMILIES[t.family].name)
      disposeGenerator(g)
      if (id === 'piano') expect([...used]).toEqual(['Piano'])
      else for (const f of ['Drums', 'Bass', 'Guitar']) expect(used).toContain(f)
    }, 60_000)
  })
})
