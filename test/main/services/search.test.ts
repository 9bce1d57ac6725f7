// generation:inpaint, continuePiece and cancelSearch through the handler table on the default model: the search in the
// engine worker, progress as job:status events, a cancel that still answers, plain errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApiEvent } from '../../../src/shared/api/events'
import type { ModelSummary } from '../../../src/shared/api/types'
import { PieceSchema } from '../../../src/shared/api/piece'
import { testServices } from '../../helpers/api'
import type { Piece } from '../../../src/shared/music/piece'

const { services, cleanup } = testServices({ firstRun: true })
const h = services.handlers
const ctx = { transport: 'direct' as const }
let model: ModelSummary
const events: ApiEvent[] = []

beforeAll(async () => {
  await services.ready
  services.bus.subscribe((e) => void events.push(e))
  model = (await h.generation.models({}, ctx))[0]
}, 120_000)
afterAll(async () => {
  await services.close()
  cleanup()
})

const SMALL = { steps: 30, restarts: 2 }

async function ownPiece(seed: number) {
  const g = await h.generation.generate({ modelId: model.id, seed, count: 1, threshold: 0.5 }, ctx)
  return PieceSchema.parse(g.items[0].piece)
}

describe('latent search through the API', () => {
  it('inpaints in the engine worker with progress; kept notes stay; the job ends done', async () => {
    const piece = await ownPiece(21)
    const family = [...piece.tracks].sort((a, b) => b.notes.length - a.notes.length)[0].family
    const r = await h.generation.inpaint(
      {
        modelId: model.id,
        piece,
        threshold: 0.5,
        velocity: 'confidence',
        seed: 1,
        keep: { bars: [0, 1], tracks: [family] },
        count: 2,
        jobId: 'inp1',
        ...SMALL
      },
      ctx
    )
    expect(r.candidates).toHaveLength(2)
    const kept = (p: Piece) =>
      p.tracks
        .filter((t) => t.family === family)
        .flatMap((t) => t.notes.filter((n) => n.start < 2 * 4 * p.ppq))
        .sort((a, b) => a.start - b.start || a.pitch - b.pitch)
    expect(kept(r.candidates[0].piece)).toEqual(kept(piece))
    // The kept notes keep their velocity (100); the regenerated ones take the model's confidence.
    const fresh = r.candidates[0].piece.tracks.flatMap((t) =>
      t.notes.filter((n) => t.family !== family || n.start >= 2 * 4 * piece.ppq)
    )
    expect(fresh.length).toBeGreaterThan(0)
    expect(fresh.every((n) => n.velocity >= 40 && n.velocity <= 127)).toBe(true)
    expect(new Set(fresh.map((n) => n.velocity)).size).toBeGreaterThan(1)
    const mine = events.flatMap((e) =>
      e.type === 'job:status' && e.job.id === 'inp1' ? [e.job] : []
    )
    expect(mine[0]).toMatchObject({ kind: 'generation', state: 'running' })
    expect(mine.some((j) => j.progress !== null && j.progress > 0 && j.progress < 1)).toBe(true)
    expect(mine.at(-1)).toMatchObject({ state: 'done', progress: 1 })
  }, 240_000)

  it('continues a piece by 2 bars, and a cancelled search still answers', async () => {
    const piece = await ownPiece(22)
    const r = await h.generation.continuePiece(
      { modelId: model.id, piece, threshold: 0.5, seed: 2, bars: 2, context: 2, ...SMALL },
      ctx
    )
    expect(r.seams).toHaveLength(1)
    expect(r.seams[0].bar).toBe(4)

    const long = h.generation.inpaint(
      {
        modelId: model.id,
        piece,
        threshold: 0.5,
        seed: 3,
        keep: { bars: [0], tracks: [1] },
        jobId: 'inp2',
        steps: 2000,
        restarts: 2
      },
      ctx
    )
    await new Promise<void>((done) => {
      const off = services.bus.subscribe((e) => {
        if (e.type === 'job:status' && e.job.id === 'inp2' && (e.job.progress ?? 0) > 0) {
          off()
          done()
        }
      })
    })
    await h.generation.cancelSearch({ jobId: 'inp2' }, ctx)
    const cut = await long
    expect(cut.cancelled).toBe(true)
    expect(cut.steps).toBeLessThan(2000)
    expect(cut.candidates.length).toBeGreaterThan(0)
  }, 240_000)

  it('refuses an unknown model or job with plain errors', async () => {
    const piece = await ownPiece(1)
    await expect(
      h.generation.inpaint(
        { modelId: '999999', piece, threshold: 0.5, seed: 1, keep: { bars: [0], tracks: [1] } },
        ctx
      )
    ).rejects.toMatchObject({ code: 'not_found', field: 'modelId' })
    await expect(h.generation.cancelSearch({ jobId: 'nope' }, ctx)).rejects.toMatchObject({
      code: 'not_found'
    })
  }, 120_000)
})
