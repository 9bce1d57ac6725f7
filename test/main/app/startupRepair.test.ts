// Issue 11 item 1: the start-up repair deletes only what the app recorded as its own; everything else is
// reported and at most moved aside, and the report reaches the API.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createServices, type Services } from '../../../src/main/app/services'
import {
  createRun,
  listCheckpoints,
  listPieces,
  listRuns,
  LibraryStore,
  writeFileAtomic
} from '../../../src/main/library/index'
import { readDefaultModel } from '../../../src/main/firstRun/defaultModel'
import { shippedModels } from '../../../src/main/firstRun/shippedModels'
import { folderSnapshot, lostFiles } from '../../helpers/folderSnapshot'

const dirs: string[] = []
const open: Services[] = []
afterEach(async () => {
  for (const s of open.splice(0)) await s.close()
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }))
})
function tempData(): string {
  const d = mkdtempSync(join(tmpdir(), 'b2b-repair-'))
  dirs.push(d)
  return d
}
async function start(dataDir: string, firstRun = false): Promise<Services> {
  const s = createServices({ dataDir, mode: 'serve', version: '0.0.0-test', firstRun })
  open.push(s)
  await s.ready
  return s
}
async function stop(s: Services): Promise<void> {
  open.splice(open.indexOf(s), 1)
  await s.close()
}
const ctx = { transport: 'direct' as const }
/** The shipped models' run names, default first (first start registers them in this order). */
const SHIPPED = shippedModels().map((m) => readDefaultModel(m.dir).name)
const runNames = (s: Services) =>
  listRuns(s.library.db)
    .sort((a, b) => a.id - b.id)
    .map((r) => r.name)
const dropDb = (dir: string) =>
  ['', '-wal', '-shm'].forEach((x) => rmSync(join(dir, `library.sqlite${x}`), { force: true }))

describe('start-up repair deletes nothing it does not own (issue 11.1)', () => {
  it('an emptied library.sqlite: nothing is deleted, and the default model registers again', async () => {
    const dir = tempData()
    await stop(await start(dir, true))
    const before = folderSnapshot(dir)
    expect([...before.keys()].some((p) => p.startsWith('runs/1/'))).toBe(true)
    dropDb(dir)
    const s = await start(dir, true)
    expect(lostFiles(before, folderSnapshot(dir))).toEqual([])
    const runs = listRuns(s.library.db)
    expect(runNames(s)).toEqual(SHIPPED)
    for (const r of runs) {
      expect(r.status).toBe('completed')
      expect(listCheckpoints(s.library.db, r.id)).toHaveLength(1)
    }
    expect(listPieces(s.library.db, {}).items.length).toBeGreaterThan(0)
    const report = await s.handlers.app.startupReport({}, ctx)
    expect(report.state).toBe('done')
    expect(report.quarantined.map((q) => q.from).sort()).toEqual(
      SHIPPED.map((_, i) => `runs/${i + 1}`)
    )
  })

  it('an older library.sqlite (restored backup): newer run folders are kept, the known run untouched', async () => {
    const dir = tempData()
    const s1 = await start(dir, true)
    const backup = join(tempData(), 'older.sqlite')
    await s1.library.backup(backup)
    const run2 = createRun(s1.library.db, { name: 'later', preset: 'small', config: {} })
    const w = writeFileAtomic(s1.library.files.checkpointPath(run2, 10), 'later weights')
    s1.library.recordCheckpoint(run2, {
      epoch: 0,
      step: 10,
      file: w.path,
      sha256: w.sha256,
      size: w.size
    })
    await stop(s1)
    const before = folderSnapshot(dir)
    dropDb(dir)
    copyFileSync(backup, join(dir, 'library.sqlite'))
    const s = await start(dir, true)
    expect(lostFiles(before, folderSnapshot(dir))).toEqual([])
    expect(runNames(s)).toEqual(SHIPPED)
    const report = await s.handlers.app.startupReport({}, ctx)
    expect(report.quarantined.map((q) => q.from)).toEqual([`runs/${run2}`])
    expect(report.missing).toEqual([])
  })

  it('serve --data on a folder holding someone’s runs/2 and CLI train output in runs/3 keeps their files', async () => {
    const dir = tempData()
    mkdirSync(join(dir, 'runs', '2', 'mine'), { recursive: true })
    writeFileSync(join(dir, 'runs', '2', 'mine', 'notes.txt'), 'my own notes')
    // What CLI `train --run 3` leaves: checkpoints (with an interrupted .tmp) and a log outside the library.
    mkdirSync(join(dir, 'runs', '3', 'checkpoints'), { recursive: true })
    writeFileSync(join(dir, 'runs', '3', 'checkpoints', 'step-000000100.ckpt'), 'weights')
    writeFileSync(join(dir, 'runs', '3', 'checkpoints', 'step-000000200.ckpt.1a2b3c4d.tmp'), 'half')
    writeFileSync(join(dir, 'runs', '3', 'train.log'), 'log')
    writeFileSync(join(dir, 'runs', 'README.txt'), 'stray')
    const before = folderSnapshot(dir)
    const s = await start(dir, true)
    expect(lostFiles(before, folderSnapshot(dir))).toEqual([])
    const report = await s.handlers.app.startupReport({}, ctx)
    expect(report.quarantined.map((q) => q.from).sort()).toEqual(['runs/2', 'runs/3'])
    expect(report.tmpRemoved).toEqual([])
    expect(report.unknownFiles).toEqual(['runs/README.txt'])
    const to = report.quarantined.find((q) => q.from === 'runs/2')!.to
    expect(readFileSync(join(dir, to, 'mine', 'notes.txt'), 'utf8')).toBe('my own notes')
    // The shipped models got fresh folders; nothing of the user's is mixed into them.
    expect(runNames(s)).toEqual(SHIPPED)
  })

  it('a delete the user asked for that a crash cut short is finished; an unrecorded folder is only moved', async () => {
    const dir = tempData()
    const lib = LibraryStore.open(dir)
    const a = createRun(lib.db, { name: 'a', preset: 'small', config: {} })
    const b = createRun(lib.db, { name: 'b', preset: 'small', config: {} })
    for (const r of [a, b]) writeFileAtomic(lib.files.checkpointPath(r, 1), `w${r}`)
    // A crash after the delete of run a committed (recorded as pending) and before its folder went.
    lib.db.transaction(() => {
      lib.db.prepare('DELETE FROM runs WHERE id = ?').run(a)
      lib.db
        .prepare('INSERT INTO pending_deletes (path, created_at) VALUES (?, ?)')
        .run(`runs/${a}`, Date.now())
    })()
    // Run b's row vanished without a record (an older database): its folder is not the library's to delete.
    lib.db.prepare('DELETE FROM runs WHERE id = ?').run(b)
    lib.close()
    const s = await start(dir)
    const report = await s.handlers.app.startupReport({}, ctx)
    expect(report.finishedDeletes).toEqual([`runs/${a}`])
    expect(report.quarantined.map((q) => q.from)).toEqual([`runs/${b}`])
    const snap = folderSnapshot(dir)
    expect([...snap.keys()].filter((p) => p.startsWith(`runs/${a}/`))).toEqual([])
    expect(
      [...snap.keys()].some((p) => p.endsWith(`runs/${b}/checkpoints/step-000000001.ckpt`))
    ).toBe(true)
    expect(s.library.db.prepare('SELECT count(*) FROM pending_deletes').pluck().get()).toBe(0)
  })

  it('deleting a run or dataset records the folder before removing it, and leaves no record behind', async () => {
    const dir = tempData()
    const s = await start(dir)
    const lib = s.library
    const id = createRun(lib.db, { name: 'gone', preset: 'small', config: {} })
    writeFileAtomic(lib.files.checkpointPath(id, 1), 'w')
    const seen: unknown[] = []
    lib.db.function('spy', (p: unknown) => (seen.push(p), 0))
    lib.db.exec(
      `CREATE TEMP TRIGGER spy_pending AFTER INSERT ON pending_deletes BEGIN SELECT spy(NEW.path); END`
    )
    await lib.deleteRun(id)
    expect(seen).toEqual([`runs/${id}`])
    expect(folderSnapshot(dir).size).toBe(0)
    expect(lib.db.prepare('SELECT count(*) FROM pending_deletes').pluck().get()).toBe(0)
  })
})
