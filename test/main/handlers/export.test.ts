import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { readMidi } from '../../../src/main/data/midi/read'
import type { Piece } from '../../../src/shared/music/piece'
import { testServices } from '../../helpers/api'
import { FIXTURE_MIDI } from '../../helpers/fixtures'
import { PieceSchema } from '../../../src/shared/api/piece'

// The export and pieces handlers over the real SQLite library and midi-io's writer, called directly (transport 'direct').

const { services, cleanup } = testServices()
afterAll(async () => {
  await services.close()
  cleanup()
})
const h = services.handlers
const ctx = { transport: 'direct' as const }

async function importedPiece() {
  const file = join(FIXTURE_MIDI, 'freedoom', 'd_e1m1.mid')
  const { piece } = readMidi(file, new Uint8Array(readFileSync(file)))
  // What the renderer would send passes the API's strict piece schema.
  return PieceSchema.parse(piece)
}

describe('pieces and export handlers', () => {
  it('saves a real imported piece, lists and finds it, and exports it as MIDI that reads back with the same notes', async () => {
    const piece = await importedPiece()
    const saved = await h.pieces.save({ title: 'E1M1: Hangar', piece }, ctx)
    expect(saved.noteCount).toBe(piece.tracks.reduce((n, t) => n + t.notes.length, 0))
    const page = await h.pieces.list({ query: 'hangar' }, ctx)
    expect(page.items.map((p) => p.id)).toContain(saved.id)

    const out = await h.export.midi({ pieceId: saved.id }, ctx)
    expect(out.fileName).toBe('E1M1 Hangar.mid')
    const file = services.deps.exportFiles.pathOf(out.exportId)
    const back = readMidi(file, new Uint8Array(readFileSync(file))).piece
    const notes = (p: Piece) =>
      p.tracks
        .flatMap((t) => t.notes.map((n) => `${t.family}:${n.pitch}:${n.start}:${n.duration}`))
        .sort()
    expect(notes(back)).toEqual(notes(piece))

    const one = await h.export.midiBytes({ pieceId: saved.id, trackIndex: 0 }, ctx)
    expect(one.fileName).toMatch(/^E1M1 Hangar - .+\.mid$/)
    const oneBack = readMidi('one.mid', new Uint8Array(Buffer.from(one.base64, 'base64'))).piece
    expect(oneBack.tracks.reduce((n, t) => n + t.notes.length, 0)).toBe(
      piece.tracks[0].notes.length
    )
  })

  it('updates title, tags and favourite, then deletes', async () => {
    const saved = await h.pieces.save({ title: 'Draft', piece: await importedPiece() }, ctx)
    const updated = await h.pieces.update(
      { id: saved.id, title: 'Final', tags: ['doom', 'loop'], favourite: true },
      ctx
    )
    expect(updated).toMatchObject({ title: 'Final', tags: ['doom', 'loop'], favourite: true })
    expect((await h.pieces.list({ tag: 'doom' }, ctx)).items.map((p) => p.id)).toEqual([saved.id])
    await h.pieces.remove({ id: saved.id }, ctx)
    await expect(h.pieces.get({ id: saved.id }, ctx)).rejects.toMatchObject({ code: 'not_found' })
  })

  it('answers desktop-only methods with not_available in serve mode and unknown ids with not_found', async () => {
    await expect(h.export.saveAs({ pieceId: '1' }, ctx)).rejects.toMatchObject({
      code: 'not_available'
    })
    await expect(h.export.drag({ pieceId: '1' }, ctx)).rejects.toMatchObject({
      code: 'not_available'
    })
    await expect(h.export.showInFolder({ exportId: 'abc' }, ctx)).rejects.toMatchObject({
      code: 'not_available'
    })
    await expect(h.export.midi({ pieceId: 'abc' }, ctx)).rejects.toMatchObject({
      code: 'not_found'
    })
    expect(existsSync(services.deps.exportFiles.exportsDir)).toBe(true)
  })
})
