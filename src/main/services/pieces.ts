import { ApiError } from '../../shared/api/errors'
import type { PieceSummary } from '../../shared/api/types'
import {
  getPiece,
  listPieces,
  renamePiece,
  setFavourite,
  setTags,
  updatePieceNotes,
  type LibraryStore,
  type PieceOrigin,
  type PieceSummaryRow
} from '../library/index'
import type { PiecesPort } from './ports'
import type { KeptGenerations } from './generation/kept'
import { isoTime, rowId } from './ids'

/** A library row as the API's piece summary. */
export function pieceSummary(r: PieceSummaryRow): PieceSummary {
  const generated = r.origin === 'generated' && r.seed !== null && r.threshold !== null
  return {
    id: String(r.id),
    title: r.title,
    tags: r.tags,
    favourite: r.favourite,
    createdAt: isoTime(r.createdAt),
    updatedAt: isoTime(r.updatedAt),
    trackCount: r.trackCount,
    noteCount: r.noteCount,
    source: r.origin,
    generatedFrom: generated
      ? {
          model: r.model,
          seed: r.seed!,
          threshold: r.threshold!,
          transpose: r.transpose ?? 0,
          variety: r.variety ?? 1
        }
      : null
  }
}

type SaveArgs = Parameters<PiecesPort['save']>[0]

/** What the library records of a saved piece's origin; a generated one's model and settings while it is kept. */
function originOf(origin: SaveArgs['origin'], kept: KeptGenerations): PieceOrigin {
  if (!origin) return { origin: 'new' }
  if (origin.kind === 'sample')
    return { origin: 'sample', sampleId: rowId(origin.sampleId, 'sample') }
  if (origin.kind === 'edited')
    return { origin: 'edited', fromPieceId: rowId(origin.fromPieceId, 'piece') }
  return { origin: 'generated', ...kept.provenance(origin.generationId, origin.index) }
}

/** The pieces domain over the SQLite library (src/main/library). */
export function libraryPieces(store: LibraryStore, kept: KeptGenerations): PiecesPort {
  const db = store.db
  const summary = (id: number) => {
    const row = getPiece(db, id)
    if (!row) throw new ApiError('not_found', 'that piece is not in the library any more', 'id')
    return row
  }
  return {
    list: ({ query, tag, favourite, sort, order, offset, limit }) => {
      const page = listPieces(db, {
        search: query,
        tag,
        favourite,
        sort,
        order,
        offset,
        limit: limit ?? 100,
        withTotal: true
      })
      return { items: page.items.map(pieceSummary), total: page.total ?? page.items.length }
    },
    get: ({ id }) => {
      const row = summary(rowId(id, 'piece'))
      return { ...pieceSummary(row), piece: row.piece }
    },
    save: ({ title, piece, origin }) => {
      const id = store.savePiece(title, { ...piece, title }, originOf(origin, kept))
      return pieceSummary(summary(id))
    },
    update: ({ id, title, tags, favourite, piece }) => {
      const n = rowId(id, 'piece')
      summary(n)
      db.transaction(() => {
        if (title !== undefined) renamePiece(db, n, title)
        if (tags !== undefined) setTags(db, n, tags)
        if (favourite !== undefined) setFavourite(db, n, favourite)
        if (piece !== undefined) updatePieceNotes(db, n, piece)
      })()
      return pieceSummary(summary(n))
    },
    remove: ({ id }) => {
      const n = rowId(id, 'piece')
      summary(n)
      store.deletePiece(n)
    }
  }
}
