// Issue 18 item 3: the app ships more than one model (resources/models/*). First start registers each; a folder set up
// before an app update gets a newly shipped model once; a shipped run the user deleted stays deleted; each model's
// threshold and real-data metrics come from its own model.json.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createServices } from '../../../src/main/app/services'
import {
  LibraryStore,
  createPiece,
  createRun,
  listCheckpoints,
  listPieces,
  listRuns,
  writeFileAtomic
} from '../../../src/main/library/index'
import {
  EXAMPLE_TAG,
  FIRST_RUN_MARKER,
  ensureFirstRun,
  type FirstRunResult
} from '../../../src/main/firstRun/firstRun'
import { readDefaultModel } from '../../../src/main/firstRun/defaultModel'
import { shippedModels } from '../../../src/main/firstRun/shippedModels'
import { FAMILIES } from '../../../src/shared/music/families'
import { addModel, tempResources, type ExtraModel } from '../../helpers/shippedModels'

const PIANO: ExtraModel = {
  id: 'piano',
  name: 'Piano model',
  threshold: 0.3,
  recommendedThresholds: { Piano: 0.25 },
  examples: 2
}
const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c()
})
function tempData(): string {
  const d = mkdtempSync(join(tmpdir(), 'b2b-shipped-'))
  cleanups.push(() => rmSync(d, { recursive: true, force: true }))
  return d
}
function resources(extra: ExtraModel[] = []): string {
  const r = tempResources(extra)
  cleanups.push(r.cleanup)
  return r.dir
}
const marker = (dataDir: string) =>
  JSON.parse(readFileSync(join(dataDir, FIRST_RUN_MARKER), 'utf8')) as FirstRunResult
const rows = (lib: LibraryStore, table: string) =>
  lib.db.prepare(`SELECT * FROM ${table} ORDER BY id`).all()
/** Run names and statuses in id order. */
const runsOf = (lib: LibraryStore) =>
  listRuns(lib.db)
    .sort((a, b) => a.id - b.id)
    .map((x) => x.name)
const bandName = (res: string) => readDefaultModel(join(res, 'models', 'default')).name
const latest = (lib: LibraryStore) =>
  listPieces(lib.db, { sort: 'updated', order: 'desc', limit: 1 }).items[0]

describe('shipped models', () => {
  it('lists every folder with a model.json, default first', () => {
    const dir = resources([{ ...PIANO, id: 'a-first' }, PIANO])
    writeFileSync(join(dir, 'models', 'README.txt'), 'not a model')
    expect(shippedModels(dir).map((m) => m.id)).toEqual(['default', 'a-first', 'piano'])
    expect(shippedModels(null)).toEqual([])
  })

  it('first start registers each shipped model with its checkpoint and examples; the default’s open first', () => {
    const res = resources([PIANO])
    const dataDir = tempData()
    const lib = LibraryStore.open(dataDir)
    const r = ensureFirstRun(lib, { dataDir, resourcesDir: res })!
    const band = readDefaultModel(join(res, 'models', 'default'))
    expect(runsOf(lib)).toEqual([band.name, 'Piano model'])
    expect(listRuns(lib.db).every((x) => x.status === 'completed')).toBe(true)
    expect(Object.keys(r.models!)).toEqual(['default', 'piano'])
    expect(r.runId).toBe(r.models!.default.runId)
    for (const [id, m] of Object.entries(r.models!)) {
      const [ckpt] = listCheckpoints(lib.db, m.runId)
      expect(m.checkpointId).toBe(ckpt.id)
      const pieces = listPieces(lib.db, { tag: EXAMPLE_TAG, limit: 100 }).items
      const own = pieces.filter((p) => p.checkpointId === ckpt.id)
      expect(own.map((p) => p.id).sort()).toEqual([...m.pieceIds].sort())
      expect(own.length).toBe(id === 'piano' ? 2 : band.examples.length)
    }
    expect(latest(lib).id).toBe(r.openPieceId)
    expect(r.openPieceId).toBe(r.models!.default.pieceIds[0])
    expect(marker(dataDir)).toEqual(r)
    // a second start adds nothing
    expect(ensureFirstRun(lib, { dataDir, resourcesDir: res })).toEqual(r)
    expect(listRuns(lib.db).length).toBe(2)
    lib.close()
  })

  it('an update adds a shipped model to a folder set up before it, once, touching nothing of the user’s', () => {
    const res = resources()
    const dataDir = tempData()
    const lib = LibraryStore.open(dataDir)
    const first = ensureFirstRun(lib, { dataDir, resourcesDir: res })!
    // The marker as the previous version wrote it (no `models`), then the user's own work.
    const { models: _, ...legacy } = first
    writeFileSync(join(dataDir, FIRST_RUN_MARKER), JSON.stringify(legacy))
    createRun(lib.db, { name: 'mine', preset: 'small', config: {} })
    const piece = { title: 'mine', ppq: 480, tempos: [], timeSignatures: [], tracks: [] }
    const mine = createPiece(lib.db, 'mine', piece, { origin: 'new' })
    const before = { runs: rows(lib, 'runs'), pieces: rows(lib, 'pieces') }
    addModel(res, PIANO)
    const r = ensureFirstRun(lib, { dataDir, resourcesDir: res })!
    expect(Object.keys(r.models!)).toEqual(['default', 'piano'])
    expect(r.models!.default).toEqual({
      runId: first.runId,
      checkpointId: first.checkpointId,
      pieceIds: first.pieceIds
    })
    expect(r.openPieceId).toBe(first.openPieceId)
    expect(rows(lib, 'runs').slice(0, before.runs.length)).toEqual(before.runs)
    expect(rows(lib, 'pieces').slice(0, before.pieces.length)).toEqual(before.pieces)
    expect(runsOf(lib)).toEqual([bandName(res), 'mine', 'Piano model'])
    expect(listPieces(lib.db, { limit: 100 }).items.length).toBe(before.pieces.length + 2)
    // the user's latest piece stays the latest (Compose opens on it)
    expect(latest(lib).id).toBe(mine)
    // once: later starts register nothing more
    expect(ensureFirstRun(lib, { dataDir, resourcesDir: res })).toEqual(r)
    expect(listRuns(lib.db).length).toBe(3)
    lib.close()
  })

  it('a shipped run the user deleted is not registered again', async () => {
    const res = resources([PIANO])
    const dataDir = tempData()
    const lib = LibraryStore.open(dataDir)
    const r = ensureFirstRun(lib, { dataDir, resourcesDir: res })!
    await lib.deleteRun(r.models!.piano.runId)
    expect(ensureFirstRun(lib, { dataDir, resourcesDir: res })).toEqual(r)
    expect(runsOf(lib)).toEqual([bandName(res)])
    expect(marker(dataDir).models!.piano).toEqual(r.models!.piano)
    lib.close()
  })

  it('leaves a folder that held the user’s work at first start alone, on updates too', () => {
    const res = resources([PIANO])
    const dataDir = tempData()
    const lib = LibraryStore.open(dataDir)
    const piece = { title: 'mine', ppq: 480, tempos: [], timeSignatures: [], tracks: [] }
    createPiece(lib.db, 'mine', piece, { origin: 'new' })
    expect(ensureFirstRun(lib, { dataDir, resourcesDir: res })).toBeNull()
    expect(ensureFirstRun(lib, { dataDir, resourcesDir: res })).toBeNull()
    expect(listRuns(lib.db).length).toBe(0)
    lib.close()
  })

  it('generation.models: each shipped model by name with its own model.json’s hints; runs.metrics per model', async () => {
    const res = resources([PIANO])
    const dataDir = tempData()
    const services = createServices({
      dataDir,
      mode: 'serve',
      version: '0.0.0-test',
      firstRun: true,
      resourcesDir: res
    })
    cleanups.unshift(() => services.close())
    await services.ready
    const ctx = { transport: 'direct' as const }
    const band = readDefaultModel(join(res, 'models', 'default'))
    const r = marker(dataDir)
    const models = await services.handlers.generation.models({}, ctx)
    expect(models.map((m) => [m.kind, m.label, m.recommendedThreshold])).toEqual([
      ['default', `${band.name}, epoch ${band.epoch}`, band.threshold],
      ['shipped', `Piano model, epoch ${band.epoch}`, 0.3]
    ])
    const piano = models[1]
    expect(piano.runId).toBe(String(r.models!.piano.runId))
    expect(piano.recommendedThresholds).toEqual(
      FAMILIES.map((f) => (f.name === 'Piano' ? 0.25 : 0.3))
    )
    const poly = band.evaluation.metrics.find((m) => m.id === 'polyphony')!.real
    expect(models[0].realMetrics?.polyphony).toEqual({ mean: poly.mean, sd: poly.sd })
    expect(piano.realMetrics?.polyphony).toEqual({ mean: poly.mean + 1, sd: poly.sd })
    const { rows: metrics } = await services.handlers.runs.metrics({ ids: [piano.runId!] }, ctx)
    const real = metrics.find((m) => m.subject === 'real' && m.metric === 'polyphony')
    expect(real?.mean).toBe(poly.mean + 1)
    expect(metrics.some((m) => m.subject === piano.runId && m.metric === 'polyphony')).toBe(true)
    // deleted, then a run of the user's gets its id (ids are reused): a plain checkpoint, no shipped hints
    const lib = services.library
    await lib.deleteRun(r.models!.piano.runId)
    const mine = createRun(lib.db, { name: 'mine', preset: 'small', config: band.config })
    expect(mine).toBe(r.models!.piano.runId)
    const w = writeFileAtomic(lib.files.checkpointPath(mine, 1), 'weights')
    lib.recordCheckpoint(mine, { epoch: 0, step: 1, file: w.path, sha256: w.sha256, size: w.size })
    const after = await services.handlers.generation.models({}, ctx)
    // No model.json hints for it; its config (the band model's) trains straight-through, so it recommends 0.5.
    expect(band.config.train.straightThrough).toBe(true)
    expect(after.at(-1)).toMatchObject({ recommendedThresholds: null, realMetrics: null })
    expect(after.map((m) => [m.kind, m.recommendedThreshold])).toEqual([
      ['default', band.threshold],
      ['checkpoint', 0.5]
    ])
  })
})
