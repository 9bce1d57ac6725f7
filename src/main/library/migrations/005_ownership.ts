import { randomUUID } from 'node:crypto'
import type { Migration } from './types'

/**
 * Version 5: what the start-up repair may delete. `pending_deletes` records folders and files the app owns and
 * has decided to delete (committed with the row's delete; a crash before the unlink is finished at start);
 * `meta.library_id` names this database, so first start can tell an emptied or replaced database from its own.
 */
export const migration005: Migration = {
  version: 5,
  name: 'ownership',
  steps: [
    `CREATE TABLE pending_deletes (
      path TEXT PRIMARY KEY,
      created_at INTEGER NOT NULL
    ) WITHOUT ROWID`,
    `CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID`,
    (db) => db.prepare(`INSERT INTO meta (key, value) VALUES ('library_id', ?)`).run(randomUUID())
  ]
}
