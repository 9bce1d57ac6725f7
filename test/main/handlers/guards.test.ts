import { copyFileSync, existsSync, mkdirSync } from 'node:fs'
import { basename, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { GONE_MESSAGE } from '../../../src/main/ipc/dispatch'
import { listSamples } from '../../../src/main/library'
import { TEST_MODEL_SEGMENTS, jobEnded, tempDataDir, testServices } from '../../helpers/api'
import { fixtureMidiFiles } from '../../helpers/fixtures'

// Issue 11 item 9 over real services: samples stored once; a dataset a run trains on cannot be deleted; stop keeps a
// finished run finished; a run whose dataset was deleted and a save naming a deleted piece get plain messages.

const { services, cleanup } = testServices()
const music = tempDataDir('b2b-guards-')
const h = services.handlers
const ctx = { transport: 'direct' as const }
const segments = TEST_MODEL_SEGMENTS
let sourceId = ''

const jobEnd = async (jobId: string) => (await jobEnded(services.bus, jobId)).job.state

async function dataset(name: string): Promise<string> {
  const started = await h.datasets.import({ name, sourceId, segments }, ctx)
  expect(await jobEnd(started.jobId)).toBe('done')
  return started.datasetId
}

beforeAll(async () => {
  await services.ready
  const dir = join(music.dir, 'doom')
  mkdirSync(dir)
  for (const f of fixtureMidiFiles('freedoom').slice(0, 3)) copyFileSync(f, join(dir, basename(f)))
  sourceId = (await services.deps.grants.register('midi-folder', [dir])).sourceId
}, 120_000)

afterAll(async () => {
  await services.close()
  cleanup()
  music.cleanup()
})

describe('smaller trust points (issue 11 item 9)', () => {
  it('stores each sample once; refuses to delete a dataset a run trains on; stop keeps a finished run finished', async () => {
    const datasetId = await dataset('Doom')
    const config = { epochs: 2, sampleEvery: 1 }
    const { runId, jobId } = await h.runs.start(
      { datasetId, name: 'Tiny', preset: 'test', config },
      ctx
    )
    const announced: string[] = []
    const off = services.bus.subscribe((e) => {
      if (e.type === 'run:sample' && e.runId === runId) announced.push(e.sampleId)
    })
    await expect(h.datasets.remove({ id: datasetId }, ctx)).rejects.toMatchObject({
      code: 'conflict',
      message: '“Tiny” is training on this dataset: stop it first'
    })
    expect(await jobEnd(jobId)).toBe('done')
    off()
    const rows = listSamples(services.library.db, Number(runId))
    // 2 epochs x sampleCount pieces, each with its own raw file, announced once each.
    const perEpoch = rows.filter((r) => r.epoch === rows[0].epoch).length
    expect(rows.length).toBe(2 * perEpoch)
    expect(new Set(rows.map((r) => r.rawFile)).size).toBe(rows.length)
    expect(rows.every((r) => existsSync(services.library.files.toAbs(r.rawFile!)))).toBe(true)
    expect(announced.sort()).toEqual(rows.map((r) => String(r.id)).sort())
    const stopped = await h.runs.stop({ id: runId }, ctx)
    expect(stopped.status).toBe('finished')
    expect((await h.runs.get({ id: runId }, ctx)).status).toBe('finished')
  })

  it('a run whose dataset was deleted answers a plain conflict on resume', async () => {
    const datasetId = await dataset('Doom 2')
    const { runId, jobId } = await h.runs.start(
      { datasetId, name: 'Orphan', preset: 'test', config: { epochs: 50 } },
      ctx
    )
    const first = new Promise<void>((go) => {
      const off = services.bus.subscribe((e) => {
        if (e.type === 'run:progress' && e.runId === runId) {
          off()
          go()
        }
      })
    })
    await first
    await h.runs.stop({ id: runId }, ctx)
    expect(await jobEnd(jobId)).toBe('done')
    await h.datasets.remove({ id: datasetId }, ctx)
    const r = await services.dispatcher.call('runs:resume', { id: runId }, { transport: 'ws' })
    expect(r).toMatchObject({ ok: false, error: { code: 'conflict' } })
    expect(JSON.stringify(r)).toMatch(/dataset was deleted, so the run cannot train any more/)
  })

  it('saving a piece made from a deleted piece answers plainly, not with SQLite text', async () => {
    const piece = { title: 'x', ppq: 480, tempos: [], timeSignatures: [], tracks: [] }
    const args = { title: 'Edited', piece, origin: { kind: 'edited', fromPieceId: '999999' } }
    const r = await services.dispatcher.call('pieces:save', args, { transport: 'ws' })
    expect(r).toEqual({ ok: false, error: { code: 'conflict', message: GONE_MESSAGE } })
  })
})
