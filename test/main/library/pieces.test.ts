import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LibraryStore } from '../../../src/main/library/store'
import { createRun } from '../../../src/main/library/runs'
import {
  getPiece,
  MAX_REVISION_BYTES,
  MAX_REVISIONS,
  pieceHistory,
  renamePiece,
  setFavourite,
  setTags,
  updatePieceNotes,
  type PieceSummaryRow
} from '../../../src/main/library/pieces'
import type { PieceQuery } from '../../../src/main/library/piecesQuery'
import { mulberry32 } from '../../../src/shared/random'
import { piece } from './helpers/fixtures'
import { tempDir } from './helpers/child'

let tmp: ReturnType<typeof tempDir>
let store: LibraryStore
let run: number
const WORDS = ['Study', 'Etude', 'Nocturne', 'Rock 100%', 'Groove_1', 'Ballad']
const TAGS = ['rock', 'calm', 'drums', 'Keep']

beforeAll(() => {
  tmp = tempDir()
  store = LibraryStore.open(tmp.dir)
  run = createRun(store.db, { name: 'r', preset: 'small', config: {} })
  const r = mulberry32(3)
  store.db.transaction(() => {
    for (let i = 0; i < 600; i++) {
      const title = `${WORDS[i % WORDS.length]} ${Math.floor(r() * 50)}`
      const tags = TAGS.filter(() => r() < 0.3)
      const id = store.savePiece(
        title,
        piece(title, 1 + (i % 5)),
        {
          origin: i % 3 ? 'generated' : 'imported',
          runId: i % 3 ? run : null,
          seed: i,
          threshold: 0.9,
          sourceFile: i % 3 ? null : `/music/${i}.mid`
        },
        tags
      )
      // Many pieces share a timestamp so keyset pages must break ties by id.
      store.db
        .prepare('UPDATE pieces SET created_at = ?, updated_at = ?, favourite = ? WHERE id = ?')
        .run(Math.floor(i / 7), Math.floor(r() * 100), r() < 0.2 ? 1 : 0, id)
    }
  })()
})
afterAll(() => {
  store.close()
  tmp.dispose()
})

/** Every piece, filtered and sorted in plain JS: what the query must return. */
function reference(q: PieceQuery): number[] {
  const all = store
    .pieces({ limit: 500, sort: 'created', order: 'asc' })
    .items.concat(store.pieces({ limit: 500, sort: 'created', order: 'asc', offset: 500 }).items)
  const s = q.search?.toLowerCase()
  const key = (p: PieceSummaryRow) =>
    q.sort === 'title' ? p.title.toLowerCase() : q.sort === 'created' ? p.createdAt : p.updatedAt
  const desc = (q.order ?? (q.sort === 'title' ? 'asc' : 'desc')) === 'desc'
  return all
    .filter(
      (p) =>
        (!s ||
          p.title.toLowerCase().includes(s) ||
          p.tags.some((t) => t.toLowerCase().startsWith(s))) &&
        (q.tag === undefined || p.tags.some((t) => t.toLowerCase() === q.tag!.toLowerCase())) &&
        (q.favourite === undefined || p.favourite === q.favourite) &&
        (q.runId === undefined || p.runId === q.runId) &&
        (q.origin === undefined || p.origin === q.origin)
    )
    .sort((a, b) => {
      const [ka, kb] = [key(a), key(b)]
      const c = ka < kb ? -1 : ka > kb ? 1 : a.id - b.id
      return desc ? -c : c
    })
    .map((p) => p.id)
}

/** Walk every keyset page of a query. */
function walk(q: PieceQuery): number[] {
  const ids: number[] = []
  let page = store.pieces({ ...q, limit: 37 })
  for (;;) {
    ids.push(...page.items.map((p) => p.id))
    if (!page.next) return ids
    page = store.pieces({ ...q, limit: 37, after: page.next })
  }
}

describe('pieces query', () => {
  const cases: PieceQuery[] = [
    {},
    { sort: 'title' },
    { sort: 'title', order: 'desc' },
    { sort: 'created', order: 'asc' },
    { search: 'rock' },
    { search: '100%' },
    { search: 'groove_' },
    { search: 'ke', sort: 'title' },
    { tag: 'ROCK' },
    { favourite: true, sort: 'created' },
    { runId: 1, favourite: false },
    { origin: 'imported', tag: 'calm', order: 'asc' }
  ]
  for (const q of cases)
    it(`keyset pages equal the reference for ${JSON.stringify(q)}`, () => {
      const want = reference(q)
      expect(walk(q)).toEqual(want)
      const first = store.pieces({ ...q, limit: 10, withTotal: true })
      expect(first.total).toBe(want.length)
      expect(store.pieces({ ...q, limit: 10, offset: 20 }).items.map((p) => p.id)).toEqual(
        want.slice(20, 30)
      )
    })
})

describe('pieces', () => {
  it('stores origin, notes, tags, favourite; renames, edits with history, deletes', () => {
    const id = store.savePiece(
      'Mine',
      piece('Mine', 3),
      {
        origin: 'generated',
        runId: run,
        seed: 42,
        threshold: 0.85,
        rawFile: 'runs/1/raw/42.bin'
      },
      ['b', 'A', 'a ']
    )
    const got = getPiece(store.db, id)!
    expect(got).toMatchObject({
      title: 'Mine',
      origin: 'generated',
      runId: run,
      seed: 42,
      threshold: 0.85,
      rawFile: 'runs/1/raw/42.bin',
      tags: ['A', 'b'],
      favourite: false,
      trackCount: 1, // the tracks that play: the fixture's drum track is silent
      noteCount: 3
    })
    expect(got.piece).toEqual(piece('Mine', 3))
    renamePiece(store.db, id, 'Renamed')
    setFavourite(store.db, id, true)
    setTags(store.db, id, ['jazz'])
    updatePieceNotes(store.db, id, piece('Mine', 9), 'quantize')
    updatePieceNotes(store.db, id, piece('Mine', 5), 'erase')
    const after = getPiece(store.db, id)!
    expect(after).toMatchObject({ title: 'Renamed', favourite: true, tags: ['jazz'], noteCount: 5 })
    expect(
      pieceHistory(store.db, id).map((h) => [h.label, h.piece.tracks[0].notes.length])
    ).toEqual([
      ['erase', 9],
      ['quantize', 3]
    ])
    expect(() => updatePieceNotes(store.db, 999_999, piece('x'))).toThrow(/no piece/)
    store.deletePiece(id)
    expect(getPiece(store.db, id)).toBeUndefined()
    expect(
      store.db.prepare('SELECT count(*) AS n FROM piece_revisions WHERE piece_id = ?').get(id)
    ).toEqual({ n: 0 })
  })
})

describe('revision history is bounded (issue 11 item 7)', () => {
  const origin = { origin: 'imported' as const }
  const history = (id: number) =>
    store.db
      .prepare(
        'SELECT count(*) AS n, sum(length(piece_json)) AS bytes FROM piece_revisions WHERE piece_id = ?'
      )
      .get(id) as { n: number; bytes: number }

  it('keeps at most MAX_REVISIONS of a small piece, the newest ones', () => {
    const id = store.savePiece('small', piece('small', 2), origin)
    for (let i = 0; i < MAX_REVISIONS + 5; i++)
      updatePieceNotes(store.db, id, piece('small', 3 + i), `edit ${i}`)
    expect(history(id).n).toBe(MAX_REVISIONS)
    expect(pieceHistory(store.db, id)[0].label).toBe(`edit ${MAX_REVISIONS + 4}`)
  })

  it('keeps at most MAX_REVISION_BYTES of a big piece (60,000 notes), always the newest', () => {
    const big = piece('big', 60_000)
    const size = JSON.stringify(big).length
    const id = store.savePiece('big', big, origin)
    for (let i = 0; i < 8; i++) updatePieceNotes(store.db, id, big, `edit ${i}`)
    const h = history(id)
    expect(h.bytes).toBeLessThanOrEqual(MAX_REVISION_BYTES)
    expect(h.n).toBe(Math.floor(MAX_REVISION_BYTES / size))
    expect(pieceHistory(store.db, id)[0].label).toBe('edit 7')
  })
})
