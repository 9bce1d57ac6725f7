import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { migrate, type MigrateOptions } from './migrations'

/** A better-sqlite3 connection (re-exported so callers need not import the driver's types). */
export type Db = Database.Database

/** Options for openLibraryDb. */
export interface OpenOptions {
  /** Busy timeout in ms (S1: at least 5000). */
  busyTimeoutMs?: number
  /** 1 = NORMAL (the library), 2 = FULL (where a caller decides durability must survive power loss). */
  synchronous?: 1 | 2
  /** Run migrations to the latest version (default true); false opens an existing file as it is. */
  migrate?: boolean
  /** Passed through to migrate() (tests use it to stop at a version or inject faults). */
  migrateOptions?: MigrateOptions
  /** Skip PRAGMA quick_check (only for short-lived helper connections that just opened the file elsewhere). */
  skipQuickCheck?: boolean
  readonly?: boolean
  /**
   * Take the data folder's lock for this process as this mode ('desktop', 'serve', 'cli import'...) before
   * opening; composition roots do, helper connections in the holder's own workers and tests do not.
   */
  lockAs?: string
}

/** The pragmas a library connection must have, as read back after opening (S1). */
export interface PragmaState {
  journalMode: string
  synchronous: number
  foreignKeys: number
  busyTimeout: number
}

/** WAL stays bounded (L4): after a checkpoint the WAL file is truncated to at most this size. */
const JOURNAL_SIZE_LIMIT = 64 * 1024 * 1024

/** Read the S1 pragmas back from a connection. */
export function readPragmas(db: Db): PragmaState {
  return {
    journalMode: String(db.pragma('journal_mode', { simple: true })),
    synchronous: Number(db.pragma('synchronous', { simple: true })),
    foreignKeys: Number(db.pragma('foreign_keys', { simple: true })),
    busyTimeout: Number(db.pragma('busy_timeout', { simple: true }))
  }
}

/** Throw unless the connection has WAL, the asked synchronous level, foreign keys on and a busy timeout >= 5000 (S1). */
export function assertPragmas(db: Db, synchronous: number): void {
  const p = readPragmas(db)
  const bad: string[] = []
  if (p.journalMode !== 'wal') bad.push(`journal_mode=${p.journalMode}`)
  if (p.synchronous !== synchronous) bad.push(`synchronous=${p.synchronous}`)
  if (p.foreignKeys !== 1) bad.push(`foreign_keys=${p.foreignKeys}`)
  if (p.busyTimeout < 5000) bad.push(`busy_timeout=${p.busyTimeout}`)
  if (bad.length) throw new Error(`library pragmas not as required: ${bad.join(', ')}`)
}

/** Run PRAGMA quick_check and throw with its findings unless it says ok (S1: on every start). */
export function assertQuickCheck(db: Db): void {
  const rows = db.pragma('quick_check') as { quick_check: string }[]
  if (rows.length !== 1 || rows[0].quick_check !== 'ok')
    throw new Error(`library quick_check failed: ${rows.map((r) => r.quick_check).join('; ')}`)
}

/**
 * Open (creating if needed) the library's SQLite file: WAL, synchronous NORMAL, foreign keys, busy timeout,
 * quick_check, then migrations. Runs under plain Node: no electron imports here.
 */
export function openLibraryDb(file: string, options: OpenOptions = {}): Db {
  const synchronous = options.synchronous ?? 1
  if (file !== ':memory:' && !options.readonly) mkdirSync(dirname(file), { recursive: true })
  const db = new Database(file, { readonly: options.readonly ?? false })
  try {
    db.pragma(`busy_timeout = ${Math.max(5000, options.busyTimeoutMs ?? 5000)}`)
    if (!options.readonly) db.pragma('journal_mode = WAL')
    db.pragma(`synchronous = ${synchronous}`)
    db.pragma('foreign_keys = ON')
    if (!options.readonly) db.pragma(`journal_size_limit = ${JOURNAL_SIZE_LIMIT}`)
    if (file !== ':memory:') assertPragmas(db, synchronous)
    if (!options.skipQuickCheck) assertQuickCheck(db)
    if (options.migrate !== false && !options.readonly) migrate(db, options.migrateOptions)
    return db
  } catch (err) {
    db.close()
    throw err
  }
}
