/** The Train form's fields: docs/model.md's training config, per preset, and the patch a run starts with. */
import type { z } from 'zod'
import { BackendName, Preset } from '@shared/api/common'

/** A model preset a composer starts a run from (the API's presets but the engine's tiny 'test'). */
export type PresetName = Exclude<z.infer<typeof Preset>, 'test'>

/** The presets the Train form offers, in the API's order. */
export const FORM_PRESETS = Preset.options.filter((p): p is PresetName => p !== 'test')

/** A backend setting: an engine backend, or 'auto' for the best available (the API's enum). */
export type BackendSetting = z.infer<typeof BackendName>

/** The backend settings the Train form offers. */
export const BACKEND_SETTINGS = BackendName.options

/** Every training-config field the composer can set under "advanced" (names as the API's TrainingConfigPatch). */
export interface TrainingForm {
  loss: 'wgan-gp' | 'gan'
  criticNorm: 'batch' | 'layer' | 'none'
  lambda: number
  nCritic: number
  lrG: number
  lrD: number
  beta1: number
  beta2: number
  lrDecayFactor: number
  lrDecayEveryEpochs: number
  epochs: number
  batchSize: number
  seed: number
  samplesEveryEpochs: number
  checkpointEveryEpochs: number
  transpose: number
}

const PAPER: TrainingForm = {
  loss: 'wgan-gp',
  criticNorm: 'batch',
  lambda: 10,
  nCritic: 5,
  lrG: 3e-4,
  lrD: 6e-4,
  beta1: 0.5,
  beta2: 0.9,
  lrDecayFactor: 0.75,
  lrDecayEveryEpochs: 25,
  epochs: 100,
  batchSize: 16,
  seed: 1234,
  samplesEveryEpochs: 10,
  checkpointEveryEpochs: 20,
  transpose: 0
}

/**
 * The form's starting values per preset (docs/model.md's 'paper' training config; 'small' and 'improved' swap
 * the critic's batch norm for layer norm). The engine owns the presets: only fields the composer changed
 * are sent, so these are a display of the defaults, not a second source of truth.
 */
export const PRESET_FORMS: Readonly<Record<PresetName, Readonly<TrainingForm>>> = {
  paper: PAPER,
  improved: { ...PAPER, criticNorm: 'layer' },
  small: { ...PAPER, criticNorm: 'layer' }
}

/** What each preset is for, shown beside its name (only 'paper' keeps the batch-norm critic, for GPUs). */
export const PRESET_HINTS: Readonly<Record<PresetName, string>> = {
  paper: 'GPU: full width, batch-norm critic as published',
  improved: 'CPU: small widths, layer-norm critic',
  small: 'CPU: small widths, layer-norm critic'
}

/** How one form field is edited: a number input with its bounds, or a choice. */
export type FieldSpec =
  | {
      key: keyof TrainingForm
      label: string
      kind: 'number'
      min: number
      max: number
      step: number
    }
  | { key: keyof TrainingForm; label: string; kind: 'choice'; options: readonly string[] }

const num = (key: keyof TrainingForm, label: string, min: number, max: number, step: number) =>
  ({ key, label, kind: 'number', min, max, step }) as const

/** Every advanced field in display order, with the bounds the API's schema enforces. */
export const ADVANCED_FIELDS: readonly FieldSpec[] = [
  { key: 'loss', label: 'Loss', kind: 'choice', options: ['wgan-gp', 'gan'] },
  { key: 'criticNorm', label: 'Critic norm', kind: 'choice', options: ['batch', 'layer', 'none'] },
  num('lambda', 'Gradient penalty λ', 0, 1000, 0.5),
  num('nCritic', 'Critic steps per G step', 1, 100, 1),
  num('lrG', 'Generator lr', 1e-6, 1, 1e-5),
  num('lrD', 'Critic lr', 1e-6, 1, 1e-5),
  num('beta1', 'Adam β1', 0, 1, 0.05),
  num('beta2', 'Adam β2', 0, 1, 0.01),
  num('lrDecayFactor', 'lr decay factor', 0.01, 1, 0.05),
  num('lrDecayEveryEpochs', 'lr decay every (epochs)', 1, 100000, 1),
  num('epochs', 'Epochs', 1, 100000, 1),
  num('batchSize', 'Batch size', 1, 1024, 1),
  num('seed', 'Seed', 0, 0xffffffff, 1),
  num('samplesEveryEpochs', 'Samples every (epochs)', 1, 100000, 1),
  num('checkpointEveryEpochs', 'Checkpoint every (epochs)', 1, 100000, 1),
  num('transpose', 'Transpose real segments ± (semitones)', 0, 12, 1)
]

/** The fields of form that differ from the preset's values: what a run is started with. */
export function configPatch(preset: PresetName, form: TrainingForm): Partial<TrainingForm> {
  const base = PRESET_FORMS[preset]
  const patch: Partial<TrainingForm> = {}
  for (const k of Object.keys(base) as (keyof TrainingForm)[]) {
    if (form[k] !== base[k]) (patch as Record<string, unknown>)[k] = form[k]
  }
  return patch
}

/** Problems of a form a composer can fix before starting (empty when it may start). */
export function validateForm(form: TrainingForm): string[] {
  const errors: string[] = []
  for (const f of ADVANCED_FIELDS) {
    if (f.kind !== 'number') continue
    const v = form[f.key] as number
    if (!Number.isFinite(v) || v < f.min || v > f.max)
      errors.push(`${f.label} must be in ${f.min}..${f.max}`)
    else if (f.step >= 1 && !Number.isInteger(v)) errors.push(`${f.label} must be a whole number`)
  }
  return errors
}
