import { describe, expect, it } from 'vitest'
import { createDataset, deleteDatasetRows } from '../../../src/main/library/datasets'
import { createRun } from '../../../src/main/library/runs'
import {
  listMarks,
  setDatasetFavourite,
  setDatasetTags,
  setRunFavourite,
  setRunTags
} from '../../../src/main/library/marks'
import { useTempStore } from './helpers/store'

const lib = useTempStore()

describe('run and dataset marks', () => {
  it('stores favourite flags and trimmed, case-insensitively unique tags for runs', () => {
    const ds = createDataset(lib.store.db, 'lpd')
    const a = createRun(lib.store.db, { name: 'a', datasetId: ds, preset: 'tiny', config: {} })
    const b = createRun(lib.store.db, { name: 'b', datasetId: ds, preset: 'tiny', config: {} })
    expect(listMarks(lib.store.db, 'run').get(a)).toEqual({ favourite: false, tags: [] })
    setRunFavourite(lib.store.db, a, true)
    setRunTags(lib.store.db, a, [' keep ', 'Keep', 'best', ''])
    const marks = listMarks(lib.store.db, 'run')
    expect(marks.get(a)).toEqual({ favourite: true, tags: ['best', 'keep'] })
    expect(marks.get(b)).toEqual({ favourite: false, tags: [] })
    setRunFavourite(lib.store.db, a, false)
    setRunTags(lib.store.db, a, [])
    expect(listMarks(lib.store.db, 'run').get(a)).toEqual({ favourite: false, tags: [] })
  })

  it('stores dataset marks, and their tags go with the dataset', () => {
    const ds = createDataset(lib.store.db, 'lpd')
    setDatasetFavourite(lib.store.db, ds, true)
    setDatasetTags(lib.store.db, ds, ['rock'])
    expect(listMarks(lib.store.db, 'dataset').get(ds)).toEqual({ favourite: true, tags: ['rock'] })
    deleteDatasetRows(lib.store.db, ds)
    const n = lib.store.db.prepare('SELECT count(*) AS n FROM dataset_tags').get() as { n: number }
    expect(n.n).toBe(0)
  })
})
