import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { ApiEvent } from '../../../src/shared/api/events'
import { tempDataDir, testServices } from '../../helpers/api'
import { FIXTURE_MIDI } from '../../helpers/fixtures'

// The datasets domain end to end in main: a dialog grant (registered as main would after a native dialog), an import in
// the real import workers into the real library, progress events, reports, segments, rename and delete.

const DATA = join(FIXTURE_MIDI, 'freedoom')
const FILES = ['d_e1m1.mid', 'd_e1m2.mid', 'd_e1m3.mid', 'd_dm01.mid']
const { services, cleanup } = testServices()
const music = tempDataDir('b2b-music-')
afterAll(async () => {
  await services.close()
  cleanup()
  music.cleanup()
})
const h = services.handlers
const ctx = { transport: 'direct' as const }

function finished(jobId: string): Promise<ApiEvent[]> {
  const seen: ApiEvent[] = []
  return new Promise((done) => {
    const off = services.bus.subscribe((e) => {
      seen.push(e)
      if (e.type === 'job:status' && e.job.id === jobId && e.job.state !== 'running') {
        off()
        done(seen)
      }
    })
  })
}

describe('datasets handlers', () => {
  it('imports a chosen folder in the workers, with progress, reports and a bad file that fails alone', async () => {
    const dir = join(music.dir, 'doom')
    mkdirSync(dir)
    for (const f of FILES) copyFileSync(join(DATA, f), join(dir, f))
    writeFileSync(join(dir, 'broken.mid'), 'MThd not really')
    const grant = await services.deps.grants.register('midi-folder', [dir])
    expect(grant.fileCount).toBe(5)

    const started = await h.datasets.import({ name: 'Doom', sourceId: grant.sourceId }, ctx)
    const events = await finished(started.jobId)
    const progress = events.filter((e) => e.type === 'import:progress')
    expect(progress.at(-1)).toMatchObject({
      done: 5,
      total: 5,
      errors: 1,
      datasetId: started.datasetId
    })
    expect(events.at(-1)).toMatchObject({ type: 'job:status', job: { state: 'done', progress: 1 } })

    const [summary] = await h.datasets.list({}, ctx)
    expect(summary).toMatchObject({
      id: started.datasetId,
      name: 'Doom',
      status: 'ready',
      fileCount: 5,
      errorCount: 1
    })
    expect(summary.segmentCount).toBeGreaterThan(0)
    const detail = await h.datasets.get({ id: started.datasetId }, ctx)
    const broken = detail.files.find((f) => f.file === 'broken.mid')!
    expect(broken.status).toBe('error')
    expect(broken.error?.message.length).toBeGreaterThan(0)
    const ok = detail.files.filter((f) => f.status === 'ok')
    expect(ok).toHaveLength(4)
    expect(ok.every((f) => f.notesKept > 0 && f.tracks.length > 0)).toBe(true)

    const segments = await h.datasets.segments({ id: started.datasetId, count: 3, seed: 1 }, ctx)
    expect(segments).toHaveLength(3)
    expect(segments.every((s) => s.piece.tracks.length > 0)).toBe(true)
    expect(await h.datasets.segments({ id: started.datasetId, count: 3, seed: 1 }, ctx)).toEqual(
      segments
    )

    await expect(
      h.datasets.import({ name: 'Doom', sourceId: grant.sourceId }, ctx)
    ).rejects.toMatchObject({
      code: 'conflict'
    })
    expect((await h.datasets.rename({ id: started.datasetId, name: 'Doom E1' }, ctx)).name).toBe(
      'Doom E1'
    )
    await h.datasets.remove({ id: started.datasetId }, ctx)
    expect(await h.datasets.list({}, ctx)).toEqual([])
  })

  it('refuses unknown sources and jobs, and label files as music', async () => {
    await expect(h.datasets.import({ name: 'X', sourceId: 'nope' }, ctx)).rejects.toMatchObject({
      code: 'not_found'
    })
    await expect(h.datasets.cancelImport({ jobId: 'nope' }, ctx)).rejects.toMatchObject({
      code: 'not_found'
    })
    const csv = join(music.dir, 'labels.csv')
    writeFileSync(csv, 'file,label\n')
    const grant = await services.deps.grants.register('labels-csv', [csv])
    await expect(
      h.datasets.import({ name: 'X', sourceId: grant.sourceId }, ctx)
    ).rejects.toMatchObject({
      code: 'invalid_args'
    })
    await expect(h.datasets.chooseSource({ kind: 'midi-folder' }, ctx)).rejects.toMatchObject({
      code: 'not_available'
    })
  })
})
