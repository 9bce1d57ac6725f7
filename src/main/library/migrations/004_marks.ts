import type { Migration } from './types'

/** Version 4: favourite flags and tags for runs and datasets, stored like the pieces' ones. */
export const migration004: Migration = {
  version: 4,
  name: 'marks',
  steps: [
    `ALTER TABLE runs ADD COLUMN favourite INTEGER NOT NULL DEFAULT 0 CHECK (favourite IN (0, 1))`,
    `ALTER TABLE datasets ADD COLUMN favourite INTEGER NOT NULL DEFAULT 0 CHECK (favourite IN (0, 1))`,
    `CREATE TABLE run_tags (
      run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
      tag TEXT NOT NULL COLLATE NOCASE,
      PRIMARY KEY (run_id, tag)
    ) WITHOUT ROWID`,
    `CREATE INDEX run_tags_tag ON run_tags (tag, run_id)`,
    `CREATE TABLE dataset_tags (
      dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
      tag TEXT NOT NULL COLLATE NOCASE,
      PRIMARY KEY (dataset_id, tag)
    ) WITHOUT ROWID`,
    `CREATE INDEX dataset_tags_tag ON dataset_tags (tag, dataset_id)`
  ]
}
