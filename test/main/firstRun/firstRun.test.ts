import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createServices } from '../../../src/main/app/services'
import {
  LibraryStore,
  createPiece,
  listCheckpoints,
  listPieces,
  listRuns
} from '../../../src/main/library/index'
import {
  EXAMPLE_TAG,
  FIRST_RUN_MARKER,
  ensureFirstRun,
  type FirstRunResult
} from '../../../src/main/firstRun/firstRun'
import { findResourcesDir, readDefaultModel } from '../../../src/main/firstRun/defaultModel'
import { shippedModels } from '../../../src/main/firstRun/shippedModels'
import { initBackend } from '../../../src/main/ml/backend'
import { disposeGenerator, generateFromSeeds, loadGenerator } from '../../../src/main/ml/generate'
import type { Piece } from '../../../src/shared/music/piece'

const RESOURCES = resolve(__dirname, '../../..', 'resources')
const dirs: string[] = []
function tempData(): string {
  const d = mkdtempSync(join(tmpdir(), 'b2b-first-'))
  dirs.push(d)
  return d
}
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })))

describe('first start on a new data folder', () => {
  it('finds the shipped resources by walking up from the source', () => {
    expect(findResourcesDir()).toBe(RESOURCES)
  })

  it('registers each shipped model as a run, the default with a usable checkpoint, and adds the examples, once', async () => {
    const dataDir = tempData()
    const services = createServices({
      dataDir,
      mode: 'serve',
      version: '0.0.0-test',
      firstRun: true
    })
    await services.ready
    const db = services.library.db
    const marker = JSON.parse(
      readFileSync(join(dataDir, FIRST_RUN_MARKER), 'utf8')
    ) as FirstRunResult
    // every shipped model (the default first) is a finished run; the default's examples are the newest pieces
    const shipped = shippedModels().map((m) => ({ ...m, record: readDefaultModel(m.dir) }))
    expect(Object.keys(marker.models!)).toEqual(shipped.map((m) => m.id))
    expect(listRuns(db).length).toBe(shipped.length)
    const examples = shipped.reduce((n, m) => n + m.record.examples.length, 0)
    const record = shipped[0].record
    const [run] = listRuns(db).filter((r) => r.id === marker.runId)
    expect([run.name, run.status, run.lastStep]).toEqual([record.name, 'completed', record.step])
    const [ckpt] = listCheckpoints(db, run.id)
    expect(ckpt.step).toBe(record.step)
    const file = services.library.files.toAbs(ckpt.file)
    expect(createHash('sha256').update(readFileSync(file)).digest('hex')).toBe(ckpt.sha256)
    const pieces = listPieces(db, { sort: 'updated', order: 'desc', tag: EXAMPLE_TAG }).items
    expect(pieces.length).toBe(examples)
    const own = pieces.slice(0, record.examples.length)
    expect(own.every((p) => p.origin === 'generated' && p.checkpointId === ckpt.id)).toBe(true)
    expect(marker.openPieceId).toBe(pieces[0].id)
    // the registered checkpoint generates through the engine's own loader
    await initBackend('wasm')
    const g = loadGenerator(file)
    expect((await generateFromSeeds(g, [1])).shape).toEqual([1, 64, 84, 17])
    disposeGenerator(g)
    // the generate API lists it first, as the default model, and generates from it
    const ctx = { transport: 'direct' as const }
    const models = await services.handlers.generation.models({}, ctx)
    expect(models[0]).toMatchObject({ kind: 'default', id: String(ckpt.id) })
    const gen = await services.handlers.generation.generate(
      { modelId: models[0].id, seed: 7, count: 1, threshold: record.threshold },
      ctx
    )
    expect(gen.items.map((i) => i.seed)).toEqual([7])
    // Velocities from the model's confidence: the same notes, louder where it is surer; the piece keeps its 4 bars
    // whichever tracks are left out.
    const sure = await services.handlers.generation.rebinarize(
      { generationId: gen.generationId, threshold: record.threshold, velocity: 'confidence' },
      ctx
    )
    const notesOf = (p: Piece, v: boolean) =>
      p.tracks.flatMap((t) => t.notes.map((n) => [t.family, n.pitch, n.start, v ? n.velocity : 0]))
    expect(notesOf(sure.items[0].piece, false)).toEqual(notesOf(gen.items[0].piece, false))
    const velocities = notesOf(sure.items[0].piece, true).map((n) => n[3])
    expect(Math.min(...velocities)).toBeGreaterThanOrEqual(40)
    expect(new Set(velocities).size).toBeGreaterThan(3)
    expect(new Set(notesOf(gen.items[0].piece, true).map((n) => n[3]))).toEqual(new Set([100]))
    const barTicks = 4 * gen.items[0].piece.ppq
    expect(gen.items[0].piece.length).toBe(4 * barTicks)
    const only = Array.from({ length: 17 }, (_, f) => f === 0)
    const drumsOnly = await services.handlers.generation.rebinarize(
      { generationId: gen.generationId, threshold: record.threshold, tracks: only },
      ctx
    )
    expect(drumsOnly.items[0].piece.length).toBe(4 * barTicks)
    await services.close()
    const again = createServices({ dataDir, mode: 'serve', version: '0.0.0-test', firstRun: true })
    await again.ready
    expect(listRuns(again.library.db).length).toBe(shipped.length)
    expect(listPieces(again.library.db, {}).items.length).toBe(examples)
    await again.close()
  })

  it('leaves a data folder that already holds pieces alone', () => {
    const dataDir = tempData()
    const lib = LibraryStore.open(dataDir)
    const piece = { title: 'mine', ppq: 480, tempos: [], timeSignatures: [], tracks: [] }
    createPiece(lib.db, 'mine', piece, { origin: 'new' })
    expect(ensureFirstRun(lib, { dataDir })).toBeNull()
    expect(listRuns(lib.db).length).toBe(0)
    expect(existsSync(join(dataDir, FIRST_RUN_MARKER))).toBe(true)
    lib.close()
  })

  it('is off unless the composition root asks for it', async () => {
    const dataDir = tempData()
    const services = createServices({ dataDir, mode: 'serve', version: '0.0.0-test' })
    await services.ready
    expect(listRuns(services.library.db).length).toBe(0)
    await services.close()
  })
})
