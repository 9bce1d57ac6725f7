import type Database from 'better-sqlite3'

/** One step of a migration: a single SQL statement, or a function for data moves that SQL alone cannot express. */
export type MigrationStep = string | ((db: Database.Database) => void)

/** One schema version: applied in one transaction together with its PRAGMA user_version bump (S3). */
export interface Migration {
  version: number
  name: string
  steps: MigrationStep[]
}
