import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  addDatasetFiles,
  createDataset,
  datasetFiles,
  getDataset,
  listDatasets,
  renameDataset,
  setDatasetCache,
  setDatasetConfig
} from '../../../src/main/library/datasets'
import { createRun } from '../../../src/main/library/runs'
import {
  deleteEvaluations,
  evaluationsOf,
  metricsTable,
  putEvaluations
} from '../../../src/main/library/evaluations'
import {
  addListeningAnswer,
  deleteListeningTest,
  listeningAnswers,
  listeningSummary
} from '../../../src/main/library/listening'
import { addSample, deleteSample, getSample, listSamples } from '../../../src/main/library/samples'
import { writeFileAtomic } from '../../../src/main/library/files'
import { piece } from './helpers/fixtures'
import { useTempStore } from './helpers/store'

const lib = useTempStore()

describe('datasets', () => {
  it('keeps per-file reports, config and the cache file; deletes with its files', () => {
    const id = createDataset(lib.store.db, 'rock', { stepsPerBeat: 4 })
    expect(() => createDataset(lib.store.db, 'rock')).toThrow(/UNIQUE/)
    addDatasetFiles(lib.store.db, id, [
      { path: 'b.mid', ok: true, report: { notesKept: 10 } },
      { path: 'a.mid', ok: false, report: { error: { code: 'bad-header' } } }
    ])
    addDatasetFiles(lib.store.db, id, [{ path: 'a.mid', ok: true, report: { notesKept: 3 } }])
    const cache = writeFileAtomic(
      lib.store.files.datasetDir(id) + '/segments.bin',
      new Uint8Array(64)
    )
    setDatasetCache(lib.store.db, id, 'ready', {
      ...cache,
      path: lib.store.files.toRel(cache.path)
    })
    setDatasetConfig(lib.store.db, id, { stepsPerBeat: 4, bars: 4 })
    renameDataset(lib.store.db, id, 'rock 1000')
    expect(getDataset(lib.store.db, id)).toMatchObject({
      name: 'rock 1000',
      status: 'ready',
      config: { stepsPerBeat: 4, bars: 4 },
      cachePath: `datasets/${id}/segments.bin`,
      cacheSha256: cache.sha256,
      cacheSize: 64,
      fileCount: 2,
      errorCount: 0
    })
    expect(datasetFiles(lib.store.db, id)).toEqual([
      { path: 'a.mid', ok: true, report: { notesKept: 3 } },
      { path: 'b.mid', ok: true, report: { notesKept: 10 } }
    ])
    const run = createRun(lib.store.db, { name: 'r', preset: 'small', config: {}, datasetId: id })
    expect(listDatasets(lib.store.db).map((d) => d.id)).toEqual([id])
    lib.store.deleteDataset(id)
    expect(getDataset(lib.store.db, id)).toBeUndefined()
    expect(existsSync(cache.path)).toBe(false)
    expect(lib.store.db.prepare('SELECT dataset_id AS d FROM runs WHERE id = ?').get(run)).toEqual({
      d: null
    })
  })
})

describe('samples', () => {
  it('stores raw-output file and binarised piece per epoch', () => {
    const run = createRun(lib.store.db, { name: 'r', preset: 'small', config: {} })
    const raw = writeFileAtomic(lib.store.files.samplePath(run, 10, 0), new Uint8Array([1, 2, 3]))
    const a = addSample(lib.store.db, run, {
      epoch: 10,
      step: 1000,
      seed: 5,
      rawFile: lib.store.files.toRel(raw.path),
      rawSha256: raw.sha256,
      rawSize: raw.size,
      piece: piece('s10')
    })
    addSample(lib.store.db, run, { epoch: 20, piece: piece('s20') })
    expect(getSample(lib.store.db, a)).toMatchObject({
      epoch: 10,
      step: 1000,
      seed: 5,
      rawSize: 3,
      fileStatus: 'ok'
    })
    expect(listSamples(lib.store.db, run).map((s) => s.piece.title)).toEqual(['s10', 's20'])
    expect(listSamples(lib.store.db, run, 20).map((s) => s.epoch)).toEqual([20])
    expect(deleteSample(lib.store.db, a)).toBe(`runs/${run}/samples/epoch-10-0.bin`)
    const b = addSample(lib.store.db, run, {
      epoch: 30,
      rawFile: lib.store.files.toRel(raw.path),
      piece: piece('s30')
    })
    // A piece still points at the raw file: deleting the sample keeps the file until the piece goes.
    const p = lib.store.savePiece('kept', piece('kept'), {
      origin: 'sample',
      sampleId: b,
      rawFile: lib.store.files.toRel(raw.path)
    })
    lib.store.deleteSample(b)
    expect(existsSync(raw.path)).toBe(true)
    lib.store.deletePiece(p)
    expect(existsSync(raw.path)).toBe(false)
  })
})

describe('evaluations and the metrics table', () => {
  it('puts values per subject and builds runs-vs-real rows', () => {
    const ds = createDataset(lib.store.db, 'real')
    const r1 = createRun(lib.store.db, { name: 'a', preset: 'paper', config: {}, datasetId: ds })
    const r2 = createRun(lib.store.db, { name: 'b', preset: 'improved', config: {}, datasetId: ds })
    const c1 = lib.store.db
      .prepare(
        `INSERT INTO checkpoints (run_id, epoch, step, file, sha256, size, created_at) VALUES (?, 20, 100, 'f1', 'x', 1, 0)`
      )
      .run(r2).lastInsertRowid as number
    const c2 = lib.store.db
      .prepare(
        `INSERT INTO checkpoints (run_id, epoch, step, file, sha256, size, created_at) VALUES (?, 40, 200, 'f2', 'x', 1, 0)`
      )
      .run(r2).lastInsertRowid as number
    putEvaluations(lib.store.db, [
      {
        subjectKind: 'dataset',
        subjectId: ds,
        metric: 'polyphony',
        variant: 'nonempty',
        value: 1.237
      },
      { subjectKind: 'dataset', subjectId: ds, metric: 'emptyBars', value: 0.1 },
      { subjectKind: 'run', subjectId: r1, metric: 'polyphony', variant: 'nonempty', value: 1.5 },
      { subjectKind: 'run', subjectId: r1, metric: 'polyphony', variant: 'nonempty', value: 1.296 },
      {
        subjectKind: 'checkpoint',
        subjectId: c1,
        metric: 'polyphony',
        variant: 'nonempty',
        value: 9
      },
      {
        subjectKind: 'checkpoint',
        subjectId: c2,
        metric: 'polyphony',
        variant: 'nonempty',
        value: 1.4
      },
      { subjectKind: 'checkpoint', subjectId: c1, metric: 'emptyBars', value: 0.3 }
    ])
    expect(evaluationsOf(lib.store.db, 'run', r1)).toEqual([
      { subjectKind: 'run', subjectId: r1, metric: 'polyphony', variant: 'nonempty', value: 1.296 }
    ])
    expect(deleteEvaluations(lib.store.db, 'checkpoint', c1)).toBe(2)
    putEvaluations(lib.store.db, [
      { subjectKind: 'checkpoint', subjectId: c1, metric: 'emptyBars', value: 0.3 }
    ])
    expect(metricsTable(lib.store.db, [r1, r2])).toEqual([
      { metric: 'emptyBars', variant: '', real: 0.1, runs: { [r1]: null, [r2]: 0.3 } },
      { metric: 'polyphony', variant: 'nonempty', real: 1.237, runs: { [r1]: 1.296, [r2]: 1.4 } }
    ])
  })
})

describe('listening test', () => {
  it('stores answers and summarises identification and ratings', () => {
    const run = createRun(lib.store.db, { name: 'r', preset: 'paper', config: {} })
    const answers = [
      ['l1', 0, 'a', 'a', 4],
      ['l1', 1, 'b', 'a', 5],
      ['l2', 0, 'a', 'b', 3],
      ['l2', 1, 'b', 'a', 4]
    ] as const
    for (const [listener, pair, gen, picked, pleasing] of answers)
      addListeningAnswer(lib.store.db, {
        runId: run,
        testId: 't1',
        listener,
        pair,
        generatedSide: gen,
        picked,
        ratings: { pleasing }
      })
    // A listener changing an answer replaces it.
    addListeningAnswer(lib.store.db, {
      runId: run,
      testId: 't1',
      listener: 'l2',
      pair: 1,
      generatedSide: 'b',
      picked: 'b',
      ratings: { pleasing: 2 }
    })
    expect(listeningAnswers(lib.store.db, 't1')).toHaveLength(4)
    expect(listeningSummary(lib.store.db, 't1')).toEqual({
      answers: 4,
      listeners: 2,
      identifiedRate: 0.5,
      meanRatings: { pleasing: 3.5 }
    })
    expect(deleteListeningTest(lib.store.db, 't1')).toBe(4)
    expect(listeningSummary(lib.store.db, 't1').identifiedRate).toBeNull()
  })
})
