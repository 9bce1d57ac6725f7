import { openSync, writeSync, closeSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import {
  BACKUP_EVERY_MS,
  KEEP_BACKUPS,
  LibraryDamagedError,
  LibraryStore,
  backupIfDue,
  createRun,
  listBackups,
  listRuns,
  restoreBackup
} from '../../../src/main/library'
import { tempDir } from './helpers/child'

// Issue 11 item 9: backups are made on a schedule (not only when asked), and a damaged library names its file and the
// newest backup, which restoreBackup puts in place while keeping the damaged file.

const tmp = tempDir()
afterAll(() => tmp.dispose())

describe('library backups and a damaged database', () => {
  it('backs up when due, at most one a day, keeping the newest three', async () => {
    const store = LibraryStore.open(tmp.dir)
    createRun(store.db, { name: 'kept', preset: 'small', config: {} })
    const t0 = Date.UTC(2026, 11, 1, 9)
    expect(await backupIfDue(store.db, tmp.dir, t0)).toMatch(
      /backups\/library-20261201T090000Z\.sqlite$/
    )
    expect(await backupIfDue(store.db, tmp.dir, t0 + BACKUP_EVERY_MS - 1)).toBeNull()
    for (let d = 1; d <= 4; d++) await backupIfDue(store.db, tmp.dir, t0 + d * BACKUP_EVERY_MS)
    const kept = listBackups(tmp.dir)
    expect(kept).toHaveLength(KEEP_BACKUPS)
    expect(kept[0].at).toBe(t0 + 4 * BACKUP_EVERY_MS)
    expect(readdirSync(join(tmp.dir, 'backups')).filter((f) => f.endsWith('.tmp'))).toEqual([])
    store.close()
  })

  it('a damaged library names the file and the last backup; restoring it opens the library again', () => {
    const file = join(tmp.dir, 'library.sqlite')
    const fd = openSync(file, 'r+')
    writeSync(fd, Buffer.alloc(4096, 0x5a), 0, 4096, 0) // the header page is gone
    closeSync(fd)
    let err: unknown
    try {
      LibraryStore.open(tmp.dir)
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(LibraryDamagedError)
    const damaged = err as LibraryDamagedError
    expect(damaged.message).toContain(`The library database ${file} is damaged`)
    expect(damaged.message).toContain(`The last backup is ${listBackups(tmp.dir)[0].file}`)
    const aside = restoreBackup(damaged.file, damaged.backup!.file)
    expect(readdirSync(tmp.dir)).toContain(aside.split('/').pop())
    const store = LibraryStore.open(tmp.dir)
    expect(listRuns(store.db).map((r) => r.name)).toEqual(['kept'])
    store.close()
  })

  it('two restores in the same second keep both damaged files (the second used to rename over the first)', () => {
    const file = join(tmp.dir, 'library.sqlite')
    const backup = listBackups(tmp.dir)[0].file
    writeFileSync(file, 'the composer’s newest work, damaged')
    const now = Date.UTC(2026, 11, 6, 14)
    const first = restoreBackup(file, backup, now)
    writeFileSync(file, 'a damaged backup copy')
    const second = restoreBackup(file, backup, now)
    expect(second).not.toBe(first)
    expect(readFileSync(first, 'utf8')).toBe('the composer’s newest work, damaged')
    expect(readFileSync(second, 'utf8')).toBe('a damaged backup copy')
    expect(readdirSync(tmp.dir).filter((f) => f.endsWith('.tmp'))).toEqual([])
  })
})
