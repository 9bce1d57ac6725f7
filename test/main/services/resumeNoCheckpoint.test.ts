// Issue 11.3: resume with no valid checkpoint never silently restarts or drops history; it says which
// checkpoints failed, and restart from scratch is a separate, confirmed action.
import { truncateSync, rmSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  createDataset,
  createRun,
  insertMetricRows,
  setDatasetCache,
  setRunStatus,
  writeFileAtomic,
  type LibraryStore
} from '../../../src/main/library/index'
import { LibraryRecorder } from '../../../src/main/ml/libraryRecorder'
import { testServices } from '../../helpers/api'

/** A paused run with 300 metric rows and checkpoints at 100, 200, 300 (their files real, then damaged). */
function brokenRun(store: LibraryStore): number {
  const ds = createDataset(store.db, 'd')
  setDatasetCache(store.db, ds, 'ready')
  const run = createRun(store.db, { name: 'r', preset: 'small', config: {}, datasetId: ds })
  const rows = Array.from({ length: 300 }, (_, i) => ({ step: i + 1, epoch: 0, dLoss: 1, gp: 0 }))
  store.db.transaction(() => insertMetricRows(store.db, run, rows))()
  for (const step of [100, 200, 300]) {
    const w = writeFileAtomic(store.files.checkpointPath(run, step), `weights ${step}`)
    store.recordCheckpoint(run, { epoch: 0, step, file: w.path, sha256: w.sha256, size: w.size })
  }
  setRunStatus(store.db, run, 'paused')
  rmSync(store.files.checkpointPath(run, 300))
  truncateSync(store.files.checkpointPath(run, 200), 3)
  truncateSync(store.files.checkpointPath(run, 100), 0)
  return run
}
const count = (store: LibraryStore, table: string, run: number) =>
  store.db.prepare(`SELECT count(*) FROM ${table} WHERE run_id = ?`).pluck().get(run)

describe('resume with no valid checkpoint (issue 11.3)', () => {
  it('is refused, naming the checkpoints that failed, and drops nothing', async () => {
    const { services, cleanup } = testServices()
    try {
      await services.ready
      const store = services.library
      const run = brokenRun(store)
      const ctx = { transport: 'direct' as const }
      await expect(services.handlers.runs.resume({ id: String(run) }, ctx)).rejects.toMatchObject({
        code: 'conflict',
        field: 'id',
        message: expect.stringMatching(
          /step 300: file missing, step 200: file damaged, step 100: file damaged.*Restart from scratch/
        )
      })
      expect([count(store, 'metrics', run), count(store, 'checkpoints', run)]).toEqual([300, 3])
      expect(
        services.library.db.prepare('SELECT status FROM runs WHERE id = ?').pluck().get(run)
      ).toBe('paused')
      // Restart needs the confirmation in its arguments.
      expect(
        await services.dispatcher.call('runs:restart', { id: String(run) }, ctx)
      ).toMatchObject({
        ok: false,
        error: { code: 'invalid_args', field: 'confirm' }
      })
      // The training worker's own guard says the same if a resume reaches it; with restart it starts over.
      const target = { dataDir: store.files.root, runId: run }
      await expect(LibraryRecorder.open(target)).rejects.toThrow(/step 300: file missing/)
      expect(count(store, 'metrics', run)).toBe(300)
      const { recorder, resumeFrom } = await LibraryRecorder.open({ ...target, restart: true })
      recorder.close()
      expect(resumeFrom).toBeNull()
      expect([count(store, 'metrics', run), count(store, 'checkpoints', run)]).toEqual([0, 0])
    } finally {
      await services.close()
      cleanup()
    }
  })
})
