// Inpainting and continuation on the shipped default model: kept notes stay exactly, the search beats random z.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { initBackend } from '../../../src/main/ml/backend'
import { rollConfigOf } from '../../../src/main/ml/config'
import { disposeGenerator, generateFromSeeds, rawToPiece } from '../../../src/main/ml/generate'
import type { LoadedGenerator } from '../../../src/main/ml/generate'
import { continuePiece, inpaint, keyMove } from '../../../src/main/ml/inpaint'
import { loadDefaultGenerator, readDefaultModel } from '../../../src/main/firstRun/defaultModel'
import { readMidi } from '../../../src/main/data/midi/read'
import { pieceShiftToC } from '../../../src/shared/music/key'
import type { NoteEvent, Piece } from '../../../src/shared/music/piece'
import { transposePiece } from '../../../src/shared/music/transpose'
import { barTicksOf, inRegion, type Region } from '../../../src/shared/music/regions'
import { FIXTURE_MIDI } from '../../helpers/fixtures'

let g: LoadedGenerator
let threshold: number
// Small searches keep the suite fast; bench/latent measures the full-size ones.
const SEARCH = { steps: 40, restarts: 4, seed: 5 }

beforeAll(async () => {
  await initBackend('wasm')
  g = loadDefaultGenerator()
  threshold = readDefaultModel().threshold
})
afterAll(() => disposeGenerator(g))

/** The notes of a piece that start in the region (window from `origin`), per family, in a stable order. */
function keptNotes(p: Piece, keep: Region, origin = 0): Record<number, NoteEvent[]> {
  const bar = barTicksOf(rollConfigOf(g.gan.model), p.ppq)
  const out: Record<number, NoteEvent[]> = {}
  for (const t of p.tracks)
    for (const n of t.notes) {
      const rel = n.start - origin
      if (rel < 0 || rel >= 4 * bar || !inRegion(keep, t.family, rel, bar)) continue
      ;(out[t.family] ??= []).push(n)
    }
  for (const list of Object.values(out))
    list.sort((a, b) => a.start - b.start || a.pitch - b.pitch || a.duration - b.duration)
  return out
}

describe('inpainting on the default model', () => {
  it('reproduces a kept region of 2 bars x 2 tracks of a real piece exactly, window by window', async () => {
    const piece = readMidi(
      'd_e1m1.mid',
      readFileSync(join(FIXTURE_MIDI, 'freedoom/d_e1m1.mid'))
    ).piece
    const keep = { bars: [0, 1], tracks: [0, 5] } // drums and bass, bars 9-10 of the file
    const origin = 8 * barTicksOf(rollConfigOf(g.gan.model), piece.ppq)
    const before = keptNotes(piece, keep, origin)
    expect(before[0]?.length).toBeGreaterThan(5)
    expect(before[5]?.length).toBeGreaterThan(2)
    const r = await inpaint(g, piece, keep, { ...SEARCH, threshold, fromBar: 8, count: 3 })
    expect(r.candidates).toHaveLength(3)
    for (const c of r.candidates) {
      expect(keptNotes(c.piece, keep, origin)).toEqual(before)
      // Outside the window nothing changes: bars 1-4 are the original's.
      expect(keptNotes(c.piece, { bars: [0, 1, 2, 3], tracks: range(17) })).toEqual(
        keptNotes(piece, { bars: [0, 1, 2, 3], tracks: range(17) })
      )
    }
    expect(r.steps).toBe(SEARCH.steps)
  }, 240_000)

  it('finds a z that matches the model’s own piece far better than random z', async () => {
    const own = rawToPiece(await generateFromSeeds(g, [11]), g.gan.model, 0, { threshold })
    const busiest = [...own.tracks].sort((a, b) => b.notes.length - a.notes.length)
    const keep = { bars: [0, 1], tracks: busiest.slice(0, 2).map((t) => t.family) }
    // Half the app's effort (SEARCH_EFFORT, 200 steps): this sparse piece (drums and one part) needs more than 40.
    const r = await inpaint(g, own, keep, { ...SEARCH, steps: 100, threshold, count: 2 })
    const best = r.candidates[0]
    expect(keptNotes(best.piece, keep)).toEqual(keptNotes(own, keep))
    expect(best.f1).toBeGreaterThan(r.f1Before + 0.2)
    expect(best.recall).toBeGreaterThan(0.5)
  }, 240_000)

  it('writes in the piece’s own key: a key-aligned model’s piece moved to D gets the same search, moved to D', async () => {
    expect(g.config.train.alignKey).toBe(true) // the default model writes in C major / A minor
    const own = rawToPiece(await generateFromSeeds(g, [11]), g.gan.model, 0, { threshold })
    expect(pieceShiftToC(own)).toBe(0)
    const inD = transposePiece(own, 2)
    expect(keyMove(g, inD)).toBe(2)
    expect(keyMove(g, inD, 5)).toBe(2) // the piece decides, not a Key chosen for another piece
    const keep = { bars: [0, 1], tracks: [5] }
    const inC = await inpaint(g, own, keep, { ...SEARCH, threshold, count: 2 })
    const r = await inpaint(g, inD, keep, { ...SEARCH, threshold, count: 2 })
    // The same search as on the piece in C, its new notes moved up to D; the kept bass is the D piece's own.
    expect(r.candidates.map((c) => c.f1)).toEqual(inC.candidates.map((c) => c.f1))
    expect(r.candidates.map((c) => c.piece.tracks)).toEqual(
      inC.candidates.map((c) => transposePiece(c.piece, 2).tracks)
    )
    expect(keptNotes(r.candidates[0].piece, keep)).toEqual(keptNotes(inD, keep))
  }, 240_000)

  it('stops early when cancelled and still answers', async () => {
    const own = rawToPiece(await generateFromSeeds(g, [3]), g.gan.model, 0, { threshold })
    let calls = 0
    const r = await inpaint(
      g,
      own,
      { bars: [0], tracks: [1] },
      {
        ...SEARCH,
        threshold,
        onProgress: () => ++calls < 2
      }
    )
    expect(r.cancelled).toBe(true)
    expect(r.steps).toBe(20)
  }, 240_000)
})

describe('continuation', () => {
  it('continues a real segment by 4 bars; the given bars stay exactly as they were', async () => {
    const file = readMidi('001.mid', readFileSync(join(FIXTURE_MIDI, 'pop909/001.mid'))).piece
    const bar = barTicksOf(rollConfigOf(g.gan.model), file.ppq)
    // A real 2-bar segment (bars 9-10 of the song) as the piece to continue.
    const seg: Piece = {
      ...file,
      length: 2 * bar,
      tracks: file.tracks
        .map((t) => ({
          ...t,
          notes: t.notes
            .filter((n) => n.start >= 8 * bar && n.start < 10 * bar)
            .map((n) => ({
              ...n,
              start: n.start - 8 * bar,
              duration: Math.min(n.duration, 10 * bar - n.start)
            }))
        }))
        .filter((t) => t.notes.length)
    }
    const r = await continuePiece(g, seg, { ...SEARCH, threshold, bars: 4, context: 2 })
    const all = range(17)
    expect(keptNotes(r.piece, { bars: [0, 1], tracks: all })).toEqual(
      keptNotes(seg, { bars: [0, 1], tracks: all })
    )
    const end = Math.max(...r.piece.tracks.flatMap((t) => t.notes.map((n) => n.start + n.duration)))
    expect(end).toBeLessThanOrEqual(6 * bar)
    expect(end).toBeGreaterThan(2 * bar)
    expect(r.seams.map((s) => s.bar)).toEqual([2, 4])
    for (const s of r.seams) expect(s.similarity).toBeGreaterThanOrEqual(0)
  }, 240_000)
})

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i)
}
