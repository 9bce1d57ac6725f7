import { z } from 'zod'
import { method } from '../method'
import { BackendName, NoArgs, Preset, Threshold } from '../common'

/** The views of the frame, in navigation order. */
export const VIEW_NAMES = ['compose', 'train', 'compare', 'library'] as const

/** The composer's settings, with defaults; stored as JSON in the data folder. */
export const SettingsSchema = z.strictObject({
  backend: BackendName.default('auto'),
  threshold: Threshold.default(0.9),
  defaultPreset: Preset.default('small'),
  samplesEveryEpochs: z.number().int().min(1).max(1000).default(10),
  checkpointEveryEpochs: z.number().int().min(1).max(1000).default(20),
  lastView: z.enum(VIEW_NAMES).default('compose')
})

/** The settings object the renderer reads. */
export type Settings = z.output<typeof SettingsSchema>

/** A change to some settings: every field optional, no defaults applied. */
export const SettingsPatch = z.strictObject({
  backend: BackendName.optional(),
  threshold: Threshold.optional(),
  defaultPreset: Preset.optional(),
  samplesEveryEpochs: z.number().int().min(1).max(1000).optional(),
  checkpointEveryEpochs: z.number().int().min(1).max(1000).optional(),
  lastView: z.enum(VIEW_NAMES).optional()
})

/** settings: read and change the composer's settings. */
export const settingsMethods = {
  get: method<Settings>()(NoArgs, 'Read all settings'),
  set: method<Settings>()(
    z.strictObject({ patch: SettingsPatch }),
    'Change some settings; returns all settings'
  )
}
