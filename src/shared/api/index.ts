// The API's public surface: import from here (or the specific file) in main, preload and renderer.
export * from './errors'
export * from './channels'
export * from './events'
export * from './types'
export * from './table'
export * from './common'
export { SettingsSchema, SettingsPatch, VIEW_NAMES, type Settings } from './domains/settings'
export { PieceSchema } from './piece'
export { ListeningAnswerSchema, type ListeningAnswer } from './domains/listening'
export {
  CriticNorm,
  LossKind,
  TrainingConfigPatch,
  type PresetInfo,
  type TrainingSettings
} from './domains/runs'
