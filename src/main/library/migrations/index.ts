import type Database from 'better-sqlite3'
import { migration001 } from './001_init'
import { migration002 } from './002_pieces'
import { migration003 } from './003_rollup'
import { migration004 } from './004_marks'
import { migration005 } from './005_ownership'
import { migration006 } from './006_piece_provenance'
import type { Migration } from './types'

export type { Migration, MigrationStep } from './types'

/** Every migration in order; version N is at index N - 1. Add new ones at the end, never edit a shipped one. */
export const MIGRATIONS: readonly Migration[] = [
  migration001,
  migration002,
  migration003,
  migration004,
  migration005,
  migration006
]

/** The schema version this code expects. */
export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version

/** Options for migrate(); the hooks exist for the S3 fault-injection tests. */
export interface MigrateOptions {
  /** Stop at this version (default: latest). */
  target?: number
  /** Called before each step, and once more before the version bump (index = steps.length), inside the transaction. */
  beforeStep?: (version: number, stepIndex: number) => void
}

/** The database's schema version (PRAGMA user_version). */
export function schemaVersion(db: Database.Database): number {
  return Number(db.pragma('user_version', { simple: true }))
}

/** Apply one migration and its user_version bump in one transaction; a throw or kill leaves the previous version. */
function applyOne(db: Database.Database, m: Migration, options: MigrateOptions): void {
  db.transaction(() => {
    // Read under the write lock: another process may have migrated since we looked.
    if (schemaVersion(db) >= m.version) return
    m.steps.forEach((step, i) => {
      options.beforeStep?.(m.version, i)
      if (typeof step === 'string') db.exec(step)
      else step(db)
    })
    options.beforeStep?.(m.version, m.steps.length)
    const broken = db.pragma('foreign_key_check') as unknown[]
    if (broken.length)
      throw new Error(`migration ${m.version} left ${broken.length} broken foreign keys`)
    db.pragma(`user_version = ${m.version}`)
  }).immediate()
}

/** Bring the schema up to the target version, one transaction per migration. Returns the versions applied. */
export function migrate(db: Database.Database, options: MigrateOptions = {}): number[] {
  const target = options.target ?? LATEST_VERSION
  const current = schemaVersion(db)
  if (current > LATEST_VERSION)
    throw new Error(`library schema ${current} is newer than this app (${LATEST_VERSION})`)
  const applied: number[] = []
  for (const m of MIGRATIONS) {
    if (m.version <= current || m.version > target) continue
    applyOne(db, m, options)
    applied.push(m.version)
  }
  return applied
}
