import type { Marks } from '../../shared/api/types'
import { listMarks, setMarkFavourite, setMarkTags, type MarkKind } from '../library/marks'
import type { Db } from '../library/db'

/** The marks/mark methods of the runs or datasets domain; `check` throws not_found for an unknown id. */
export function markMethods(db: Db, kind: MarkKind, check: (id: string) => number) {
  const one = (n: number): Marks => {
    const m = listMarks(db, kind).get(n) ?? { favourite: false, tags: [] }
    return { id: String(n), ...m }
  }
  return {
    marks: (): Marks[] => [...listMarks(db, kind)].map(([n, m]) => ({ id: String(n), ...m })),
    mark: ({ id, tags, favourite }: { id: string; tags?: string[]; favourite?: boolean }) => {
      const n = check(id)
      db.transaction(() => {
        if (tags !== undefined) setMarkTags(db, kind, n, tags)
        if (favourite !== undefined) setMarkFavourite(db, kind, n, favourite)
      })()
      return one(n)
    }
  }
}
