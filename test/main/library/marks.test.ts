import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { LibraryStore } from '../../../src/main/library/store'
import { createDataset, deleteDatasetRows } from '../../../src/main/library/datasets'
import { createRun } from '../../../src/main/library/runs'
import {
  listMarks,
  setDatasetFavourite,
  setDatasetTags,
  setRunFavourite,
  setRunTags
} from '../../../src/main/library/marks'
import { tempDir } from './helpers/child'

let tmp: ReturnType<typeof tempDir>
let store: LibraryStore
beforeEach(() => {
  tmp = tempDir()
  store = LibraryStore.open(tmp.dir)
})
afterEach(() => {
  store.close()
  tmp.dispose()
})

describe('run and dataset marks', () => {
  it('stores favourite flags and trimmed, case-insensitively unique tags for runs', () => {
    const ds = createDataset(store.db, 'lpd')
    const a = createRun(store.db, { name: 'a', datasetId: ds, preset: 'tiny', config: {} })
    const b = createRun(store.db, { name: 'b', datasetId: ds, preset: 'tiny', config: {} })
    expect(listMarks(store.db, 'run').get(a)).toEqual({ favourite: false, tags: [] })
    setRunFavourite(store.db, a, true)
    setRunTags(store.db, a, [' keep ', 'Keep', 'best', ''])
    const marks = listMarks(store.db, 'run')
    expect(marks.get(a)).toEqual({ favourite: true, tags: ['best', 'keep'] })
    expect(marks.get(b)).toEqual({ favourite: false, tags: [] })
    setRunFavourite(store.db, a, false)
    setRunTags(store.db, a, [])
    expect(listMarks(store.db, 'run').get(a)).toEqual({ favourite: false, tags: [] })
  })

  it('stores dataset marks, and their tags go with the dataset', () => {
    const ds = createDataset(store.db, 'lpd')
    setDatasetFavourite(store.db, ds, true)
    setDatasetTags(store.db, ds, ['rock'])
    expect(listMarks(store.db, 'dataset').get(ds)).toEqual({ favourite: true, tags: ['rock'] })
    deleteDatasetRows(store.db, ds)
    const n = store.db.prepare('SELECT count(*) AS n FROM dataset_tags').get() as { n: number }
    expect(n.n).toBe(0)
  })
})
