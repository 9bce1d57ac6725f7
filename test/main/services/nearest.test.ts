// datasets:nearest and datasets:segment through the handler table over a real library: a real import, the scan in
// its worker, a segment copied into a piece found and flagged, one segment played back as a piece.
import { copyFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDataDir, testServices } from '../../helpers/api'
import { FIXTURE_MIDI } from '../../helpers/fixtures'
import { PieceSchema } from '../../../src/shared/api/piece'

const FILES = ['freedoom/d_e1m1.mid', 'freedoom/d_dm01.mid', 'pop909/001.mid']
const { services, cleanup } = testServices()
const music = tempDataDir('b2b-near-music-')
const h = services.handlers
const ctx = { transport: 'direct' as const }
let datasetId = ''

beforeAll(async () => {
  const dir = join(music.dir, 'set')
  mkdirSync(dir)
  for (const f of FILES) copyFileSync(join(FIXTURE_MIDI, f), join(dir, f.split('/')[1]))
  const grant = await services.deps.grants.register('midi-folder', [dir])
  const started = await h.datasets.import({ name: 'Near', sourceId: grant.sourceId }, ctx)
  datasetId = started.datasetId
  await new Promise<void>((done) => {
    const off = services.bus.subscribe((e) => {
      if (e.type === 'job:status' && e.job.id === started.jobId && e.job.state !== 'running') {
        off()
        done()
      }
    })
  })
}, 120_000)
afterAll(async () => {
  await services.close()
  cleanup()
  music.cleanup()
})

describe('nearest training music through the API', () => {
  it('finds a training segment played back as a piece and flags it as a possible copy', async () => {
    const seg = await h.datasets.segment({ datasetId, index: 4 }, ctx)
    expect(seg.piece.tracks.length).toBeGreaterThan(0)
    expect(seg.piece.title).toMatch(/bar \d+/)
    const r = await h.datasets.nearest(
      { datasetId, piece: PieceSchema.parse(seg.piece), k: 2 },
      ctx
    )
    expect(r.datasetName).toBe('Near')
    expect(r.bars).toHaveLength(4)
    const sounding = r.bars.filter((b) => b.cells > 0)
    expect(sounding.length).toBeGreaterThan(0)
    for (const b of sounding) {
      expect(b.matches[0].similarity).toBeCloseTo(1, 6)
      expect(b.copying).toBe(true)
    }
    expect(r.flagged).toEqual(sounding.map((b) => b.bar))
    expect(r.baseline.p99).toBeLessThan(1)
    expect(r.ms).toBeGreaterThanOrEqual(0)
  })

  it('answers with plain errors for an unknown dataset or segment', async () => {
    await expect(
      h.datasets.nearest({ datasetId: '999', piece: { ...emptyPiece() } }, ctx)
    ).rejects.toMatchObject({ code: 'not_found' })
    await expect(h.datasets.segment({ datasetId, index: 9_999_999 }, ctx)).rejects.toMatchObject({
      code: 'not_found'
    })
  })
})

function emptyPiece() {
  return { title: 'x', ppq: 480, tempos: [], timeSignatures: [], tracks: [] }
}
