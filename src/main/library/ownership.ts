// What the app may delete in its data folder, and where it puts what it may not: a delete is recorded in
// pending_deletes in the same transaction that removes the owning row, so a crash between the commit and the
// unlink is finished at the next start; anything the library did not record is moved aside, never deleted.
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs'
import { dirname } from 'node:path'
import type { DataFiles } from './dataFiles'
import type { Db } from './db'

/** Folder (in the data folder) where files the library does not know are moved at start, by time of the move. */
export const QUARANTINE_DIR = 'quarantine'

/** A file or folder moved aside at start (relative paths). */
export interface Moved {
  from: string
  to: string
}

/** Record relative paths as owned and to be deleted; call inside the transaction that deletes their rows. */
export function recordPendingDeletes(db: Db, paths: readonly string[]): void {
  const ins = db.prepare(
    'INSERT INTO pending_deletes (path, created_at) VALUES (?, ?) ON CONFLICT (path) DO NOTHING'
  )
  const now = Date.now()
  for (const p of paths) ins.run(p, now)
}

/** Delete recorded paths (files or folders) and then their records; returns the paths finished. */
export function finishPendingDeletes(db: Db, files: DataFiles, only?: readonly string[]): string[] {
  const all = db.prepare('SELECT path FROM pending_deletes').pluck().all() as string[]
  const paths = only ? all.filter((p) => only.includes(p)) : all
  const done = db.prepare('DELETE FROM pending_deletes WHERE path = ?')
  for (const p of paths) {
    rmSync(files.toAbs(p), { recursive: true, force: true })
    done.run(p)
  }
  return paths
}

/** A new quarantine folder's relative path for this start (one per start, named by time). */
export function quarantineStamp(now = new Date()): string {
  return `${QUARANTINE_DIR}/${now.toISOString().replace(/[:.]/g, '-')}`
}

/** Move relative paths (files or folders) under the quarantine folder, keeping their relative layout. */
export function moveAside(files: DataFiles, paths: readonly string[], stamp: string): Moved[] {
  const moved: Moved[] = []
  for (const p of paths) {
    const from = files.toAbs(p)
    if (!existsSync(from)) continue
    let to = `${stamp}/${p}`
    for (let i = 2; existsSync(files.toAbs(to)); i++) to = `${stamp}-${i}/${p}`
    mkdirSync(dirname(files.toAbs(to)), { recursive: true })
    renameSync(from, files.toAbs(to))
    moved.push({ from: p, to })
  }
  return moved
}

/** This database's id (made when it was created or migrated to version 5; a copy keeps it). */
export function libraryId(db: Db): string {
  return db.prepare(`SELECT value FROM meta WHERE key = 'library_id'`).pluck().get() as string
}
