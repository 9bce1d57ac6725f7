import type { Migration } from './types'

const FILE_STATUS = `file_status TEXT NOT NULL DEFAULT 'ok' CHECK (file_status IN ('ok', 'missing', 'corrupt'))`

/** Version 1: datasets with per-file import reports, runs, per-step metrics, checkpoints and samples. */
export const migration001: Migration = {
  version: 1,
  name: 'init',
  steps: [
    `CREATE TABLE datasets (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL UNIQUE,
      config_json TEXT NOT NULL DEFAULT '{}',
      status TEXT NOT NULL DEFAULT 'importing'
        CHECK (status IN ('importing', 'ready', 'failed', 'cancelled')),
      cache_path TEXT,
      cache_sha256 TEXT,
      cache_size INTEGER,
      ${FILE_STATUS},
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    )`,
    `CREATE TABLE dataset_files (
      id INTEGER PRIMARY KEY,
      dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
      path TEXT NOT NULL,
      ok INTEGER NOT NULL CHECK (ok IN (0, 1)),
      report_json TEXT NOT NULL,
      UNIQUE (dataset_id, path)
    )`,
    `CREATE TABLE runs (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      dataset_id INTEGER REFERENCES datasets(id) ON DELETE SET NULL,
      preset TEXT NOT NULL,
      config_json TEXT NOT NULL,
      backend TEXT,
      backend_reason TEXT,
      status TEXT NOT NULL DEFAULT 'created' CHECK (status IN
        ('created', 'running', 'paused', 'stopped', 'completed', 'failed', 'deleting')),
      error TEXT,
      resumed_from_run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL,
      resume_count INTEGER NOT NULL DEFAULT 0,
      resumed_at INTEGER,
      created_at INTEGER NOT NULL,
      started_at INTEGER,
      updated_at INTEGER NOT NULL,
      finished_at INTEGER
    )`,
    `CREATE INDEX runs_dataset ON runs (dataset_id)`,
    `CREATE INDEX runs_resumed_from ON runs (resumed_from_run_id)`,
    `CREATE TABLE metrics (
      run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
      step INTEGER NOT NULL,
      epoch INTEGER NOT NULL,
      g_loss REAL,
      d_loss REAL,
      gp REAL,
      w_dist REAL,
      lr_g REAL,
      lr_d REAL,
      wall_ms REAL,
      PRIMARY KEY (run_id, step)
    ) WITHOUT ROWID`,
    `CREATE TABLE checkpoints (
      id INTEGER PRIMARY KEY,
      run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
      epoch INTEGER NOT NULL,
      step INTEGER NOT NULL,
      file TEXT NOT NULL,
      sha256 TEXT NOT NULL,
      size INTEGER NOT NULL,
      ${FILE_STATUS},
      created_at INTEGER NOT NULL,
      UNIQUE (run_id, step)
    )`,
    `CREATE TABLE samples (
      id INTEGER PRIMARY KEY,
      run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
      epoch INTEGER NOT NULL,
      step INTEGER,
      seed INTEGER,
      raw_file TEXT,
      raw_sha256 TEXT,
      raw_size INTEGER,
      ${FILE_STATUS},
      piece_json TEXT NOT NULL,
      created_at INTEGER NOT NULL
    )`,
    `CREATE INDEX samples_run ON samples (run_id, epoch)`
  ]
}
