import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildDataset, type SourcePiece } from '../../../src/main/data/dataset'
import { readMidi } from '../../../src/main/data/midi/read'
import { initBackend } from '../../../src/main/ml/backend'
import { openDatasetSource } from '../../../src/main/ml/datasetSource'
import { rollConfigOf } from '../../../src/main/ml/config'
import { disposeGenerator, generateFromSeeds } from '../../../src/main/ml/generate'
import type { LoadedGenerator } from '../../../src/main/ml/generate'
import {
  DEFAULT_MODEL_ID,
  defaultModelSummary,
  loadDefaultGenerator,
  readDefaultModel,
  familyThresholdsOf
} from '../../../src/main/firstRun/defaultModel'
import { modelHints } from '../../../src/main/firstRun/shippedModels'
import {
  compareToReal,
  formatComparison,
  summarizeRolls
} from '../../../src/main/firstRun/evaluate'
import type { MetricComparison } from '../../../src/main/firstRun/defaultModel'
import { FIXTURE_GROUPS, FIXTURE_MIDI, fixtureMidiFiles } from '../../helpers/fixtures'

const ROOT = resolve(__dirname, '../../..')
const MODEL = join(ROOT, 'resources', 'models', 'default')
const data = mkdtempSync(join(tmpdir(), 'b2b-default-'))
let g: LoadedGenerator
let rows: MetricComparison[] = []
let paperRows: MetricComparison[] = []
const PAPER_THRESHOLD = 0.9
/** Metrics whose real-data band the default model must reach (issue 8). */
const BAND_METRICS = ['polyphony', 'empty_bar_rate']

/**
 * The real MIDI fixtures of the collections the model trained on (model.json's dataset sources: Freedoom, POP909 or
 * both): every 4th file of each source of the developer set plus the few files other tests name, so the band of the
 * model's own style of music without the whole set.
 */
async function* realPieces(): AsyncGenerator<SourcePiece> {
  const sources = readDefaultModel(MODEL).dataset.sources.join(' ').toLowerCase()
  const groups = FIXTURE_GROUPS.filter((g) => sources.includes(g))
  for (const f of groups.flatMap((g) => fixtureMidiFiles(g))) {
    const bytes = readFileSync(f)
    const sha256 = createHash('sha256').update(bytes).digest('hex')
    yield { file: relative(FIXTURE_MIDI, f), sha256, piece: readMidi(f, bytes).piece }
  }
}

beforeAll(async () => {
  await initBackend('wasm')
  g = loadDefaultGenerator(MODEL)
})
afterAll(() => {
  disposeGenerator(g)
  rmSync(data, { recursive: true, force: true })
})

describe('the shipped default model', () => {
  // Size, credits, checksum and examples of every shipped model: shippedFolders.test.ts.
  it('is the default of the model list, with the hints Compose starts from', () => {
    const record = readDefaultModel(MODEL)
    expect(g.config.preset).toBe(record.config.preset)
    expect(defaultModelSummary(record)).toMatchObject({ id: DEFAULT_MODEL_ID, kind: 'default' })
    // Compose starts at the threshold the model recommends and shows the real data's metrics beside the piece's.
    const hints = modelHints(MODEL)
    expect(hints.recommendedThreshold).toBe(record.threshold)
    expect(hints.recommendedThresholds ?? null).toEqual(familyThresholdsOf(record))
    const polyphony = record.evaluation.metrics.find((m) => m.id === 'polyphony')
    expect(hints.realMetrics?.polyphony).toEqual({
      mean: polyphony?.real.mean,
      sd: polyphony?.real.sd
    })
  })

  it('recommends a threshold per family where model.json stores some, the single one for the others', () => {
    expect(familyThresholdsOf({ threshold: 0.5 })).toBeNull()
    expect(familyThresholdsOf({ threshold: 0.5, recommendedThresholds: {} })).toBeNull()
    const t = familyThresholdsOf({
      threshold: 0.5,
      recommendedThresholds: { Drums: 0.3, Bass: 0.6, Piano: 7 as number }
    })
    expect(t).toHaveLength(17)
    expect([t?.[0], t?.[1], t?.[5], t?.[16]]).toEqual([0.3, 0.5, 0.6, 0.5])
  })

  it('generates 64 pieces and prints their metrics against the real data band (mean ± sd)', async () => {
    const dir = join(data, 'datasets', 'real')
    await buildDataset(realPieces(), dir, { name: 'real' })
    const m = g.config.model
    const src = await openDatasetSource(dir, 'real', [m.steps, m.pitches, m.tracks])
    const n = Math.min(src.count, 512)
    const real = await src.batch(
      Array.from({ length: n }, (_, i) => Math.floor((i * src.count) / n))
    )
    await src.close()
    const count = 64
    const gen = await generateFromSeeds(
      g,
      Array.from({ length: count }, (_, i) => i)
    )
    const rc = rollConfigOf(m)
    const realSummary = summarizeRolls(real, n, rc, 0.5)
    const threshold = readDefaultModel(MODEL).threshold
    rows = compareToReal(realSummary, summarizeRolls(gen.raw, count, rc, threshold))
    paperRows = compareToReal(realSummary, summarizeRolls(gen.raw, count, rc, PAPER_THRESHOLD))
    for (const [th, r] of [
      [threshold, rows],
      [PAPER_THRESHOLD, paperRows]
    ] as const)
      console.log(
        `default model vs ${n} real segments, ${count} generated pieces at threshold ${th}\n${formatComparison(r)}`
      )
    expect(rows.length).toBeGreaterThanOrEqual(20)
    expect(rows.every((r) => r.real.n > 0)).toBe(true)
  })

  // The band metrics the shipped model also reaches at the paper's 0.9: none since it trains with straight-through
  // outputs binarised at its own threshold 0.5 (its notes need not climb to 0.9, so at 0.9 its pieces thin out:
  // polyphony 2.3, 1.2 % empty bars). Both stay asserted at the recommended threshold above.
  const REACHED_AT_PAPER_THRESHOLD = new Set<string>()
  // The band metrics the issue names. Each one the shipped model reached when it was exported is asserted; one it
  // did not reach is an expected failure, so the gap stays visible and the test flips when a better model ships.
  const record = readDefaultModel(MODEL)
  for (const id of BAND_METRICS) {
    const reached = record.evaluation.metrics.find((r) => r.id === id)?.inBand === true
    const name = `${id} of generated pieces is inside the real band${reached ? '' : ' (NOT reached yet: expected failure)'}`
    const check = () => expect(rows.find((r) => r.id === id)?.inBand).toBe(true)
    if (reached) it(name, check)
    else it.fails(name, check)
    // At the paper's threshold 0.9 the shipped model's pieces are sparser (gap printed above): what it reaches there
    // is asserted, the rest are expected failures.
    const paperCheck = () => expect(paperRows.find((r) => r.id === id)?.inBand).toBe(true)
    if (REACHED_AT_PAPER_THRESHOLD.has(id))
      it(`${id} is inside the real band at the paper's threshold 0.9`, paperCheck)
    else
      it.fails(
        `${id} is inside the real band at the paper's threshold 0.9 (NOT reached yet)`,
        paperCheck
      )
  }
})
