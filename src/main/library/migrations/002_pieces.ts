import type { Migration } from './types'

/** Version 2: pieces (notes, edit history, tags), evaluations and listening-test answers. */
export const migration002: Migration = {
  version: 2,
  name: 'pieces',
  steps: [
    `CREATE TABLE pieces (
      id INTEGER PRIMARY KEY,
      title TEXT NOT NULL,
      origin TEXT NOT NULL
        CHECK (origin IN ('generated', 'sample', 'imported', 'edited', 'new')),
      run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL,
      checkpoint_id INTEGER REFERENCES checkpoints(id) ON DELETE SET NULL,
      seed INTEGER,
      threshold REAL,
      raw_file TEXT,
      source_file TEXT,
      dataset_id INTEGER REFERENCES datasets(id) ON DELETE SET NULL,
      sample_id INTEGER REFERENCES samples(id) ON DELETE SET NULL,
      from_piece_id INTEGER REFERENCES pieces(id) ON DELETE SET NULL,
      favourite INTEGER NOT NULL DEFAULT 0 CHECK (favourite IN (0, 1)),
      track_count INTEGER NOT NULL DEFAULT 0,
      note_count INTEGER NOT NULL DEFAULT 0,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    )`,
    `CREATE INDEX pieces_updated ON pieces (updated_at, id)`,
    `CREATE INDEX pieces_created ON pieces (created_at, id)`,
    `CREATE INDEX pieces_title ON pieces (title COLLATE NOCASE, id)`,
    `CREATE INDEX pieces_fav ON pieces (favourite, updated_at, id)`,
    `CREATE INDEX pieces_run ON pieces (run_id, updated_at, id)`,
    `CREATE INDEX pieces_checkpoint ON pieces (checkpoint_id)`,
    `CREATE INDEX pieces_dataset ON pieces (dataset_id)`,
    `CREATE INDEX pieces_sample ON pieces (sample_id)`,
    `CREATE INDEX pieces_from_piece ON pieces (from_piece_id)`,
    `CREATE TABLE piece_notes (
      piece_id INTEGER PRIMARY KEY REFERENCES pieces(id) ON DELETE CASCADE,
      piece_json TEXT NOT NULL
    )`,
    `CREATE TABLE piece_revisions (
      id INTEGER PRIMARY KEY,
      piece_id INTEGER NOT NULL REFERENCES pieces(id) ON DELETE CASCADE,
      label TEXT NOT NULL,
      piece_json TEXT NOT NULL,
      created_at INTEGER NOT NULL
    )`,
    `CREATE INDEX piece_revisions_piece ON piece_revisions (piece_id, id)`,
    `CREATE TABLE piece_tags (
      piece_id INTEGER NOT NULL REFERENCES pieces(id) ON DELETE CASCADE,
      tag TEXT NOT NULL COLLATE NOCASE,
      PRIMARY KEY (piece_id, tag)
    ) WITHOUT ROWID`,
    `CREATE INDEX piece_tags_tag ON piece_tags (tag, piece_id)`,
    `CREATE TABLE evaluations (
      id INTEGER PRIMARY KEY,
      subject_kind TEXT NOT NULL
        CHECK (subject_kind IN ('dataset', 'run', 'checkpoint', 'sample', 'piece')),
      subject_id INTEGER NOT NULL,
      metric TEXT NOT NULL,
      variant TEXT NOT NULL DEFAULT '',
      value REAL NOT NULL,
      created_at INTEGER NOT NULL,
      UNIQUE (subject_kind, subject_id, metric, variant)
    )`,
    `CREATE TABLE listening_answers (
      id INTEGER PRIMARY KEY,
      run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL,
      test_id TEXT NOT NULL,
      listener TEXT NOT NULL,
      pair INTEGER NOT NULL,
      piece_a_id INTEGER REFERENCES pieces(id) ON DELETE SET NULL,
      piece_b_id INTEGER REFERENCES pieces(id) ON DELETE SET NULL,
      generated_side TEXT NOT NULL CHECK (generated_side IN ('a', 'b')),
      picked TEXT NOT NULL CHECK (picked IN ('a', 'b')),
      ratings_json TEXT NOT NULL DEFAULT '{}',
      created_at INTEGER NOT NULL,
      UNIQUE (test_id, listener, pair)
    )`,
    `CREATE INDEX listening_run ON listening_answers (run_id)`,
    `CREATE INDEX listening_piece_a ON listening_answers (piece_a_id)`,
    `CREATE INDEX listening_piece_b ON listening_answers (piece_b_id)`
  ]
}
