import type { Db } from './db'
import type { FileStatus } from './types'

/** A dataset row: its config and the cache file of its tensors (relative path, checksum, size). */
export interface DatasetRecord {
  id: number
  name: string
  config: unknown
  status: 'importing' | 'ready' | 'failed' | 'cancelled'
  cachePath: string | null
  cacheSha256: string | null
  cacheSize: number | null
  fileStatus: FileStatus
  createdAt: number
  updatedAt: number
  fileCount: number
  errorCount: number
}

/** One imported file's report, kept as the importer produced it. */
export interface DatasetFileReport {
  path: string
  ok: boolean
  report: unknown
}

const COLS = `d.id, d.name, d.config_json AS config, d.status, d.cache_path AS cachePath,
  d.cache_sha256 AS cacheSha256, d.cache_size AS cacheSize, d.file_status AS fileStatus,
  d.created_at AS createdAt, d.updated_at AS updatedAt,
  (SELECT count(*) FROM dataset_files f WHERE f.dataset_id = d.id) AS fileCount,
  (SELECT count(*) FROM dataset_files f WHERE f.dataset_id = d.id AND f.ok = 0) AS errorCount`

const parse = (r: DatasetRecord | undefined) =>
  r && { ...r, config: JSON.parse(r.config as string) }

/** Create a dataset in 'importing' state; returns its id (names are unique). */
export function createDataset(db: Db, name: string, config: unknown = {}): number {
  const now = Date.now()
  return Number(
    db
      .prepare(
        'INSERT INTO datasets (name, config_json, created_at, updated_at) VALUES (?, ?, ?, ?)'
      )
      .run(name, JSON.stringify(config), now, now).lastInsertRowid
  )
}

/** Store import reports of files (batched by the importer; replaces a report of the same path). */
export function addDatasetFiles(db: Db, id: number, files: readonly DatasetFileReport[]): void {
  const ins = db.prepare(
    `INSERT INTO dataset_files (dataset_id, path, ok, report_json) VALUES (?, ?, ?, ?)
     ON CONFLICT (dataset_id, path) DO UPDATE SET ok = excluded.ok, report_json = excluded.report_json`
  )
  db.transaction(() => {
    for (const f of files) ins.run(id, f.path, f.ok ? 1 : 0, JSON.stringify(f.report))
  }).immediate()
}

/** Finish an import: status, and the cache file written with writeFileAtomic (path relative). */
export function setDatasetCache(
  db: Db,
  id: number,
  status: DatasetRecord['status'],
  cache?: { path: string; sha256: string; size: number }
): void {
  db.prepare(
    `UPDATE datasets SET status = ?, cache_path = ?, cache_sha256 = ?, cache_size = ?,
     file_status = 'ok', updated_at = ? WHERE id = ?`
  ).run(status, cache?.path ?? null, cache?.sha256 ?? null, cache?.size ?? null, Date.now(), id)
}

/** Replace a dataset's config (segments, labels filter...). */
export function setDatasetConfig(db: Db, id: number, config: unknown): void {
  db.prepare('UPDATE datasets SET config_json = ?, updated_at = ? WHERE id = ?').run(
    JSON.stringify(config),
    Date.now(),
    id
  )
}

/** Every dataset with file and error counts, newest first. */
export function listDatasets(db: Db): DatasetRecord[] {
  return (
    db
      .prepare(`SELECT ${COLS} FROM datasets d ORDER BY d.created_at DESC, d.id DESC`)
      .all() as DatasetRecord[]
  ).map((r) => parse(r)!)
}

/** One dataset, or undefined. */
export function getDataset(db: Db, id: number): DatasetRecord | undefined {
  return parse(db.prepare(`SELECT ${COLS} FROM datasets d WHERE d.id = ?`).get(id) as DatasetRecord)
}

/** A dataset's per-file import reports, in path order. */
export function datasetFiles(db: Db, id: number): DatasetFileReport[] {
  const rows = db
    .prepare(
      'SELECT path, ok, report_json AS report FROM dataset_files WHERE dataset_id = ? ORDER BY path'
    )
    .all(id) as { path: string; ok: number; report: string }[]
  return rows.map((r) => ({ path: r.path, ok: r.ok === 1, report: JSON.parse(r.report) }))
}

/** Rename a dataset. */
export function renameDataset(db: Db, id: number, name: string): void {
  db.prepare('UPDATE datasets SET name = ?, updated_at = ? WHERE id = ?').run(name, Date.now(), id)
}

/** Delete a dataset's rows (reports cascade; runs and pieces keep their rows with dataset unset). */
export function deleteDatasetRows(db: Db, id: number): string | null {
  return db
    .transaction(() => {
      const r = db.prepare('SELECT cache_path AS p FROM datasets WHERE id = ?').get(id) as
        { p: string | null } | undefined
      db.prepare(`DELETE FROM evaluations WHERE subject_kind = 'dataset' AND subject_id = ?`).run(
        id
      )
      db.prepare('DELETE FROM datasets WHERE id = ?').run(id)
      return r?.p ?? null
    })
    .immediate()
}
