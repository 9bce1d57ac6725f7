import { z } from 'zod'
import { method } from '../method'
import { Id, IdList, Name, NoArgs, Preset, Seed } from '../common'
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

/** Training-config fields a composer may change from the preset (docs/model.md's training config). */
export const TrainingConfigPatch = z.strictObject({
  loss: z.enum(['wgan-gp', 'gan']).optional(),
  criticNorm: z.enum(['batch', 'layer', 'none']).optional(),
  epochs: z.number().int().min(1).max(100_000).optional(),
  batchSize: z.number().int().min(1).max(1024).optional(),
  lrG: z.number().positive().max(1).optional(),
  lrD: z.number().positive().max(1).optional(),
  beta1: z.number().min(0).max(1).optional(),
  beta2: z.number().min(0).max(1).optional(),
  lambda: z.number().min(0).max(1000).optional(),
  nCritic: z.number().int().min(1).max(100).optional(),
  lrDecayFactor: z.number().positive().max(1).optional(),
  lrDecayEveryEpochs: z.number().int().min(1).max(100_000).optional(),
  samplesEveryEpochs: z.number().int().min(1).max(100_000).optional(),
  checkpointEveryEpochs: z.number().int().min(1).max(100_000).optional(),
  /** Augmentation: shift each real segment's pitched tracks by a random -N..N semitones (0 = off). */
  transpose: z.number().int().min(0).max(12).optional(),
  seed: Seed.optional()
})

/** The per-step metrics a curve can show. */
export const CurveMetric = z.enum(['g', 'd', 'gp', 'wasserstein', 'lrG', 'lrD', 'stepSeconds'])

/** runs: start, pause, resume and stop training; read curves, samples, checkpoints and metrics. */
export const runsMethods = {
  list: method<RunSummary[]>()(NoArgs, 'Every run with its latest losses'),
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
