import { z } from 'zod'
import { method } from '../method'
import { BackendSetting, ComposerPreset, NoArgs, Threshold } from '../common'
import { PAPER_THRESHOLD } from '../../music/pianoroll'

/** The views of the frame, in navigation order. */
export const VIEW_NAMES = ['compose', 'train', 'compare', 'library'] as const

/** The composer's settings, with defaults; stored as JSON in the data folder. */
export const SettingsSchema = z.strictObject({
  backend: BackendSetting.default('auto'),
  threshold: Threshold.default(PAPER_THRESHOLD),
  /** The preset the Train form starts on (its training fields come from the engine: runs.presets). */
  defaultPreset: ComposerPreset.default('small'),
  lastView: z.enum(VIEW_NAMES).default('compose')
})

/** The settings object the renderer reads. */
export type Settings = z.output<typeof SettingsSchema>

/** A change to some settings: every field optional, no defaults applied. */
export const SettingsPatch = z.strictObject({
  backend: BackendSetting.optional(),
  threshold: Threshold.optional(),
  defaultPreset: ComposerPreset.optional(),
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
