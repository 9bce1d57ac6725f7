import type { Piece } from '../../shared/music/piece'
import type { Db } from './db'
import type { FileStatus } from './types'

/** A sample the trainer generated at an epoch: raw output file (relative) and its binarised piece. */
export interface SampleRecord {
  id: number
  runId: number
  epoch: number
  step: number | null
  seed: number | null
  rawFile: string | null
  rawSha256: string | null
  rawSize: number | null
  fileStatus: FileStatus
  piece: Piece
  createdAt: number
}

/** What the trainer reports for a new sample. */
export interface NewSample {
  epoch: number
  step?: number | null
  seed?: number | null
  rawFile?: string | null
  rawSha256?: string | null
  rawSize?: number | null
  piece: Piece
}

const COLS = `id, run_id AS runId, epoch, step, seed, raw_file AS rawFile, raw_sha256 AS rawSha256,
  raw_size AS rawSize, file_status AS fileStatus, piece_json AS piece, created_at AS createdAt`

const parse = (r: SampleRecord) => ({ ...r, piece: JSON.parse(r.piece as unknown as string) })

/** Store a sample; returns its id. */
export function addSample(db: Db, runId: number, s: NewSample): number {
  const r = db
    .prepare(
      `INSERT INTO samples (run_id, epoch, step, seed, raw_file, raw_sha256, raw_size, piece_json,
       created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`
    )
    .run(
      runId,
      s.epoch,
      s.step ?? null,
      s.seed ?? null,
      s.rawFile ?? null,
      s.rawSha256 ?? null,
      s.rawSize ?? null,
      JSON.stringify(s.piece),
      Date.now()
    )
  return Number(r.lastInsertRowid)
}

/** A run's samples, optionally of one epoch (the sample grid compares runs at the same epochs). */
export function listSamples(db: Db, runId: number, epoch?: number): SampleRecord[] {
  const rows =
    epoch === undefined
      ? db.prepare(`SELECT ${COLS} FROM samples WHERE run_id = ? ORDER BY epoch, id`).all(runId)
      : db
          .prepare(`SELECT ${COLS} FROM samples WHERE run_id = ? AND epoch = ? ORDER BY id`)
          .all(runId, epoch)
  return (rows as SampleRecord[]).map(parse)
}

/** One sample by id. */
export function getSample(db: Db, id: number): SampleRecord | undefined {
  const r = db.prepare(`SELECT ${COLS} FROM samples WHERE id = ?`).get(id) as SampleRecord
  return r && parse(r)
}

/** Delete one sample row; returns its raw file (relative) for the caller to unlink. */
export function deleteSample(db: Db, id: number): string | null {
  const r = db.prepare('SELECT raw_file AS f FROM samples WHERE id = ?').get(id) as
    { f: string | null } | undefined
  db.prepare('DELETE FROM samples WHERE id = ?').run(id)
  return r?.f ?? null
}
