import { createHash } from 'node:crypto'
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeFileSync
} from 'node:fs'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { hashFile, writeFileAtomic } from '../../../src/main/library/files'
import { createRun } from '../../../src/main/library/runs'
import { listCheckpoints } from '../../../src/main/library/checkpoints'
import { addSample } from '../../../src/main/library/samples'
import { createDataset, setDatasetCache } from '../../../src/main/library/datasets'
import { piece } from './helpers/fixtures'
import { useTempStore } from './helpers/store'

const lib = useTempStore()

describe('writeFileAtomic', () => {
  it('writes chunks, returns their sha256 and size, and leaves no temp file', async () => {
    const file = join(lib.dir, 'a', 'b', 'w.bin')
    const chunks = [new Uint8Array([1, 2, 3]), new Uint8Array(100_000).fill(7)]
    const out = writeFileAtomic(file, chunks)
    const want = createHash('sha256').update(Buffer.concat(chunks)).digest('hex')
    expect(out).toEqual({ path: file, sha256: want, size: 100_003 })
    expect(await hashFile(file)).toEqual({ sha256: want, size: 100_003 })
    writeFileAtomic(file, 'replaced')
    expect(readFileSync(file, 'utf8')).toBe('replaced')
    expect(readdirSync(dirname(file))).toEqual(['w.bin'])
  })
})

/** A library with one of each kind of referenced file, plus every kind of damage the check must find. */
function damagedLibrary() {
  const run = createRun(lib.store.db, { name: 'r', preset: 'small', config: {} })
  const ckpt = (step: number, body: string) => {
    const w = writeFileAtomic(lib.store.files.checkpointPath(run, step), body)
    lib.store.recordCheckpoint(run, {
      epoch: 0,
      step,
      file: w.path,
      sha256: w.sha256,
      size: w.size
    })
    return w.path
  }
  const ok = ckpt(100, 'good weights')
  const gone = ckpt(200, 'will vanish')
  const short = ckpt(300, 'will be truncated')
  const raw = writeFileAtomic(lib.store.files.samplePath(run, 1, 0), 'raw sample')
  addSample(lib.store.db, run, {
    epoch: 1,
    piece: piece('s'),
    rawFile: lib.store.files.toRel(raw.path),
    rawSha256: raw.sha256,
    rawSize: raw.size
  })
  const ds = createDataset(lib.store.db, 'd')
  const cache = writeFileAtomic(join(lib.store.files.datasetDir(ds), 'cache.bin'), 'tensor bytes')
  setDatasetCache(lib.store.db, ds, 'ready', {
    path: lib.store.files.toRel(cache.path),
    sha256: cache.sha256,
    size: cache.size
  })
  // Damage: a vanished and a truncated checkpoint, a same-size rewrite (sha only), a leftover temp file,
  // an unreferenced file, and folders of a run and a dataset whose rows are gone.
  rmSync(gone)
  truncateSync(short, 4)
  writeFileSync(raw.path, 'RAW SAMPLE')
  writeFileSync(lib.store.files.checkpointPath(run, 400) + '.abcd.tmp', 'half')
  writeFileSync(join(lib.store.files.runDir(run), 'stray.bin'), 'stray')
  mkdirSync(join(lib.store.files.runDir(999), 'checkpoints'), { recursive: true })
  writeFileSync(join(lib.store.files.runDir(999), 'checkpoints', 'x.ckpt'), 'x')
  mkdirSync(lib.store.files.datasetDir(77), { recursive: true })
  mkdirSync(join(lib.store.files.paths.runs, 'scratch'), { recursive: true })
  writeFileSync(join(lib.store.files.paths.runs, 'scratch', 'notes.txt'), 'not ours')
  return { run, ok, gone, short, raw: raw.path }
}

describe('the start-up check', () => {
  it('reports tmp, missing, corrupt, orphan files and dead folders without touching anything', async () => {
    const { run } = damagedLibrary()
    const report = await lib.store.startup({ verify: 'sha' })
    expect(report.tmpFiles).toEqual([`runs/${run}/checkpoints/step-000000400.ckpt.abcd.tmp`])
    expect(report.missing.map((m) => m.file)).toEqual([
      `runs/${run}/checkpoints/step-000000200.ckpt`
    ])
    expect(report.corrupt.map((m) => [m.table, m.file])).toEqual([
      ['checkpoints', `runs/${run}/checkpoints/step-000000300.ckpt`],
      ['samples', `runs/${run}/samples/epoch-1-0.bin`]
    ])
    expect(report.orphans.sort()).toEqual([`runs/${run}/stray.bin`, 'runs/scratch/notes.txt'])
    expect(report.orphanDirs.sort()).toEqual(['datasets/77', 'runs/999'])
    expect(existsSync(lib.store.files.runDir(999))).toBe(true)
    // Size-only verification misses the same-size rewrite but finds the rest.
    const quick = await lib.store.startup({ verify: 'size' })
    expect(quick.corrupt.map((c) => c.table)).toEqual(['checkpoints'])
  })

  it('repairs: deletes its own tmp files, moves unknown folders aside (never deletes them), marks rows and keeps them, quarantines orphans on request', async () => {
    const { run } = damagedLibrary()
    const rowsBefore = lib.store.db
      .prepare('SELECT (SELECT count(*) FROM checkpoints) + (SELECT count(*) FROM samples) AS n')
      .get()
    // Plain repair leaves unreferenced files of live runs where they are (owners keep working files there).
    const first = await lib.store.startup({ repair: true })
    expect(first.tmpFiles).toEqual([`runs/${run}/checkpoints/step-000000400.ckpt.abcd.tmp`])
    expect(existsSync(lib.store.files.checkpointPath(run, 400) + '.abcd.tmp')).toBe(false)
    expect(existsSync(join(lib.store.files.runDir(run), 'stray.bin'))).toBe(true)
    expect(existsSync(join(lib.store.files.paths.runs, 'scratch', 'notes.txt'))).toBe(true)
    // Folders no row owns are moved to quarantine/<time>/ with their files, not deleted.
    expect(first.quarantined.map((q) => q.from).sort()).toEqual(['datasets/77', 'runs/999'])
    const moved = first.quarantined.find((q) => q.from === 'runs/999')!
    expect(readFileSync(join(lib.dir, moved.to, 'checkpoints', 'x.ckpt'), 'utf8')).toBe('x')
    expect(moved.to).toMatch(/^quarantine\/[0-9T-]+Z\/runs\/999$/)
    await lib.store.startup({ repair: true, verify: 'sha', quarantineOrphans: true })
    expect(
      lib.store.db
        .prepare('SELECT (SELECT count(*) FROM checkpoints) + (SELECT count(*) FROM samples) AS n')
        .get()
    ).toEqual(rowsBefore)
    expect(listCheckpoints(lib.store.db, run).map((c) => [c.step, c.fileStatus])).toEqual([
      [100, 'ok'],
      [200, 'missing'],
      [300, 'corrupt']
    ])
    expect(lib.store.db.prepare('SELECT file_status AS s FROM samples').get()).toEqual({
      s: 'corrupt'
    })
    expect(existsSync(lib.store.files.runDir(999))).toBe(false)
    expect(existsSync(lib.store.files.datasetDir(77))).toBe(false)
    const stamps = readdirSync(join(lib.dir, 'quarantine'))
    expect(
      stamps.some((s) =>
        existsSync(join(lib.dir, 'quarantine', s, 'runs', String(run), 'stray.bin'))
      )
    ).toBe(true)
    const again = await lib.store.startup({ verify: 'sha' })
    expect([again.tmpFiles, again.orphans, again.orphanDirs]).toEqual([[], [], []])
    // The runs list's resume point skips damaged checkpoints.
    const summary = lib.store.db
      .prepare(`SELECT max(step) AS s FROM checkpoints WHERE file_status = 'ok'`)
      .get()
    expect(summary).toEqual({ s: 100 })
  })
})
