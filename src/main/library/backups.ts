// Backups on a schedule and what happens when the library file is damaged (issue 11 item 9): the error names the file
// and the newest backup, and restoreBackup() puts that backup in place, keeping the damaged file beside it.
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs'
import { basename, join } from 'node:path'
import { backupLibrary } from './backup'
import type { Db } from './db'

/** Folder of the backups, inside the data folder. */
export const BACKUP_DIR = 'backups'
/** Backups kept (the oldest goes first). */
export const KEEP_BACKUPS = 3
/** A new backup once the newest is this old. */
export const BACKUP_EVERY_MS = 24 * 60 * 60 * 1000

const NAME = /^library-(\d{8}T\d{6}Z)\.sqlite$/

function stamp(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')
}

function timeOf(name: string): number {
  const s = NAME.exec(name)![1]
  return Date.parse(
    `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 11)}:${s.slice(11, 13)}:${s.slice(13)}`
  )
}

/** The data folder's backups, newest first. */
export function listBackups(dataDir: string): { file: string; at: number }[] {
  const dir = join(dataDir, BACKUP_DIR)
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .filter((n) => NAME.test(n))
    .sort()
    .reverse()
    .map((n) => ({ file: join(dir, n), at: timeOf(n) }))
}

/** Back the library up when the newest backup is BACKUP_EVERY_MS old (or there is none); keeps KEEP_BACKUPS. */
export async function backupIfDue(
  db: Db,
  dataDir: string,
  now = Date.now()
): Promise<string | null> {
  const newest = listBackups(dataDir)[0]
  if (newest && now - newest.at < BACKUP_EVERY_MS) return null
  mkdirSync(join(dataDir, BACKUP_DIR), { recursive: true })
  const file = join(dataDir, BACKUP_DIR, `library-${stamp(now)}.sqlite`)
  const tmp = `${file}.tmp`
  try {
    await backupLibrary(db, tmp)
    renameSync(tmp, file)
  } finally {
    rmSync(tmp, { force: true })
  }
  for (const old of listBackups(dataDir).slice(KEEP_BACKUPS)) rmSync(old.file, { force: true })
  return file
}

/** Check every hour (first a minute after start) and back up when due; returns stop(). Failures are logged only. */
export function scheduleBackups(db: Db, dataDir: string): () => void {
  const check = () => {
    if (db.open)
      backupIfDue(db, dataDir).catch((err) => console.error('library backup failed:', err))
  }
  const first = setTimeout(check, 60_000).unref()
  const every = setInterval(check, 60 * 60 * 1000).unref()
  return () => {
    clearTimeout(first)
    clearInterval(every)
  }
}

/** The library file cannot be read: it names the file and the newest backup, if any. */
export class LibraryDamagedError extends Error {
  constructor(
    readonly file: string,
    readonly backup: { file: string; at: number } | null,
    /** SQLite's words for the damage (first line). */
    readonly detail: string
  ) {
    super(
      `The library database ${file} is damaged (${detail}). ` +
        (backup
          ? `The last backup is ${backup.file}, from ${new Date(backup.at).toISOString()}: restore it ` +
            `(the damaged file is kept beside it as ${basename(file)}.damaged-…).`
          : 'There is no backup of it yet.')
    )
    this.name = 'LibraryDamagedError'
  }
}

/** True for SQLite's "this is not a (healthy) database" errors. */
export function isDamaged(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') return true
  const text = err instanceof Error ? err.message : String(err)
  return /malformed|not a database|quick_check failed/i.test(text)
}

/**
 * Put a backup in place of the damaged library file (which is renamed, with its -wal and -shm, never deleted); returns
 * where the damaged file went. A second restore in the same second gets its own name: a rename over the first one's
 * would delete the composer's newest work.
 */
export function restoreBackup(dbFile: string, backupFile: string, now = Date.now()): string {
  let aside = `${dbFile}.damaged-${stamp(now)}`
  for (let n = 2; ['', '-wal', '-shm'].some((x) => existsSync(aside + x)); n++)
    aside = `${dbFile}.damaged-${stamp(now)}-${n}`
  // The copy goes in under a temporary name first, so a crash mid-copy never leaves half a database in place.
  const tmp = `${dbFile}.restoring.tmp`
  copyFileSync(backupFile, tmp)
  for (const suffix of ['', '-wal', '-shm'])
    if (existsSync(dbFile + suffix)) renameSync(dbFile + suffix, aside + suffix)
  renameSync(tmp, dbFile)
  return aside
}
