import { afterEach, beforeEach } from 'vitest'
import { LibraryStore } from '../../../../src/main/library/store'
import { tempDir } from './child'

/** A fresh LibraryStore in its own temp data folder for every test of the calling file; closed and removed after each. */
export function useTempStore(): { readonly store: LibraryStore; readonly dir: string } {
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
  return {
    get store() {
      return store
    },
    get dir() {
      return tmp.dir
    }
  }
}
