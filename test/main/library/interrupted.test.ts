// Issue 11 item 5: work a kill cut short is marked interrupted at start, resumable or removable, never stuck.
import { existsSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  createDataset,
  createRun,
  getDataset,
  getRun,
  INTERRUPTED,
  setRunStatus
} from '../../../src/main/library/index'
import { useTempStore } from './helpers/store'

const lib = useTempStore()

describe('interrupted work at start', () => {
  it('marks a run left running paused (interrupted) and an import left importing failed, and cleans only the importer’s partial cache', async () => {
    const db = lib.store.db
    const run = createRun(db, { name: 'night', preset: 'small', config: {} })
    setRunStatus(db, run, 'running')
    const done = createRun(db, { name: 'done', preset: 'small', config: {} })
    setRunStatus(db, done, 'completed')
    const ds = createDataset(db, 'half imported')
    const dir = lib.store.files.datasetDir(ds)
    mkdirSync(dir, { recursive: true })
    writeFileSync(join(dir, 'segments-mb2x3k-0a1b2c3d.bin'), 'partial')
    writeFileSync(join(dir, 'my-notes.txt'), 'not the importer’s')
    const report = await lib.store.startup()
    expect(report.interrupted).toEqual({
      runs: [{ id: run, name: 'night' }],
      imports: [{ id: ds, name: 'half imported' }]
    })
    expect(getRun(db, run)).toMatchObject({ status: 'paused', error: INTERRUPTED })
    expect(getRun(db, done)!.status).toBe('completed')
    expect(getDataset(db, ds)!.status).toBe('failed')
    expect(readdirSync(dir)).toEqual(['my-notes.txt'])
    // A second start finds nothing more to do, and the dataset can be removed.
    const again = await lib.store.startup()
    expect(again.interrupted).toEqual({ runs: [], imports: [] })
    lib.store.deleteDataset(ds)
    expect(existsSync(dir)).toBe(false)
  })
})
