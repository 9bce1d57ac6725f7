import { existsSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { LibraryStore } from '../../../src/main/library/store'
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
import { tempDir } from './helpers/child'

let tmp: ReturnType<typeof tempDir>
let store: LibraryStore
beforeEach(() => {
  tmp = tempDir()
  store = LibraryStore.open(tmp.dir)
})
afterEach(() => {
  store.close()
  tmp.dispose()
})

describe('datasets', () => {
  it('keeps per-file reports, config and the cache file; deletes with its files', () => {
    const id = createDataset(store.db, 'rock', { stepsPerBeat: 4 })
    expect(() => createDataset(store.db, 'rock')).toThrow(/UNIQUE/)
    addDatasetFiles(store.db, id, [
      { path: 'b.mid', ok: true, report: { notesKept: 10 } },
      { path: 'a.mid', ok: false, report: { error: { code: 'bad-header' } } }
    ])
    addDatasetFiles(store.db, id, [{ path: 'a.mid', ok: true, report: { notesKept: 3 } }])
    const cache = writeFileAtomic(store.files.datasetDir(id) + '/segments.bin', new Uint8Array(64))
    setDatasetCache(store.db, id, 'ready', { ...cache, path: store.files.toRel(cache.path) })
    setDatasetConfig(store.db, id, { stepsPerBeat: 4, bars: 4 })
    renameDataset(store.db, id, 'rock 1000')
    expect(getDataset(store.db, id)).toMatchObject({
      name: 'rock 1000',
      status: 'ready',
      config: { stepsPerBeat: 4, bars: 4 },
      cachePath: `datasets/${id}/segments.bin`,
      cacheSha256: cache.sha256,
      cacheSize: 64,
      fileCount: 2,
      errorCount: 0
    })
    expect(datasetFiles(store.db, id)).toEqual([
      { path: 'a.mid', ok: true, report: { notesKept: 3 } },
      { path: 'b.mid', ok: true, report: { notesKept: 10 } }
    ])
    const run = createRun(store.db, { name: 'r', preset: 'small', config: {}, datasetId: id })
    expect(listDatasets(store.db).map((d) => d.id)).toEqual([id])
    store.deleteDataset(id)
    expect(getDataset(store.db, id)).toBeUndefined()
    expect(existsSync(cache.path)).toBe(false)
    expect(store.db.prepare('SELECT dataset_id AS d FROM runs WHERE id = ?').get(run)).toEqual({
      d: null
    })
  })
})

describe('samples', () => {
  it('stores raw-output file and binarised piece per epoch', () => {
    const run = createRun(store.db, { name: 'r', preset: 'small', config: {} })
    const raw = writeFileAtomic(store.files.samplePath(run, 10, 0), new Uint8Array([1, 2, 3]))
    const a = addSample(store.db, run, {
      epoch: 10,
      step: 1000,
      seed: 5,
      rawFile: store.files.toRel(raw.path),
      rawSha256: raw.sha256,
      rawSize: raw.size,
      piece: piece('s10')
    })
    addSample(store.db, run, { epoch: 20, piece: piece('s20') })
    expect(getSample(store.db, a)).toMatchObject({
      epoch: 10,
      step: 1000,
      seed: 5,
      rawSize: 3,
      fileStatus: 'ok'
    })
    expect(listSamples(store.db, run).map((s) => s.piece.title)).toEqual(['s10', 's20'])
    expect(listSamples(store.db, run, 20).map((s) => s.epoch)).toEqual([20])
    expect(deleteSample(store.db, a)).toBe(`runs/${run}/samples/epoch-10-0.bin`)
    const b = addSample(store.db, run, {
      epoch: 30,
      rawFile: store.files.toRel(raw.path),
      piece: piece('s30')
    })
    // A piece still points at the raw file: deleting the sample keeps the file until the piece goes.
    const p = store.savePiece('kept', piece('kept'), {
      origin: 'sample',
      sampleId: b,
      rawFile: store.files.toRel(raw.path)
    })
    store.deleteSample(b)
    expect(existsSync(raw.path)).toBe(true)
    store.deletePiece(p)
    expect(existsSync(raw.path)).toBe(false)
  })
})

describe('evaluations and the metrics table', () => {
  it('puts values per subject and builds runs-vs-real rows', () => {
    const ds = createDataset(store.db, 'real')
    const r1 = createRun(store.db, { name: 'a', preset: 'paper', config: {}, datasetId: ds })
    const r2 = createRun(store.db, { name: 'b', preset: 'improved', config: {}, datasetId: ds })
    const c1 = store.db
      .prepare(
        `INSERT INTO checkpoints (run_id, epoch, step, file, sha256, size, created_at) VALUES (?, 20, 100, 'f1', 'x', 1, 0)`
      )
      .run(r2).lastInsertRowid as number
    const c2 = store.db
      .prepare(
        `INSERT INTO checkpoints (run_id, epoch, step, file, sha256, size, created_at) VALUES (?, 40, 200, 'f2', 'x', 1, 0)`
      )
      .run(r2).lastInsertRowid as number
    putEvaluations(store.db, [
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
    expect(evaluationsOf(store.db, 'run', r1)).toEqual([
      { subjectKind: 'run', subjectId: r1, metric: 'polyphony', variant: 'nonempty', value: 1.296 }
    ])
    expect(deleteEvaluations(store.db, 'checkpoint', c1)).toBe(2)
    putEvaluations(store.db, [
      { subjectKind: 'checkpoint', subjectId: c1, metric: 'emptyBars', value: 0.3 }
    ])
    expect(metricsTable(store.db, [r1, r2])).toEqual([
      { metric: 'emptyBars', variant: '', real: 0.1, runs: { [r1]: null, [r2]: 0.3 } },
      { metric: 'polyphony', variant: 'nonempty', real: 1.237, runs: { [r1]: 1.296, [r2]: 1.4 } }
    ])
  })
})

describe('listening test', () => {
  it('stores answers and summarises identification and ratings', () => {
    const run = createRun(store.db, { name: 'r', preset: 'paper', config: {} })
    const answers = [
      ['l1', 0, 'a', 'a', 4],
      ['l1', 1, 'b', 'a', 5],
      ['l2', 0, 'a', 'b', 3],
      ['l2', 1, 'b', 'a', 4]
    ] as const
    for (const [listener, pair, gen, picked, pleasing] of answers)
      addListeningAnswer(store.db, {
        runId: run,
        testId: 't1',
        listener,
        pair,
        generatedSide: gen,
        picked,
        ratings: { pleasing }
      })
    // A listener changing an answer replaces it.
    addListeningAnswer(store.db, {
      runId: run,
      testId: 't1',
      listener: 'l2',
      pair: 1,
      generatedSide: 'b',
      picked: 'b',
      ratings: { pleasing: 2 }
    })
    expect(listeningAnswers(store.db, 't1')).toHaveLength(4)
    expect(listeningSummary(store.db, 't1')).toEqual({
      answers: 4,
      listeners: 2,
      identifiedRate: 0.5,
      meanRatings: { pleasing: 3.5 }
    })
    expect(deleteListeningTest(store.db, 't1')).toBe(4)
    expect(listeningSummary(store.db, 't1').identifiedRate).toBeNull()
  })
})
