import type { Migration } from './types'

/** Version 6: a generated piece records the key it was moved to and the noise's scale (with its model and seed). */
export const migration006: Migration = {
  version: 6,
  name: 'piece provenance',
  steps: [
    'ALTER TABLE pieces ADD COLUMN transpose INTEGER',
    'ALTER TABLE pieces ADD COLUMN variety REAL'
  ]
}
