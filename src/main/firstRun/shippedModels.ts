// The models shipped with the app: every folder under resources/models that holds a model.json. `default` comes first
// (the one Compose opens on), the others follow by folder name; each one's hints come from its own model.json.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { ModelSummary } from '../../shared/api/types'
import { BINARY_AT } from '../../shared/music/pianoroll'
import {
  DEFAULT_MODEL_ID,
  familyThresholdsOf,
  findResourcesDir,
  type DefaultModelRecord
} from './defaultModel'

/** A shipped model: its folder name under resources/models (its id) and the folder. */
export interface ShippedModel {
  id: string
  dir: string
}

/** The shipped models, `default` first, then by folder name; none when resources/ was not found. */
export function shippedModels(resourcesDir: string | null = findResourcesDir()): ShippedModel[] {
  const root = resourcesDir && join(resourcesDir, 'models')
  if (!root || !existsSync(root)) return []
  const rank = (id: string) => (id === DEFAULT_MODEL_ID ? '' : id)
  return readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(root, e.name, 'model.json')))
    .map((e) => e.name)
    .sort((a, b) => (rank(a) < rank(b) ? -1 : 1))
    .map((id) => ({ id, dir: join(root, id) }))
}

/**
 * The backend note first start gives a shipped model's run. Run ids are reused after a delete (no AUTOINCREMENT), so
 * this note is what tells the shipped run from a later run that got its id.
 */
export function shippedReason(id: string): string {
  return `trained before shipping (resources/models/${id})`
}

export type ModelHints = Pick<
  ModelSummary,
  'recommendedThreshold' | 'recommendedThresholds' | 'realMetrics'
>

/** No hints: a checkpoint of the user's own, or a model folder that cannot be read. */
export const NO_HINTS: ModelHints = {
  recommendedThreshold: null,
  recommendedThresholds: null,
  realMetrics: null
}

/** A checkpoint of the user's own: a straight-through run recommends the threshold it trained at, others none. */
export function checkpointHints(train: { straightThrough?: boolean }): ModelHints {
  return train.straightThrough ? { ...NO_HINTS, recommendedThreshold: BINARY_AT } : NO_HINTS
}

const hints = new Map<string, ModelHints>()

/** A shipped model's recommended thresholds and its real data's metric values (its model.json, read once; no checksum). */
export function modelHints(dir: string): ModelHints {
  let value = hints.get(dir)
  if (!value) {
    let r: DefaultModelRecord
    try {
      r = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as DefaultModelRecord
    } catch {
      return NO_HINTS // a damaged model.json: the settings' threshold, as for any checkpoint
    }
    const real = Object.fromEntries(
      (r.evaluation?.metrics ?? []).map((m) => [m.id, { mean: m.real.mean, sd: m.real.sd }])
    )
    value = {
      recommendedThreshold: typeof r.threshold === 'number' ? r.threshold : null,
      recommendedThresholds: familyThresholdsOf(r),
      realMetrics: real
    }
    hints.set(dir, value)
  }
  return value
}
