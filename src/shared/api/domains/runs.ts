import { z } from 'zod'
import { method } from '../method'
import { Id, IdList, Name, NoArgs, Preset, Seed, type ComposerPreset } from '../common'
import { Tag } from './pieces'
import type {
  CheckpointSummary,
  Marks,
  CurveSeries,
  MetricsTable,
  RunDetail,
  RunSummary,
  SampleSummary
} from '../types'

/** Adversarial loss: Wasserstein with gradient penalty, or the paper's BCE baseline. */
export const LossKind = z.enum(['wgan-gp', 'gan'])

/** How the critic normalises activations: the paper's batch norm, per-sample layer norm, or none. */
export const CriticNorm = z.enum(['batch', 'layer', 'none'])

/**
 * The training fields a composer may change from the preset: the engine's names (its TrainConfig, stored with every
 * run and checkpoint; docs/model.md) and the bounds every entry point enforces (Train's form, the CLI's flags).
 */
export const TrainingConfigPatch = z.strictObject({
  loss: LossKind.optional(),
  criticNorm: CriticNorm.optional(),
  lambda: z.number().min(0).max(1000).optional(),
  nCritic: z.number().int().min(1).max(100).optional(),
  lrG: z.number().min(1e-6).max(1).optional(),
  lrD: z.number().min(1e-6).max(1).optional(),
  beta1: z.number().min(0).max(1).optional(),
  beta2: z.number().min(0).max(1).optional(),
  /** Learning rates are multiplied by decayRate every decayEvery epochs. */
  decayRate: z.number().min(0.01).max(1).optional(),
  decayEvery: z.number().int().min(1).max(100_000).optional(),
  epochs: z.number().int().min(1).max(100_000).optional(),
  batchSize: z.number().int().min(1).max(1024).optional(),
  seed: Seed.optional(),
  sampleEvery: z.number().int().min(1).max(100_000).optional(),
  checkpointEvery: z.number().int().min(1).max(100_000).optional(),
  /** Augmentation: shift each real segment's pitched tracks by a random -N..N semitones (0 = off). */
  transpose: z.number().int().min(0).max(12).optional(),
  /** Move each real segment to C major / A minor before the critic sees it (pieces then come out in that key). */
  alignKey: z.boolean().optional(),
  /** The critic sees the generated roll as the composer gets it (binarised at 0.5); the gradient passes straight through. */
  straightThrough: z.boolean().optional(),
  /** The generator also matches the real batch's track stats (feature matching); its weight in G's loss, 0 = off. */
  statsMatching: z.number().min(0).max(100).optional(),
  /** Stats matching also compares which tracks play and in which octaves (instrumentation and register). */
  matchInstrumentation: z.boolean().optional(),
  /** Stats matching reads the generator's soft output rather than the binary notes the critic hears. */
  statsOnSoftOutput: z.boolean().optional(),
  /** With statsOnSoftOutput: how far the soft output is pushed towards its binary notes before the stats read it (0 = off). */
  statsSharpness: z.number().min(0).max(20).optional(),
  /** The generator also matches how much the real batch's rhythm changes from bar to bar; its weight, 0 = off. */
  grooveMatching: z.number().min(0).max(100).optional(),
  /** The generator also matches how often two or more notes sound together in the real batch; its weight, 0 = off. */
  polyphonyMatching: z.number().min(0).max(100).optional(),
  /** Stats matching measures each gap in the real batch's standard deviations, so rare shared features count. */
  statsInSd: z.boolean().optional(),
  /**
   * The generator also matches the shares a listener hears in its binary notes (where in the bar notes start and
   * drums hit, how long notes last, pitch rows mod 4, density); its weight, 0 = off.
   */
  shareMatching: z.number().min(0).max(100).optional(),
  /** Share matching compares the shares' distributions piece by piece (an MMD), not only their means. */
  shareDistribution: z.boolean().optional(),
  /** Share matching also counts the pitches and tracks that play (train.shareCounts). */
  shareCounts: z.boolean().optional(),
  /**
   * The critic sees real and generated pieces rotated by whole bars and shifted by up to N pitch rows, each its own way
   * (DiffAugment: a critic on a small collection cannot learn it by heart); 0 = off.
   */
  diffAugment: z.number().int().min(0).max(12).optional(),
  /** The critic also sees each track's note count and its counts per pitch class, whole (model.criticTrackStats). */
  criticTrackStats: z.boolean().optional(),
  /**
   * The critic also sees each piece's shares, whole: where in the bar notes start and drums hit, note lengths, pitch
   * rows mod 4, density, pitches and tracks that play (model.criticShares).
   */
  criticShares: z.boolean().optional(),
  /** The generator sets a bias per track from its noise, so a piece can leave tracks out (model.generatorTrackGate). */
  generatorTrackGate: z.boolean().optional()
})

/** Every field of TrainingConfigPatch with a value: a preset's training settings as Train shows them. */
export type TrainingSettings = Required<z.output<typeof TrainingConfigPatch>>

/** A preset a composer can start a run from, with what it is for and its training settings. */
export interface PresetInfo {
  name: ComposerPreset
  use: string
  settings: TrainingSettings
}

/** The per-step metrics a curve can show. */
export const CurveMetric = z.enum(['g', 'd', 'gp', 'wasserstein', 'lrG', 'lrD', 'stepSeconds'])

/** runs: start, pause, resume and stop training; read curves, samples, checkpoints and metrics. */
export const runsMethods = {
  list: method<RunSummary[]>()(NoArgs, 'Every run with its latest losses'),
  presets: method<PresetInfo[]>()(
    NoArgs,
    'The presets a run starts from, with their training settings (the engine is their one source)'
  ),
  get: method<RunDetail>()(z.strictObject({ id: Id }), 'One run with its config'),
  start: method<{ runId: string; jobId: string }>()(
    z.strictObject({
      datasetId: Id,
      name: Name,
      preset: Preset,
      config: TrainingConfigPatch.optional()
    }),
    'Start training a new run in the worker (progress as run:progress events)'
  ),
  pause: method<RunSummary>()(
    z.strictObject({ id: Id }),
    'Pause a run at the next step (checkpoint)'
  ),
  resume: method<RunSummary>()(
    z.strictObject({ id: Id }),
    'Resume a paused or stopped run from its newest verified checkpoint (conflict on id when none verifies)'
  ),
  restart: method<RunSummary>()(
    z.strictObject({ id: Id, confirm: z.literal(true) }),
    'Restart a run from scratch: drop its curves, samples and checkpoints and train from step 0 (confirmed)'
  ),
  stop: method<RunSummary>()(z.strictObject({ id: Id }), 'Stop a run (checkpoint on stop)'),
  marks: method<Marks[]>()(NoArgs, "Every run's favourite flag and tags"),
  mark: method<Marks>()(
    z.strictObject({
      id: Id,
      tags: z.array(Tag).max(50).optional(),
      favourite: z.boolean().optional()
    }),
    "Change a run's tags or favourite flag"
  ),
  rename: method<RunSummary>()(z.strictObject({ id: Id, name: Name }), 'Rename a run'),
  remove: method<void>()(z.strictObject({ id: Id }), 'Delete a run and its files'),
  curves: method<CurveSeries[]>()(
    z.strictObject({
      ids: IdList,
      metrics: z.array(CurveMetric).min(1).max(7),
      x: z.enum(['step', 'epoch']),
      points: z.number().int().min(2).max(10_000)
    }),
    'Loss curves of runs, downsampled to a number of points'
  ),
  samples: method<SampleSummary[]>()(z.strictObject({ id: Id }), 'The samples a run kept'),
  checkpoints: method<CheckpointSummary[]>()(
    z.strictObject({ id: Id }),
    'The checkpoints of a run'
  ),
  metrics: method<MetricsTable>()(
    z.strictObject({ ids: IdList }),
    'Metrics of runs against the real data'
  )
}
