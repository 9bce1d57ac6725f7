import { z } from 'zod'
import { method } from '../method'
import { FamilyIndex, Id, NoArgs, Seed, Threshold, Transpose, Variety } from '../common'
import { PieceSchema } from '../piece'
import type { ContinueResult, InpaintResult } from '../searchTypes'
import type { Generation, ModelSummary } from '../types'
import type { Piece } from '../../music/piece'

/** Which of the 17 family tracks to generate (all when left out). */
export const TrackMask = z.array(z.boolean()).length(17)

/**
 * How raw output becomes notes: a threshold per family (over the single one), velocities flat or from confidence, and
 * the semitones the pitched tracks move (a search reads its piece moved back into the model's key first).
 */
const Binarizing = {
  familyThresholds: z.array(Threshold).length(17).optional(),
  velocity: z.enum(['flat', 'confidence']).optional(),
  transpose: Transpose.optional()
}

/**
 * How hard a latent search works when the composer does not say: Adam steps on z from independent starting points
 * (the engine, the CLI and Compose's panel all start here; bench:latent times it).
 */
export const SEARCH_EFFORT = { steps: 200, restarts: 4 } as const
/** The bounds of a search's effort, for every entry point. */
export const SearchSteps = z.number().int().min(10).max(2000)
export const SearchRestarts = z.number().int().min(1).max(16)

/** A latent search's arguments; `jobId` names it for cancel. */
const SearchArgs = {
  modelId: Id,
  piece: PieceSchema,
  threshold: Threshold,
  ...Binarizing,
  seed: Seed,
  steps: SearchSteps.optional(),
  restarts: SearchRestarts.optional(),
  jobId: Id.optional()
}

/** Bars (of a 4-bar window, 0-based) x family tracks to keep. */
export const RegionSchema = z.strictObject({
  bars: z.array(z.number().int().min(0).max(15)).min(1).max(16),
  tracks: z.array(FamilyIndex).min(1).max(17)
})

/** generation: pieces from the default model or a checkpoint, re-binarised live, interpolated between seeds. */
export const generationMethods = {
  models: method<ModelSummary[]>()(NoArgs, 'The default model and every checkpoint'),
  generate: method<Generation>()(
    z.strictObject({
      modelId: Id,
      seed: Seed,
      count: z.number().int().min(1).max(32),
      threshold: Threshold,
      tracks: TrackMask.optional(),
      variety: Variety.optional(),
      ...Binarizing
    }),
    'Generate count pieces from seed, seed+1, ...'
  ),
  rebinarize: method<Generation>()(
    z.strictObject({
      generationId: Id,
      threshold: Threshold,
      tracks: TrackMask.optional(),
      ...Binarizing
    }),
    'Apply another threshold to a generation’s stored raw output'
  ),
  interpolate: method<Generation>()(
    z.strictObject({
      modelId: Id,
      seedA: Seed,
      seedB: Seed,
      steps: z.number().int().min(2).max(16),
      threshold: Threshold,
      tracks: TrackMask.optional(),
      variety: Variety.optional(),
      ...Binarizing
    }),
    'Pieces along the spherical path between two seeds'
  ),
  sample: method<Piece>()(
    z.strictObject({ sampleId: Id, threshold: Threshold }),
    'A training sample as a piece'
  ),
  inpaint: method<InpaintResult>()(
    z.strictObject({
      ...SearchArgs,
      keep: RegionSchema,
      fromBar: z.number().int().min(0).max(100_000).optional(),
      count: z.number().int().min(1).max(8).optional()
    }),
    'Keep bars x tracks of a piece and regenerate the rest of its 4-bar window (progress as a generation job)'
  ),
  continuePiece: method<ContinueResult>()(
    z.strictObject({
      ...SearchArgs,
      bars: z.number().int().min(1).max(28),
      context: z.number().int().min(1).max(2)
    }),
    'Grow a piece by bars that follow its last 1-2 bars (progress as a generation job)'
  ),
  cancelSearch: method<void>()(
    z.strictObject({ jobId: Id }),
    'Stop a running inpainting or continuation'
  )
}
