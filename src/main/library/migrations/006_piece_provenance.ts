import type { Migration } from './types'

/**
 * Version 6: a generated piece records the key it was moved to and the noise's scale (with its model and seed); a
 * piece's track count is the tracks that play (a generated piece held 17, most of them empty).
 */
export const migration006: Migration = {
  version: 6,
  name: 'piece provenance',
  steps: [
    'ALTER TABLE pieces ADD COLUMN transpose INTEGER',
    'ALTER TABLE pieces ADD COLUMN variety REAL',
    `UPDATE pieces SET track_count = (
       SELECT count(*) FROM piece_notes n, json_each(n.piece_json, '$.tracks') t
       WHERE n.piece_id = pieces.id AND json_array_length(t.value, '$.notes') > 0)`
  ]
}
