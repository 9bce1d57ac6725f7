// Regenerate chosen bars x tracks of a piece, or continue it bar by bar: latent search on the kept cells, then the
// kept notes exactly as they were and the rest from the best outputs.
import { rollConfigOf } from './config'
import { rawToPiece, type LoadedGenerator, type PieceOptions } from './generate'
import { searchLatent, type SearchOptions } from './latentSearch'
import { pieceShiftToC } from '../../shared/music/key'
import type { Piece } from '../../shared/music/piece'
import { transposePiece } from '../../shared/music/transpose'
import {
  pieceLength,
  pieceToRoll,
  wholePieceRoll,
  type RollConfig
} from '../../shared/music/pianoroll'
import {
  appendTracks,
  barTicksOf,
  mergeRegion,
  regionMask,
  sliceNotes,
  type Region
} from '../../shared/music/regions'
import { metricContext } from '../../shared/music/metrics/context'
import { selfSimilarity } from '../../shared/music/metrics/ssm'
import type { ContinueResult, InpaintResult, Seam } from '../../shared/api/searchTypes'

/** Search settings shared by inpainting and continuation. */
export type SearchSettings = Pick<
  SearchOptions,
  'steps' | 'restarts' | 'lr' | 'seed' | 'onProgress'
> &
  Pick<PieceOptions, 'familyThresholds' | 'velocity'> & {
    threshold: number
    /** The key the piece is shown in, as semitones from the model's (Compose's Key); a key-aligned model finds it. */
    transpose?: number
  }

/**
 * Semitones from the model's key to the piece's. A key-aligned model (train.alignKey) writes in C major / A minor, so
 * the piece's own key decides (pieceShiftToC); any other model's pieces are where the composer moved them.
 */
export function keyMove(g: LoadedGenerator, piece: Piece, chosen = 0): number {
  return g.config.train.alignKey ? -pieceShiftToC(piece) : chosen
}

const moved = (piece: Piece, by: number) => (by ? transposePiece(piece, by) : piece)

/**
 * Keep `keep` (bars of the window starting at bar `fromBar`, family tracks) and regenerate every other cell of that
 * 4-bar window from the z whose output best matches the kept cells. Notes outside the window stay untouched. The
 * search runs in the model's key and what it writes is moved to the piece's (keyMove); kept notes are never moved.
 */
export async function inpaint(
  g: LoadedGenerator,
  piece: Piece,
  keep: Region,
  o: SearchSettings & { count?: number; fromBar?: number }
): Promise<InpaintResult> {
  const c = rollConfigOf(g.gan.model)
  const origin = (o.fromBar ?? 0) * barTicksOf(c, piece.ppq)
  const by = keyMove(g, piece, o.transpose)
  const target = pieceToRoll(moved(piece, -by), c, origin).roll
  const found = await searchLatent(g, { ...o, target, mask: regionMask(c, keep) })
  const candidates = found.candidates.slice(0, o.count ?? 4).map((cand, i) => {
    const generated = moved(rawToPiece(found.raw, g.gan.model, i, binarizing(o)), by)
    return {
      piece: mergeRegion(piece, generated, keep, c, origin),
      precision: cand.precision,
      recall: cand.recall,
      f1: cand.f1
    }
  })
  return { candidates, f1Before: found.f1Before, steps: found.steps, cancelled: found.cancelled }
}

/**
 * Append `bars` new bars: search a z whose first `context` bars match the piece's last `context` bars, take its
 * remaining bars, and repeat until enough bars are added. The piece's own notes are never changed; the new bars are
 * in its key (keyMove).
 */
export async function continuePiece(
  g: LoadedGenerator,
  piece: Piece,
  o: SearchSettings & { bars: number; context: number }
): Promise<ContinueResult> {
  const c = rollConfigOf(g.gan.model)
  if (o.context < 1 || o.context >= c.bars)
    throw new RangeError(`context must be 1..${c.bars - 1} bars`)
  const barT = barTicksOf(c, piece.ppq)
  const have = Math.max(o.context, Math.ceil(pieceLength(piece) / barT))
  const perSearch = c.bars - o.context
  const searches = Math.ceil(o.bars / perSearch)
  const mask = regionMask(c, { bars: range(o.context), tracks: range(17) })
  const by = keyMove(g, piece, o.transpose)
  let out = piece
  let end = have
  const seams: Seam[] = []
  let cancelled = false
  for (let s = 0; s < searches && !cancelled; s++) {
    const origin = (end - o.context) * barT
    const target = pieceToRoll(moved(out, -by), c, origin).roll
    const progress =
      o.onProgress && ((f: number, l: number) => o.onProgress!((s + f) / searches, l))
    const found = await searchLatent(g, { ...o, onProgress: progress, target, mask })
    cancelled = found.cancelled
    const generated = moved(rawToPiece(found.raw, g.gan.model, 0, binarizing(o)), by)
    const take = Math.min(perSearch, o.bars - s * perSearch)
    const scale = piece.ppq / generated.ppq
    const from = (o.context * barT) / scale
    const fresh = sliceNotes(generated, from, from + (take * barT) / scale).map((t) => ({
      ...t,
      notes: t.notes.map((n) => ({
        ...n,
        start: Math.round(n.start * scale + end * barT),
        duration: Math.max(
          1,
          Math.round(Math.min(n.duration * scale, take * barT - n.start * scale))
        )
      }))
    }))
    out = appendTracks(out, fresh)
    seams.push({ bar: end, similarity: 0, contextF1: found.candidates[0].f1 })
    end += take
  }
  const sim = barSimilarities(out, c)
  for (const seam of seams) seam.similarity = sim[seam.bar - 1] ?? 0
  const before = barSimilarities(piece, c).slice(0, have - 1)
  const adjacentBefore = before.length ? before.reduce((a, b) => a + b, 0) / before.length : NaN
  const grown = { ...out, title: piece.title, length: end * barT }
  return { piece: grown, seams, adjacentBefore, cancelled }
}

/** Similarity of bar i and bar i+1 for every i, from the piece's bar-level SSM (roll feature, all tracks). */
export function barSimilarities(piece: Piece, c: RollConfig): number[] {
  const whole = wholePieceRoll(piece, c)
  const ssm = selfSimilarity(metricContext(whole.roll, whole.config, 0.5), {
    level: 'bar',
    feature: 'roll'
  })
  return Array.from({ length: ssm.n - 1 }, (_, i) => ssm.values[i * ssm.n + i + 1])
}

/** How a search's output becomes notes: the composer's threshold(s) and velocities. */
const binarizing = (o: SearchSettings): PieceOptions => ({
  threshold: o.threshold,
  familyThresholds: o.familyThresholds,
  velocity: o.velocity
})

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i)
}
