import type { Piece } from '../../shared/music/piece'
import type { Db } from './db'

/** Where a piece came from: a run's checkpoint (seed, threshold, raw output), a sample, an imported file, an edit. */
export interface PieceOrigin {
  origin: 'generated' | 'sample' | 'imported' | 'edited' | 'new'
  runId?: number | null
  checkpointId?: number | null
  seed?: number | null
  threshold?: number | null
  /** Semitones a generated piece's pitched tracks were moved (Compose's Key). */
  transpose?: number | null
  /** The noise's scale a generated piece was made with (1 = as trained). */
  variety?: number | null
  /** Raw generator output (relative to the data folder). */
  rawFile?: string | null
  /** The imported file's path as the composer chose it. */
  sourceFile?: string | null
  datasetId?: number | null
  sampleId?: number | null
  fromPieceId?: number | null
}

/** A pieces-list row (no notes). */
export interface PieceSummaryRow extends Required<PieceOrigin> {
  id: number
  title: string
  favourite: boolean
  trackCount: number
  noteCount: number
  tags: string[]
  createdAt: number
  updatedAt: number
  /** The run and checkpoint it came from as "Run, epoch N" (null when it has none, or either is gone). */
  model: string | null
}

/** A stored piece with its notes. */
export interface PieceRow extends PieceSummaryRow {
  piece: Piece
}

/** One entry of a piece's edit history: the edit's label and the piece as it was BEFORE it (to revert to). */
export interface PieceRevision {
  id: number
  label: string
  piece: Piece
  createdAt: number
}

/** Revisions kept per piece, oldest dropped first. */
export const MAX_REVISIONS = 100
/**
 * Bytes of revisions kept per piece, oldest dropped first, the newest always kept: 16 MB holds 28 revisions of the largest real
 * piece (0.57 MB) and 2 of a piece at the 100,000-note cap, where 100 full copies would be 56 MB to 650 MB.
 */
export const MAX_REVISION_BYTES = 16 * 1024 * 1024

/** Columns of a summary row, aliased to PieceSummaryRow's names. */
export const PIECE_COLS = `p.id, p.title, p.origin, p.run_id AS runId, p.checkpoint_id AS checkpointId,
  p.seed, p.threshold, p.transpose, p.variety, p.raw_file AS rawFile, p.source_file AS sourceFile, p.dataset_id AS datasetId,
  p.sample_id AS sampleId, p.from_piece_id AS fromPieceId, p.favourite, p.track_count AS trackCount,
  p.note_count AS noteCount, p.created_at AS createdAt, p.updated_at AS updatedAt,
  (SELECT group_concat(tag, char(31)) FROM piece_tags t WHERE t.piece_id = p.id) AS tags,
  (SELECT r.name || ', epoch ' || c.epoch FROM runs r, checkpoints c
    WHERE r.id = p.run_id AND c.id = p.checkpoint_id) AS model`

/** Turn a raw summary row (0/1 favourite, joined tags) into a PieceSummaryRow. */
export function toSummary(r: Record<string, unknown>): PieceSummaryRow {
  return {
    ...(r as unknown as PieceSummaryRow),
    favourite: r.favourite === 1,
    tags: r.tags ? String(r.tags).split('\u001f').sort() : []
  }
}

// Tracks that play: a generated piece holds all 17 families, most of them empty.
const counts = (p: Piece) => ({
  tracks: p.tracks.filter((t) => t.notes.length > 0).length,
  notes: p.tracks.reduce((n, t) => n + t.notes.length, 0)
})

function addRevision(db: Db, id: number, label: string, json: string, now: number): void {
  db.prepare(
    'INSERT INTO piece_revisions (piece_id, label, piece_json, created_at) VALUES (?, ?, ?, ?)'
  ).run(id, label, json, now)
  db.prepare(
    `DELETE FROM piece_revisions WHERE id IN (SELECT id FROM (SELECT id,
       row_number() OVER newest AS n, sum(length(piece_json)) OVER newest AS bytes
       FROM piece_revisions WHERE piece_id = ? WINDOW newest AS (ORDER BY id DESC))
     WHERE n > ? OR (n > 1 AND bytes > ?))`
  ).run(id, MAX_REVISIONS, MAX_REVISION_BYTES)
}

/** Store a new piece with its origin and tags; returns its id. */
export function createPiece(
  db: Db,
  title: string,
  piece: Piece,
  origin: PieceOrigin,
  tags: string[] = [],
  now = Date.now()
): number {
  return db
    .transaction(() => {
      const c = counts(piece)
      const id = Number(
        db
          .prepare(
            `INSERT INTO pieces (title, origin, run_id, checkpoint_id, seed, threshold, transpose, variety,
           raw_file, source_file, dataset_id, sample_id, from_piece_id, track_count, note_count,
           created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
          )
          .run(
            title,
            origin.origin,
            origin.runId ?? null,
            origin.checkpointId ?? null,
            origin.seed ?? null,
            origin.threshold ?? null,
            origin.transpose ?? null,
            origin.variety ?? null,
            origin.rawFile ?? null,
            origin.sourceFile ?? null,
            origin.datasetId ?? null,
            origin.sampleId ?? null,
            origin.fromPieceId ?? null,
            c.tracks,
            c.notes,
            now,
            now
          ).lastInsertRowid
      )
      db.prepare('INSERT INTO piece_notes (piece_id, piece_json) VALUES (?, ?)').run(
        id,
        JSON.stringify(piece)
      )
      setTags(db, id, tags)
      return id
    })
    .immediate()
}

/** One piece with notes, or undefined. */
export function getPiece(db: Db, id: number): PieceRow | undefined {
  const r = db
    .prepare(
      `SELECT ${PIECE_COLS}, n.piece_json AS piece FROM pieces p
       JOIN piece_notes n ON n.piece_id = p.id WHERE p.id = ?`
    )
    .get(id) as Record<string, unknown> | undefined
  return r && { ...toSummary(r), piece: JSON.parse(r.piece as string) }
}

/**
 * Replace a piece's notes, keeping the previous notes in its history under the edit's label (only old versions
 * are copied, so history costs nothing until a piece is edited).
 */
export function updatePieceNotes(db: Db, id: number, piece: Piece, label = 'edit'): void {
  db.transaction(() => {
    const now = Date.now()
    const json = JSON.stringify(piece)
    const c = counts(piece)
    const before = db
      .prepare('SELECT piece_json FROM piece_notes WHERE piece_id = ?')
      .pluck()
      .get(id)
    const r = db
      .prepare('UPDATE pieces SET track_count = ?, note_count = ?, updated_at = ? WHERE id = ?')
      .run(c.tracks, c.notes, now, id)
    if (!r.changes) throw new Error(`no piece ${id}`)
    addRevision(db, id, label, before as string, now)
    db.prepare('UPDATE piece_notes SET piece_json = ? WHERE piece_id = ?').run(json, id)
  }).immediate()
}

/** A piece's edit history, newest first. */
export function pieceHistory(db: Db, id: number): PieceRevision[] {
  const rows = db
    .prepare(
      `SELECT id, label, piece_json AS piece, created_at AS createdAt FROM piece_revisions
       WHERE piece_id = ? ORDER BY id DESC`
    )
    .all(id) as { id: number; label: string; piece: string; createdAt: number }[]
  return rows.map((r) => ({ ...r, piece: JSON.parse(r.piece) }))
}

/** Rename a piece. */
export function renamePiece(db: Db, id: number, title: string): void {
  db.prepare('UPDATE pieces SET title = ?, updated_at = ? WHERE id = ?').run(title, Date.now(), id)
}

/** Mark or unmark a piece as favourite. */
export function setFavourite(db: Db, id: number, favourite: boolean): void {
  db.prepare('UPDATE pieces SET favourite = ?, updated_at = ? WHERE id = ?').run(
    favourite ? 1 : 0,
    Date.now(),
    id
  )
}

/** Replace a piece's tags (trimmed, case-insensitively unique). */
export function setTags(db: Db, id: number, tags: readonly string[]): void {
  db.transaction(() => {
    db.prepare('DELETE FROM piece_tags WHERE piece_id = ?').run(id)
    const ins = db.prepare('INSERT OR IGNORE INTO piece_tags (piece_id, tag) VALUES (?, ?)')
    for (const t of tags) if (t.trim()) ins.run(id, t.trim())
  }).immediate()
}

/** Delete a piece (notes, tags, history cascade) and its evaluations; returns its raw file if any. */
export function deletePiece(db: Db, id: number): string | null {
  return db
    .transaction(() => {
      const r = db.prepare('SELECT raw_file AS f FROM pieces WHERE id = ?').get(id) as
        { f: string | null } | undefined
      db.prepare(`DELETE FROM evaluations WHERE subject_kind = 'piece' AND subject_id = ?`).run(id)
      db.prepare('DELETE FROM pieces WHERE id = ?').run(id)
      return r?.f ?? null
    })
    .immediate()
}
