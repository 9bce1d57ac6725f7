import type { Db } from './db'
import { stmt } from './statements'
import { PIECE_COLS, toSummary, type PieceSummaryRow } from './pieces'

/** Where the next page starts: the sort value and id of the last row seen (keyset pagination). */
export interface PieceCursor {
  value: string | number
  id: number
}

/** Search, filter, sort and page the pieces list. */
export interface PieceQuery {
  /** Substring of the title, or a tag prefix. */
  search?: string
  /** Only pieces with this tag (case-insensitive). */
  tag?: string
  favourite?: boolean
  runId?: number
  origin?: PieceSummaryRow['origin']
  sort?: 'updated' | 'created' | 'title'
  order?: 'asc' | 'desc'
  limit?: number
  /** Keyset: continue after this row (fast at any depth). */
  after?: PieceCursor
  /** Offset paging (for page numbers); ignored when `after` is given. */
  offset?: number
  /** Also count every match (one extra query). */
  withTotal?: boolean
}

/** One page of pieces and the cursor of the next one (null at the end). */
export interface PiecePage {
  items: PieceSummaryRow[]
  next: PieceCursor | null
  total?: number
}

const SORT = {
  updated: { col: 'p.updated_at', key: 'updatedAt' },
  created: { col: 'p.created_at', key: 'createdAt' },
  title: { col: 'p.title COLLATE NOCASE', key: 'title' }
} as const

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`)

function filters(q: PieceQuery): { where: string[]; args: unknown[] } {
  const where: string[] = []
  const args: unknown[] = []
  if (q.search?.trim()) {
    const s = escapeLike(q.search.trim())
    where.push(`(p.title LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM piece_tags t
      WHERE t.piece_id = p.id AND t.tag LIKE ? ESCAPE '\\'))`)
    args.push(`%${s}%`, `${s}%`)
  }
  if (q.tag !== undefined) {
    where.push('EXISTS (SELECT 1 FROM piece_tags t WHERE t.piece_id = p.id AND t.tag = ?)')
    args.push(q.tag.trim())
  }
  if (q.favourite !== undefined) {
    where.push('p.favourite = ?')
    args.push(q.favourite ? 1 : 0)
  }
  if (q.runId !== undefined) {
    where.push('p.run_id = ?')
    args.push(q.runId)
  }
  if (q.origin !== undefined) {
    where.push('p.origin = ?')
    args.push(q.origin)
  }
  return { where, args }
}

/** A page of the pieces list; indexes on (sort key, id) keep keyset pages fast at 10k pieces (L1). */
export function listPieces(db: Db, q: PieceQuery = {}): PiecePage {
  const sort = SORT[q.sort ?? 'updated']
  const desc = (q.order ?? (q.sort === 'title' ? 'asc' : 'desc')) === 'desc'
  const limit = Math.min(Math.max(q.limit ?? 50, 1), 500)
  const { where, args } = filters(q)
  const total =
    q.withTotal === true
      ? (
          stmt(
            db,
            `SELECT count(*) AS n FROM pieces p ${where.length ? 'WHERE ' + where.join(' AND ') : ''}`
          ).get(...args) as { n: number }
        ).n
      : undefined
  const pageWhere = [...where]
  const pageArgs = [...args]
  if (q.after) {
    const op = desc ? '<' : '>'
    pageWhere.push(`(${sort.col} ${op} ? OR (${sort.col} = ? AND p.id ${op} ?))`)
    pageArgs.push(q.after.value, q.after.value, q.after.id)
  }
  const dir = desc ? 'DESC' : 'ASC'
  const rows = stmt(
    db,
    `SELECT ${PIECE_COLS} FROM pieces p ${pageWhere.length ? 'WHERE ' + pageWhere.join(' AND ') : ''}
       ORDER BY ${sort.col} ${dir}, p.id ${dir} LIMIT ? OFFSET ?`
  ).all(...pageArgs, limit + 1, q.after ? 0 : (q.offset ?? 0)) as Record<string, unknown>[]
  const items = rows.slice(0, limit).map(toSummary)
  const last = items[items.length - 1]
  const next =
    rows.length > limit && last ? { value: last[sort.key] as string | number, id: last.id } : null
  return { items, next, total }
}
