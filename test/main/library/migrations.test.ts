import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openLibraryDb, readPragmas, type Db } from '../../../src/main/library/db'
import { LATEST_VERSION, MIGRATIONS, schemaVersion } from '../../../src/main/library/migrations'
import { bundleChild, exited, spawnChild, tempDir } from './helpers/child'
import { seedAtVersion } from './fixtures/seed'

const schemaOf = (db: Db) =>
  db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name').all()

/** A library file at `version` holding that version's fixture rows. */
function libraryAt(file: string, version: number): Db {
  const db = openLibraryDb(file, { migrateOptions: { target: version } })
  seedAtVersion(db, version)
  return db
}

let tmp: ReturnType<typeof tempDir>
let latestSchema: unknown[]
beforeAll(() => {
  tmp = tempDir()
  const db = openLibraryDb(join(tmp.dir, 'fresh.sqlite'))
  latestSchema = schemaOf(db)
  db.close()
})
afterAll(() => tmp.dispose())

describe('opening the library (S1)', () => {
  it('reads back WAL, NORMAL, foreign keys and busy timeout, and reaches the latest version', () => {
    const db = openLibraryDb(join(tmp.dir, 's1.sqlite'))
    expect(readPragmas(db)).toEqual({
      journalMode: 'wal',
      synchronous: 1,
      foreignKeys: 1,
      busyTimeout: 5000
    })
    expect(schemaVersion(db)).toBe(LATEST_VERSION)
    expect(db.pragma('foreign_key_check')).toEqual([])
    db.close()
  })

  it('refuses a library written by a newer app', () => {
    const file = join(tmp.dir, 'newer.sqlite')
    const db = openLibraryDb(file)
    db.pragma(`user_version = ${LATEST_VERSION + 1}`)
    db.close()
    expect(() => openLibraryDb(file)).toThrow(/newer than this app/)
  })
})

describe('migrations from every earlier version', () => {
  for (let from = 0; from < LATEST_VERSION; from++) {
    it(`upgrades version ${from} with its rows to the latest schema`, () => {
      const file = join(tmp.dir, `from-${from}.sqlite`)
      libraryAt(file, from).close()
      const db = openLibraryDb(file)
      expect(schemaVersion(db)).toBe(LATEST_VERSION)
      expect(schemaOf(db)).toEqual(latestSchema)
      expect(db.pragma('foreign_key_check')).toEqual([])
      const count = (t: string) => (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as any).n
      expect(count('metrics')).toBe(from >= 1 ? 1000 : 0)
      expect(count('pieces')).toBe(from >= 2 ? 2 : 0)
      // Version 6 counts the tracks that play: an older app counted the silent ones too.
      if (from >= 2)
        expect(db.prepare('SELECT track_count AS n FROM pieces WHERE id = 2').get()).toEqual({
          n: 2
        })
      // Version 4 adds run/dataset marks: older rows start unmarked and untagged.
      expect(count('run_tags') + count('dataset_tags')).toBe(from >= 4 ? 2 : 0)
      if (from >= 1)
        expect(db.prepare('SELECT favourite FROM runs WHERE id = 1').get()).toEqual({
          favourite: from >= 4 ? 1 : 0
        })
      // The roll-up backfill (version 3) sums exactly the rows that were there.
      const top = db
        .prepare('SELECT sum(n) AS n, sum(g_n) AS g FROM metric_rollup WHERE level = 8')
        .get() as any
      const epochs = db
        .prepare('SELECT sum(n) AS n FROM metric_rollup WHERE level = 0')
        .get() as any
      expect([top.n ?? 0, top.g ?? 0, epochs.n ?? 0]).toEqual(
        from >= 1 ? [1000, 200, 1000] : [0, 0, 0]
      )
      db.close()
    })
  }
})

describe('a failing migration leaves the previous version (S3)', () => {
  for (const m of MIGRATIONS) {
    it(`a throw at any step of version ${m.version} rolls back, and a rerun reaches the latest`, () => {
      for (let step = 0; step <= m.steps.length; step++) {
        const file = join(tmp.dir, `throw-${m.version}-${step}.sqlite`)
        const db = libraryAt(file, m.version - 1)
        const before = schemaOf(db)
        db.close()
        expect(() =>
          openLibraryDb(file, {
            migrateOptions: {
              beforeStep: (v, i) => {
                if (v === m.version && i === step) throw new Error('injected')
              }
            }
          })
        ).toThrow('injected')
        const again = openLibraryDb(file, { migrate: false })
        expect(schemaVersion(again)).toBe(m.version - 1)
        expect(schemaOf(again)).toEqual(before)
        again.close()
        const rerun = openLibraryDb(file)
        expect(schemaVersion(rerun)).toBe(LATEST_VERSION)
        expect(rerun.pragma('foreign_key_check')).toEqual([])
        rerun.close()
      }
    })
  }

  it('a SIGKILL inside every step of every migration leaves the previous version', async () => {
    const child = bundleChild(resolve(__dirname, 'fixtures/migrateChild.ts'))
    try {
      for (const m of MIGRATIONS) {
        for (let step = 0; step <= m.steps.length; step++) {
          const file = join(tmp.dir, `kill-${m.version}-${step}.sqlite`)
          const db = libraryAt(file, m.version - 1)
          const before = schemaOf(db)
          db.close()
          const proc = spawnChild(child.file, [file, String(m.version), String(step)])
          expect((await exited(proc)).signal).toBe('SIGKILL')
          const after = openLibraryDb(file, { migrate: false })
          expect(schemaVersion(after)).toBe(m.version - 1)
          expect(schemaOf(after)).toEqual(before)
          expect(after.pragma('integrity_check', { simple: true })).toBe('ok')
          after.close()
          const rerun = openLibraryDb(file)
          expect(schemaVersion(rerun)).toBe(LATEST_VERSION)
          expect(rerun.pragma('foreign_key_check')).toEqual([])
          rerun.close()
        }
      }
    } finally {
      child.dispose()
    }
  })
})
