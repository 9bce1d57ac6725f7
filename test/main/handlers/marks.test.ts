import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { LibraryStore } from '../../../src/main/library/store'
import { createDataset } from '../../../src/main/library/datasets'
import { markMethods } from '../../../src/main/services/marks'
import { rowId } from '../../../src/main/services/ids'
import { tempDir } from '../library/helpers/child'

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

describe('marks/mark over a real library', () => {
  it('changes only the given fields and lists every dataset', () => {
    const id = String(createDataset(store.db, 'rock'))
    const m = markMethods(store.db, 'dataset', (x) => rowId(x, 'dataset'))
    expect(m.mark({ id, tags: ['a', ' b '] })).toEqual({ id, favourite: false, tags: ['a', 'b'] })
    expect(m.mark({ id, favourite: true })).toEqual({ id, favourite: true, tags: ['a', 'b'] })
    expect(m.marks()).toEqual([{ id, favourite: true, tags: ['a', 'b'] }])
    expect(() => m.mark({ id: 'x', favourite: true })).toThrow(/no such dataset/)
  })
})
