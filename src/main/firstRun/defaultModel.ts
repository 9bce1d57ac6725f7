// The shipped default model: its folder, its training record (model.json) and its generator, loaded through the
// engine's own checkpoint reader (the shipped file is an engine checkpoint holding only G and G's running stats).
import { existsSync, readFileSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { dirname, join, resolve } from 'node:path'
import type { RunConfig } from '../ml/config'
import type { DatasetIdentity } from '../ml/data'
import { loadGenerator, type LoadedGenerator } from '../ml/generate'
import type { ModelSummary } from '../../shared/api/types'
import { FAMILIES, type FamilyName } from '../../shared/music/families'

/** The default model's folder under resources/models, and its id in first start's marker. */
export const DEFAULT_MODEL_ID = 'default'
/** The generator file inside the model folder. */
export const GENERATOR_FILE = 'generator.b2bckpt'

/** One metric of generated pieces next to the real data's band (mean ± sd). */
export interface MetricComparison {
  id: string
  real: { mean: number; sd: number; n: number }
  generated: { mean: number; sd: number; n: number }
  /** |generated mean − real mean| <= real sd. */
  inBand: boolean
}

/** A shipped example piece: which seeds made it (one seed, or a spherical path between two). */
export interface ExampleRecord {
  file: string
  title: string
  seeds: number[]
  /** Pieces along the slerp path between seeds[0] and seeds[1], joined end to end (1 = a single seed). */
  pathSteps: number
}

/** model.json: how the default model was trained and how it measures against the real data. */
export interface DefaultModelRecord {
  name: string
  config: RunConfig
  step: number
  /** Completed epochs, and epochs as a fraction (steps / steps per epoch). */
  epoch: number
  epochsTrained: number
  /** The run's checkpoint file the generator was taken from. */
  checkpoint: string
  /** Seconds of training (wall clock, shared 2-core CPU). */
  wallSeconds: number
  backend: string
  dataset: DatasetIdentity & { sources: string[]; files: number }
  generator: { file: string; sha256: string; bytes: number; dtype: 'float32' }
  threshold: number
  /**
   * Optional: the model this one was fine-tuned from (its generator was the starting point; the critic started
   * afresh), as that model's record had it: what it trained on, for how long.
   */
  startedFrom?: {
    name: string
    step: number
    epochsTrained: number
    wallSeconds: number
    dataset: DatasetIdentity & { sources: string[]; files: number }
  }
  /** Optional: the threshold recommended per family, by LPD-17 family name (families left out use `threshold`). */
  recommendedThresholds?: Partial<Record<FamilyName, number>>
  evaluation: { count: number; realCount: number; seed: number; metrics: MetricComparison[] }
  lossCurve: string
  losses: string
  examples: ExampleRecord[]
  trainedAt: string
}

/** The folder that holds resources/models/default: found by walking up from here (source, out/main, app.asar). */
export function findResourcesDir(start: string = __dirname): string | null {
  let dir = resolve(start)
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'resources', 'models', 'default', 'model.json')))
      return join(dir, 'resources')
    const up = dirname(dir)
    if (up === dir) break
    dir = up
  }
  return null
}

/** The default model's folder; throws when the app was packaged without it. */
export function defaultModelDir(resourcesDir: string | null = findResourcesDir()): string {
  if (!resourcesDir) throw new Error('the default model (resources/models/default) is missing')
  return join(resourcesDir, 'models', 'default')
}

/** Read model.json and check the generator file against its recorded sha256. */
export function readDefaultModel(dir: string = defaultModelDir()): DefaultModelRecord {
  const record = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as DefaultModelRecord
  const bytes = readFileSync(join(dir, record.generator.file))
  const sha = createHash('sha256').update(bytes).digest('hex')
  if (sha !== record.generator.sha256) throw new Error('default model generator fails its checksum')
  return record
}

/** Load the default generator with the engine's loader (tfjs backend must be initialised). */
export function loadDefaultGenerator(dir: string = defaultModelDir()): LoadedGenerator {
  return loadGenerator(join(dir, readDefaultModel(dir).generator.file))
}

/** The 17 per-family thresholds of a record that stores some (the others at its single threshold), else null. */
export function familyThresholdsOf(
  r: Pick<DefaultModelRecord, 'threshold' | 'recommendedThresholds'>
): number[] | null {
  const map = r.recommendedThresholds
  if (!map || typeof map !== 'object') return null
  const valid = (v: unknown): v is number => typeof v === 'number' && v >= 0 && v <= 1
  if (!Object.values(map).some(valid)) return null
  return FAMILIES.map((f) => {
    const v = map[f.name as FamilyName]
    return valid(v) ? v : r.threshold
  })
}

/** The generation API's entry for the default model (runId: its library run once first start registered it). */
export function defaultModelSummary(
  record: DefaultModelRecord,
  runId: string | null = null
): ModelSummary {
  return {
    id: DEFAULT_MODEL_ID,
    kind: 'default',
    label: `Default model (${record.config.preset}, ${record.step} steps)`,
    runId,
    epoch: record.epoch,
    recommendedThreshold: record.threshold,
    recommendedThresholds: familyThresholdsOf(record),
    realMetrics: Object.fromEntries(
      record.evaluation.metrics.map((m) => [m.id, { mean: m.real.mean, sd: m.real.sd }])
    )
  }
}
