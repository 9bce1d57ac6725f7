import { PAPER_THRESHOLD } from '@shared/music/pianoroll'
import type { ComposerApi, SampleSummary } from '@shared/api'
import type { Piece } from '@shared/music/piece'

/** The threshold pieces generated from a checkpoint that recommends none are binarised at (the paper's 0.9). */
export const PIECE_THRESHOLD = PAPER_THRESHOLD

/** What reading a run's pieces needs: its samples, and its checkpoints to generate from when it kept none. */
export type RunPiecesClient = {
  runs: Pick<ComposerApi['runs'], 'samples'>
  generation: Pick<ComposerApi['generation'], 'sample' | 'models' | 'generate'>
}

/** One piece of a run with an id stable for it (a sample id, or the model and seed it was generated from). */
export interface RunClip {
  id: string
  piece: Piece
}

/** A run's newest pieces and where they came from. */
export interface RunPieces {
  source: 'samples' | 'generated' | 'none'
  /** The epoch of the samples, or of the checkpoint generated from. */
  epoch: number | null
  /** The threshold the pieces were binarised at (a model's recommended one when generated from it). */
  threshold: number
  clips: RunClip[]
}

/** No audible note in any track: it plays silence, peak 0 (the listening test refuses it, metrics say "no notes"). */
export function isSilent(piece: Piece): boolean {
  return piece.tracks.every((t) => t.notes.every((n) => n.velocity <= 0))
}

/** The newest samples first (epoch, then step, descending). */
export function newestFirst(samples: readonly SampleSummary[]): SampleSummary[] {
  return [...samples].sort((a, b) => b.epoch - a.epoch || b.step - a.step)
}

/**
 * The pieces to measure or listen to for a run: its samples of the latest epoch (at least `count`, from the newest
 * epochs down), else `count` pieces generated from its newest checkpoint. The shipped default model keeps no
 * samples: it is measured on pieces generated from its checkpoint.
 */
export async function runPieces(
  api: RunPiecesClient,
  runId: string,
  count: number,
  seed = 0
): Promise<RunPieces> {
  const samples = newestFirst(await api.runs.samples({ id: runId }))
  if (samples.length > 0) {
    const latest = samples[0].epoch
    const chosen = samples.filter((s, i) => s.epoch === latest || i < count)
    const clips = await Promise.all(
      chosen.map(async (s) => ({
        id: s.id,
        piece: await api.generation.sample({ sampleId: s.id, threshold: s.threshold })
      }))
    )
    // The run's threshold (0.5 for a straight-through run, else 0.9), as Train shows its samples.
    return { source: 'samples', epoch: latest, clips, threshold: samples[0].threshold }
  }
  const model = (await api.generation.models())
    .filter((m) => m.runId === runId)
    .sort((a, b) => (b.epoch ?? 0) - (a.epoch ?? 0))[0]
  if (!model) return { source: 'none', epoch: null, clips: [], threshold: PIECE_THRESHOLD }
  // At the threshold the model recommends (and was measured at), as Compose starts with it.
  const threshold = model.recommendedThreshold ?? PIECE_THRESHOLD
  const g = await api.generation.generate({ modelId: model.id, seed, count, threshold })
  return {
    source: 'generated',
    epoch: model.epoch,
    threshold,
    clips: g.items.map((it) => ({ id: `model-${model.id}-seed-${it.seed}`, piece: it.piece }))
  }
}
