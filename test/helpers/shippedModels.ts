// A resources/ folder of shipped models for tests: the real default model copied, plus further models made from copies
// of it under another name and threshold (so tests never depend on which models the repository ships today).
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { DefaultModelRecord } from '../../src/main/firstRun/defaultModel'

/** The repository's resources/ folder. */
export const RESOURCES = resolve(__dirname, '../..', 'resources')

/** A further shipped model: its folder name and what its model.json changes. */
export interface ExtraModel {
  id: string
  name: string
  threshold: number
  recommendedThresholds?: DefaultModelRecord['recommendedThresholds']
  /** How many of the default's examples it lists (retitled), 2 when left out. */
  examples?: number
}

/** A temp resources/ with models/default, examples/ and each extra model; cleanup removes it. */
export function tempResources(extra: ExtraModel[] = []): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'b2b-resources-'))
  cpSync(join(RESOURCES, 'models', 'default'), join(dir, 'models', 'default'), { recursive: true })
  cpSync(join(RESOURCES, 'examples'), join(dir, 'examples'), { recursive: true })
  for (const m of extra) addModel(dir, m)
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

/** Add a model to a temp resources/ (as an app update would ship it). */
export function addModel(dir: string, m: ExtraModel): DefaultModelRecord {
  const to = join(dir, 'models', m.id)
  cpSync(join(dir, 'models', 'default'), to, { recursive: true })
  const record = JSON.parse(readFileSync(join(to, 'model.json'), 'utf8')) as DefaultModelRecord
  record.name = m.name
  record.threshold = m.threshold
  if (m.recommendedThresholds) record.recommendedThresholds = m.recommendedThresholds
  else delete record.recommendedThresholds
  record.evaluation.metrics = record.evaluation.metrics.map((x) => ({
    ...x,
    real: { ...x.real, mean: x.real.mean + 1 }
  }))
  record.examples = record.examples
    .slice(0, m.examples ?? 2)
    .map((e) => ({ ...e, title: `${m.name}: ${e.title}` }))
  writeFileSync(join(to, 'model.json'), JSON.stringify(record, null, 2))
  return record
}
