// Issue 11.5: an import a kill cut short is marked interrupted at the next start and can be run again into the
// same dataset from its recorded source (or removed).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { createServices } from '../../../src/main/app/services'
import { createDataset, LibraryStore } from '../../../src/main/library/index'
import type { JobStatus } from '../../../src/shared/api/types'
import { fixtureMidiFiles } from '../../helpers/fixtures'
import { tempDataDir } from '../../helpers/api'

describe('an interrupted import', () => {
  it('is marked failed at start and imports again into the same dataset with datasets:resumeImport', async () => {
    const tmp = tempDataDir('b2b-resume-import-')
    try {
      const paths = fixtureMidiFiles('freedoom').slice(0, 3)
      // What a kill during an import leaves: the row 'importing', with the source the app recorded.
      const lib = LibraryStore.open(tmp.dir)
      const request = { name: 'Doom', kind: 'midi-files' as const, paths }
      const id = createDataset(lib.db, 'Doom', { source: request })
      lib.close()
      const s = createServices({ dataDir: tmp.dir, mode: 'serve', version: '0' })
      const ctx = { transport: 'direct' as const }
      const report = await s.handlers.app.startupReport({}, ctx)
      expect(report.interrupted.imports).toEqual([{ id: String(id), name: 'Doom' }])
      expect((await s.handlers.datasets.get({ id: String(id) }, ctx)).status).toBe('failed')
      const { datasetId } = await s.handlers.datasets.resumeImport({ id: String(id) }, ctx)
      expect(datasetId).toBe(String(id))
      let d = await s.handlers.datasets.get({ id: String(id) }, ctx)
      for (let i = 0; i < 600 && d.status === 'importing'; i++) {
        await sleep(100)
        d = await s.handlers.datasets.get({ id: String(id) }, ctx)
      }
      expect(d.status).toBe('ready')
      expect(d.fileCount).toBe(3)
      expect(d.segmentCount).toBeGreaterThan(0)
      await expect(s.handlers.datasets.resumeImport({ id: String(id) }, ctx)).rejects.toMatchObject(
        { code: 'conflict' }
      )
      await s.close()
      // The next start has nothing to tell: the dataset's own working files (manifest.json) are not news.
      const again = createServices({ dataDir: tmp.dir, mode: 'serve', version: '0' })
      const quiet = await again.handlers.app.startupReport({}, ctx)
      expect([quiet.unknownFiles, quiet.quarantined, quiet.interrupted.imports]).toEqual([
        [],
        [],
        []
      ])
      await again.close()
    } finally {
      tmp.cleanup()
    }
  })

  it('Import again right after a failure runs in a new worker that the failed one never marks failed', async () => {
    const tmp = tempDataDir('b2b-reimport-')
    try {
      const request = {
        name: 'Doom',
        kind: 'midi-files' as const,
        paths: fixtureMidiFiles('freedoom').slice(0, 3)
      }
      const lib = LibraryStore.open(tmp.dir)
      const id = String(createDataset(lib.db, 'Doom', { source: request }))
      // A file where the dataset's folder goes: the import fails in its worker.
      const blocker = lib.files.datasetDir(Number(id))
      lib.close()
      mkdirSync(dirname(blocker), { recursive: true })
      writeFileSync(blocker, 'in the way')
      const s = createServices({ dataDir: tmp.dir, mode: 'serve', version: '0' })
      const ctx = { transport: 'direct' as const }
      await s.ready
      const ended = (jobId: string) =>
        new Promise<JobStatus>((done) => {
          const off = s.bus.subscribe((e) => {
            if (e.type !== 'job:status' || e.job.id !== jobId) return
            if (!['done', 'failed', 'cancelled'].includes(e.job.state)) return
            off()
            done(e.job)
          })
        })
      const first = await s.handlers.datasets.resumeImport({ id }, ctx)
      expect((await ended(first.jobId)).state).toBe('failed')
      // At once, while the failed worker may still be exiting.
      rmSync(blocker)
      const again = await s.handlers.datasets.resumeImport({ id }, ctx)
      const end = ended(again.jobId)
      const seen = new Set<string>()
      let state: string | null = null
      void end.then((j) => (state = j.state))
      while (state === null) {
        seen.add((await s.handlers.datasets.get({ id }, ctx)).status)
        await sleep(5)
      }
      expect(state).toBe('done')
      expect(seen.has('failed'), [...seen].join(', ')).toBe(false)
      expect((await s.handlers.datasets.get({ id }, ctx)).status).toBe('ready')
      await s.close()
    } finally {
      tmp.cleanup()
    }
  })
})
