import { existsSync, rmSync, truncateSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createDataset } from '../../../src/main/library/datasets'
import { writeFileAtomic } from '../../../src/main/library/files'
import {
  createRun,
  getRun,
  listRuns,
  renameRun,
  setRunBackend,
  setRunStatus
} from '../../../src/main/library/runs'
import { listCheckpoints } from '../../../src/main/library/checkpoints'
import { addSample, listSamples } from '../../../src/main/library/samples'
import { piece, trainingRows } from './helpers/fixtures'
import { useTempStore } from './helpers/store'

const lib = useTempStore()

const count = (sql: string, ...args: unknown[]) =>
  (lib.store.db.prepare(sql).get(...args) as { n: number }).n

/** Write a checkpoint file the way the engine does, and record it with the rows up to its step. */
function checkpoint(runId: number, step: number, keep = 3) {
  const file = lib.store.files.checkpointPath(runId, step)
  const written = writeFileAtomic(file, `weights at ${step}`)
  return lib.store.recordCheckpoint(
    runId,
    {
      epoch: Math.floor(step / 250),
      step,
      file: written.path,
      sha256: written.sha256,
      size: written.size
    },
    [],
    keep
  )
}

describe('runs', () => {
  it('creates, gets, renames, updates status and backend, and lists with summary metrics', () => {
    const ds = createDataset(lib.store.db, 'rock', { bars: 4 })
    const id = createRun(lib.store.db, {
      name: 'first',
      preset: 'paper',
      config: { lrG: 3e-4 },
      datasetId: ds
    })
    const second = createRun(lib.store.db, {
      name: 'second',
      preset: 'small',
      config: {},
      resumedFromRunId: id
    })
    setRunBackend(lib.store.db, id, 'wasm', 'tfjs-node not installed')
    setRunStatus(lib.store.db, id, 'running')
    renameRun(lib.store.db, id, 'renamed')
    const w = lib.store.metricWriter()
    for (const r of trainingRows(0, 503)) w.add(id, r)
    w.close()
    checkpoint(id, 400)
    addSample(lib.store.db, id, { epoch: 1, step: 400, piece: piece('s') })
    const run = getRun(lib.store.db, id)!
    expect(run).toMatchObject({
      name: 'renamed',
      preset: 'paper',
      config: { lrG: 3e-4 },
      backend: 'wasm',
      backendReason: 'tfjs-node not installed',
      status: 'running',
      datasetId: ds
    })
    expect(run.startedAt).toBeGreaterThan(0)
    expect(getRun(lib.store.db, second)!.resumedFromRunId).toBe(id)
    const rows = trainingRows(0, 503)
    const list = listRuns(lib.store.db)
    expect(list.map((r) => r.id)).toEqual([second, id])
    expect(list[1]).toMatchObject({
      datasetName: 'rock',
      lastStep: 502,
      lastEpoch: 2,
      lastDLoss: rows[502].dLoss,
      lastGLoss: rows[499].gLoss, // G is only recorded every 5th step
      checkpoints: 1,
      lastCheckpointStep: 400,
      samples: 1
    })
    expect(list[0].lastStep).toBeNull()
  })
})

describe('checkpoints and resume (T4)', () => {
  it('commits the checkpoint row with the rows up to its step, keeps the last 3 files', () => {
    const id = createRun(lib.store.db, { name: 'r', preset: 'small', config: {} })
    const w = lib.store.metricWriter({ maxRows: 1000, keepCheckpoints: 3 })
    for (const r of trainingRows(0, 120)) w.add(id, r)
    const file = lib.store.files.checkpointPath(id, 99)
    const written = writeFileAtomic(file, 'w')
    w.checkpoint(id, {
      epoch: 0,
      step: 99,
      file: lib.store.files.toRel(file),
      sha256: written.sha256,
      size: written.size
    })
    // Rows 0..99 and the checkpoint are committed together; 100..119 are still queued.
    expect(count('SELECT count(*) AS n FROM metrics WHERE run_id = ?', id)).toBe(100)
    expect(w.pending).toBe(20)
    w.close()
    for (const step of [200, 300, 400]) checkpoint(id, step)
    const kept = listCheckpoints(lib.store.db, id)
    expect(kept.map((c) => c.step)).toEqual([200, 300, 400])
    expect(existsSync(file)).toBe(false)
    expect(kept.every((c) => existsSync(lib.store.files.toAbs(c.file)))).toBe(true)
  })

  it('a second checkpoint at the same step updates its row to the new file (no UNIQUE failure)', () => {
    const id = createRun(lib.store.db, { name: 'r', preset: 'small', config: {} })
    const file = lib.store.files.checkpointPath(id, 7)
    const record = (text: string) => {
      const w = writeFileAtomic(file, text)
      const ck = { epoch: 1, step: 7, file: lib.store.files.toRel(file), ...w }
      return lib.store.recordCheckpoint(id, ck)
    }
    const first = record('pause')
    expect(record('stop, rewritten')).toBe(first)
    const [row] = listCheckpoints(lib.store.db, id)
    expect(row).toMatchObject({ step: 7, size: 15, fileStatus: 'ok' })
    expect(row.sha256).toBe(writeFileAtomic(file, 'stop, rewritten').sha256)
  })

  it('refuses rows after the checkpoint step in its transaction', () => {
    const id = createRun(lib.store.db, { name: 'r', preset: 'small', config: {} })
    expect(() =>
      lib.store.recordCheckpoint(
        id,
        { epoch: 0, step: 5, file: join(lib.dir, 'runs/x'), sha256: 'a', size: 1 },
        trainingRows(0, 7)
      )
    ).toThrow(/after the checkpoint/)
    expect(count('SELECT count(*) AS n FROM metrics')).toBe(0)
  })

  it('resume deletes rows, samples and checkpoints after the last valid step in one transaction', () => {
    const id = createRun(lib.store.db, { name: 'r', preset: 'small', config: {} })
    const w = lib.store.metricWriter()
    for (const r of trainingRows(0, 700)) w.add(id, r)
    w.close()
    checkpoint(id, 300)
    checkpoint(id, 600)
    const raw = writeFileAtomic(lib.store.files.samplePath(id, 2, 0), 'raw')
    addSample(lib.store.db, id, {
      epoch: 2,
      step: 650,
      piece: piece('late'),
      rawFile: lib.store.files.toRel(raw.path)
    })
    addSample(lib.store.db, id, { epoch: 1, step: 250, piece: piece('early') })
    setRunStatus(lib.store.db, id, 'running')
    setRunStatus(lib.store.db, id, 'failed', 'killed')
    // The newest checkpoint is corrupt: the engine falls back to 300.
    const res = lib.store.resumeRun(id, 300)
    expect(res).toMatchObject({ deletedMetricRows: 399, deletedSamples: 1 })
    expect(existsSync(raw.path)).toBe(false)
    expect(listCheckpoints(lib.store.db, id).map((c) => c.step)).toEqual([300])
    expect(listSamples(lib.store.db, id).map((s) => s.piece.title)).toEqual(['early'])
    expect(count('SELECT max(step) AS n FROM metrics WHERE run_id = ?', id)).toBe(300)
    expect(getRun(lib.store.db, id)).toMatchObject({
      status: 'running',
      resumeCount: 1,
      error: null
    })
    // Rows 301.. can be written again without a UNIQUE error.
    const w2 = lib.store.metricWriter()
    for (const r of trainingRows(301, 10)) w2.add(id, r)
    w2.close()
    expect(count('SELECT count(*) AS n FROM metrics WHERE run_id = ?', id)).toBe(311)
  })

  it('resume of a run killed before its first checkpoint starts over', () => {
    const id = createRun(lib.store.db, { name: 'r', preset: 'small', config: {} })
    const w = lib.store.metricWriter()
    for (const r of trainingRows(0, 42)) w.add(id, r)
    w.close()
    expect(lib.store.resumeRun(id, null).deletedMetricRows).toBe(42)
    // The first start of a run goes through resume too; it is not counted as a resume.
    expect(getRun(lib.store.db, id)).toMatchObject({
      status: 'running',
      resumeCount: 0,
      resumedAt: null
    })
    expect(getRun(lib.store.db, id)!.startedAt).toBeGreaterThan(0)
    expect(count('SELECT count(*) AS n FROM metrics')).toBe(0)
    expect(count('SELECT count(*) AS n FROM metric_rollup')).toBe(0)
    const w2 = lib.store.metricWriter()
    for (const r of trainingRows(0, 42)) w2.add(id, r)
    w2.close()
    expect(count('SELECT count(*) AS n FROM metrics')).toBe(42)
  })
})

describe('choosing the checkpoint to resume from (T1)', () => {
  it('skips a truncated newest file and a missing one, marks them, keeps their rows', async () => {
    const id = createRun(lib.store.db, { name: 'r', preset: 'small', config: {} })
    for (const step of [100, 200, 300]) checkpoint(id, step)
    expect((await lib.store.latestValidCheckpoint(id))!.step).toBe(300)
    truncateSync(lib.store.files.checkpointPath(id, 300), 3)
    expect((await lib.store.latestValidCheckpoint(id))!.step).toBe(200)
    rmSync(lib.store.files.checkpointPath(id, 200))
    expect((await lib.store.latestValidCheckpoint(id))!.step).toBe(100)
    expect(listCheckpoints(lib.store.db, id).map((c) => c.fileStatus)).toEqual([
      'ok',
      'missing',
      'corrupt'
    ])
    lib.store.deleteCheckpoint(listCheckpoints(lib.store.db, id)[0].id)
    expect(existsSync(lib.store.files.checkpointPath(id, 100))).toBe(false)
    expect(await lib.store.latestValidCheckpoint(id)).toBeNull()
  })
})

describe('deleting a run', () => {
  it('removes its rows in chunks, then its files, and keeps pieces made from it', async () => {
    const id = createRun(lib.store.db, { name: 'r', preset: 'small', config: {} })
    const other = createRun(lib.store.db, { name: 'other', preset: 'small', config: {} })
    const w = lib.store.metricWriter({ maxRows: 1000 })
    for (const r of trainingRows(0, 25_000)) w.add(id, r)
    for (const r of trainingRows(0, 10)) w.add(other, r)
    w.close()
    const ckpt = checkpoint(id, 24_000)
    const ckptFile = lib.store.files.checkpointPath(id, 24_000)
    const pieceId = lib.store.savePiece('from r', piece('x'), {
      origin: 'generated',
      runId: id,
      checkpointId: ckpt,
      seed: 1,
      threshold: 0.9
    })
    lib.store.db
      .prepare(
        `INSERT INTO evaluations (subject_kind, subject_id, metric, value, created_at) VALUES ('run', ?, 'm', 1, 0)`
      )
      .run(id)
    const progress: number[] = []
    await lib.store.deleteRun(id, 5000, (n) => progress.push(n))
    // 25,000 metric rows + ~2,100 roll-up rows in chunks of at most 5,000.
    expect(progress.length).toBeGreaterThanOrEqual(6)
    expect(
      Math.max(...progress.slice(1).map((n, i) => n - progress[i]), progress[0])
    ).toBeLessThanOrEqual(5000)
    expect(getRun(lib.store.db, id)).toBeUndefined()
    expect(existsSync(ckptFile)).toBe(false)
    expect(existsSync(lib.store.files.runDir(id))).toBe(false)
    expect(count('SELECT count(*) AS n FROM metrics WHERE run_id = ?', id)).toBe(0)
    expect(count('SELECT count(*) AS n FROM metric_rollup WHERE run_id = ?', id)).toBe(0)
    expect(count(`SELECT count(*) AS n FROM evaluations`)).toBe(0)
    expect(count('SELECT count(*) AS n FROM metrics WHERE run_id = ?', other)).toBe(10)
    expect(lib.store.pieces().items.map((p) => [p.id, p.runId, p.checkpointId])).toEqual([
      [pieceId, null, null]
    ])
    expect(lib.store.db.pragma('foreign_key_check')).toEqual([])
  })

  it('a delete interrupted midway is finished by startup()', async () => {
    const id = createRun(lib.store.db, { name: 'r', preset: 'small', config: {} })
    const w = lib.store.metricWriter()
    for (const r of trainingRows(0, 3000)) w.add(id, r)
    w.close()
    checkpoint(id, 2999)
    setRunStatus(lib.store.db, id, 'deleting')
    expect(listRuns(lib.store.db)).toEqual([])
    const report = await lib.store.startup()
    expect(getRun(lib.store.db, id)).toBeUndefined()
    expect(existsSync(lib.store.files.runDir(id))).toBe(false)
    expect(report.missing).toEqual([])
  })
})
