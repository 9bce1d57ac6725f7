/** The Train form's fields: the API's training settings, whose values per preset come from the engine (runs.presets). */
import { BackendSetting } from '@shared/api/common'
import { TrainingConfigPatch, type TrainingSettings } from '@shared/api/domains/runs'

export type { PresetInfo } from '@shared/api/domains/runs'

export type { BackendSetting, ComposerPreset } from '@shared/api/common'

/** The backend settings the Train form offers (the API's enum). */
export const BACKEND_SETTINGS = BackendSetting.options

/** Every training field the composer can set under "advanced" (the API's names and types). */
export type TrainingForm = TrainingSettings

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
  | { key: keyof TrainingForm; label: string; kind: 'toggle' }

/** Each field's label and input step, in display order (a step of 0 marks a choice). */
const LABELS: [keyof TrainingForm, string, number][] = [
  ['loss', 'Loss', 0],
  ['criticNorm', 'Critic norm', 0],
  ['lambda', 'Gradient penalty λ', 0.5],
  ['nCritic', 'Critic steps per G step', 1],
  ['lrG', 'Generator lr', 1e-5],
  ['lrD', 'Critic lr', 1e-5],
  ['beta1', 'Adam β1', 0.05],
  ['beta2', 'Adam β2', 0.01],
  ['decayRate', 'lr decay factor', 0.05],
  ['decayEvery', 'lr decay every (epochs)', 1],
  ['epochs', 'Epochs', 1],
  ['batchSize', 'Batch size', 1],
  ['seed', 'Seed', 1],
  ['sampleEvery', 'Samples every (epochs)', 1],
  ['checkpointEvery', 'Checkpoint every (epochs)', 1],
  ['transpose', 'Transpose real segments ± (semitones)', 1],
  ['alignKey', 'Align keys to C major / A minor', 0],
  ['straightThrough', 'Critic hears binary notes (straight-through)', 0],
  ['criticTrackStats', 'Critic sees which tracks and pitch classes play', 0],
  ['criticShares', "Critic sees each piece's onsets, note lengths and density", 0],
  ['generatorTrackGate', 'Generator chooses its tracks per piece', 0],
  ['statsMatching', 'Match the real track stats (weight, 0 = off)', 0.1],
  ['matchInstrumentation', 'Stats matching also compares instruments and registers', 0],
  ['statsOnSoftOutput', 'Stats matching reads the soft output', 0],
  ['statsSharpness', 'Sharpen the soft output for stats (0 = off)', 0.5],
  ['grooveMatching', 'Match the real bar-to-bar groove (weight, 0 = off)', 0.5],
  ['polyphonyMatching', 'Match how often notes sound together (weight, 0 = off)', 1],
  ['statsInSd', 'Stats matching measures gaps in standard deviations', 0],
  ['shareMatching', 'Match where notes start, how long they last (weight, 0 = off)', 0.1],
  ['shareDistribution', 'Share matching compares whole distributions', 0],
  ['shareCounts', 'Share matching counts the pitches and tracks that play', 0],
  ['diffAugment', 'Critic hears pieces shifted by bars and ± semitones (0 = off)', 1]
]

/** Every advanced field in display order, with the choices and bounds of the API's schema. */
export const ADVANCED_FIELDS: readonly FieldSpec[] = LABELS.map(([key, label, step]) => {
  const schema = TrainingConfigPatch.shape[key].unwrap() as {
    type?: string
    options?: readonly string[]
    minValue?: number | null
    maxValue?: number | null
  }
  if (schema.type === 'boolean') return { key, label, kind: 'toggle' }
  if (schema.options) return { key, label, kind: 'choice', options: schema.options }
  return { key, label, kind: 'number', min: schema.minValue!, max: schema.maxValue!, step }
})

/** The fields of form that differ from the preset's settings: what a run is started with. */
export function configPatch(preset: TrainingForm, form: TrainingForm): Partial<TrainingForm> {
  const patch: Partial<TrainingForm> = {}
  for (const k of Object.keys(preset) as (keyof TrainingForm)[]) {
    if (form[k] !== preset[k]) (patch as Record<string, unknown>)[k] = form[k]
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
