import { z } from 'zod'
import { method } from '../method'
import { Id, NoArgs, Seed, Threshold } from '../common'
import type { Generation, ModelSummary } from '../types'
import type { Piece } from '../../music/piece'

/** Which of the 17 family tracks to generate (all when left out). */
export const TrackMask = z.array(z.boolean()).length(17)

/** generation: pieces from the default model or a checkpoint, re-binarised live, interpolated between seeds. */
export const generationMethods = {
  models: method<ModelSummary[]>()(NoArgs, 'The default model and every checkpoint'),
  generate: method<Generation>()(
    z.strictObject({
      modelId: Id,
      seed: Seed,
      count: z.number().int().min(1).max(32),
      threshold: Threshold,
      tracks: TrackMask.optional()
    }),
    'Generate count pieces from seed, seed+1, ...'
  ),
  rebinarize: method<Generation>()(
    z.strictObject({ generationId: Id, threshold: Threshold, tracks: TrackMask.optional() }),
    'Apply another threshold to a generation’s stored raw output'
  ),
  interpolate: method<Generation>()(
    z.strictObject({
      modelId: Id,
      seedA: Seed,
      seedB: Seed,
      steps: z.number().int().min(2).max(16),
      threshold: Threshold,
      tracks: TrackMask.optional()
    }),
    'Pieces along the spherical path between two seeds'
  ),
  sample: method<Piece>()(
    z.strictObject({ sampleId: Id, threshold: Threshold }),
    'A training sample as a piece'
  )
}
