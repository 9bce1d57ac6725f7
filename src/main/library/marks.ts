import type { Db } from './db'

/** What can carry a favourite flag and tags besides pieces. */
export type MarkKind = 'run' | 'dataset'

/** A subject's favourite flag and sorted tags. */
export interface Marks {
  favourite: boolean
  tags: string[]
}

// Fixed identifiers only: never interpolate caller text into SQL.
const TABLES = {
  run: { main: 'runs', tags: 'run_tags', key: 'run_id' },
  dataset: { main: 'datasets', tags: 'dataset_tags', key: 'dataset_id' }
} as const

/** Mark or unmark a run or dataset as favourite. */
export function setMarkFavourite(db: Db, kind: MarkKind, id: number, favourite: boolean): void {
  const t = TABLES[kind]
  db.prepare(`UPDATE ${t.main} SET favourite = ? WHERE id = ?`).run(favourite ? 1 : 0, id)
}

/** Replace a run's or dataset's tags (trimmed, case-insensitively unique). */
export function setMarkTags(db: Db, kind: MarkKind, id: number, tags: readonly string[]): void {
  const t = TABLES[kind]
  db.transaction(() => {
    db.prepare(`DELETE FROM ${t.tags} WHERE ${t.key} = ?`).run(id)
    const ins = db.prepare(`INSERT OR IGNORE INTO ${t.tags} (${t.key}, tag) VALUES (?, ?)`)
    for (const tag of tags) if (tag.trim()) ins.run(id, tag.trim())
  })()
}

/** Favourite flags and tags of every run or dataset, by id, for merging into list rows. */
export function listMarks(db: Db, kind: MarkKind): Map<number, Marks> {
  const t = TABLES[kind]
  const rows = db
    .prepare(
      `SELECT m.id, m.favourite,
        (SELECT group_concat(tag, char(31)) FROM ${t.tags} g WHERE g.${t.key} = m.id) AS tags
       FROM ${t.main} m`
    )
    .all() as { id: number; favourite: number; tags: string | null }[]
  const out = new Map<number, Marks>()
  for (const r of rows)
    out.set(r.id, {
      favourite: r.favourite === 1,
      tags: r.tags ? r.tags.split('\u001f').sort() : []
    })
  return out
}

/** Set a run's favourite flag. */
export const setRunFavourite = (db: Db, id: number, f: boolean): void =>
  setMarkFavourite(db, 'run', id, f)
/** Replace a run's tags. */
export const setRunTags = (db: Db, id: number, tags: readonly string[]): void =>
  setMarkTags(db, 'run', id, tags)
/** Set a dataset's favourite flag. */
export const setDatasetFavourite = (db: Db, id: number, f: boolean): void =>
  setMarkFavourite(db, 'dataset', id, f)
/** Replace a dataset's tags. */
export const setDatasetTags = (db: Db, id: number, tags: readonly string[]): void =>
  setMarkTags(db, 'dataset', id, tags)
