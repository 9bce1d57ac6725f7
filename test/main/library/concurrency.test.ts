import { existsSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import Database from 'better-sqlite3'
import { LibraryStore } from '../../../src/main/library/store'
import { listRuns } from '../../../src/main/library/runs'
import { setFavourite } from '../../../src/main/library/pieces'
import { bundleChild, spawnChild, tempDir } from './helpers/child'
import { piece } from './helpers/fixtures'

let bundle: ReturnType<typeof bundleChild>
let tmp: ReturnType<typeof tempDir>
beforeAll(() => {
  bundle = bundleChild(resolve(__dirname, 'fixtures/trainerChild.ts'))
  tmp = tempDir()
})
afterAll(() => {
  bundle.dispose()
  tmp.dispose()
})

const isBusy = (err: unknown) => String((err as { code?: string }).code).startsWith('SQLITE_BUSY')

describe('two connections: trainer and UI (L4) with a backup during the writes (S4)', () => {
  it('gets no SQLITE_BUSY on either side, keeps the WAL small, and backs up a consistent copy', async () => {
    const dir = join(tmp.dir, 'lib')
    const ui = LibraryStore.open(dir)
    const child = spawnChild(bundle.file, [dir, '4'])
    let out = ''
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()))
    const closed = new Promise<number | null>((res) => child.once('close', res))
    while (!out.includes('\n')) await sleep(5)
    const run = Number(out.split('\n')[0].split(' ')[1])
    let uiBusy = 0
    let reads = 0
    let backups = 0
    let done = false
    void closed.then(() => (done = true))
    for (let i = 0; !done; i++) {
      try {
        ui.curve(run, { points: 500 })
        ui.rowsAfter(run, Math.max(0, i * 10))
        listRuns(ui.db)
        const id = ui.savePiece(`p${i}`, piece(`p${i}`), { origin: 'new' }, ['t'])
        setFavourite(ui.db, id, i % 2 === 0)
        ui.pieces({ search: 'p1', limit: 20 })
        reads++
        if (i % 100 === 10) {
          const dest = join(tmp.dir, `backup-${i}.sqlite`)
          await ui.backup(dest)
          const copy = new Database(dest, { readonly: true })
          const c = copy
            .prepare(
              `SELECT (SELECT count(*) FROM metrics) AS raw,
               (SELECT coalesce(sum(n), 0) FROM metric_rollup WHERE level = 8) AS top`
            )
            .get() as { raw: number; top: number }
          expect(copy.pragma('integrity_check', { simple: true })).toBe('ok')
          expect(c.top).toBe(c.raw)
          copy.close()
          backups++
        }
      } catch (err) {
        if (isBusy(err)) uiBusy++
        else throw err
      }
      await sleep(2)
    }
    expect(await closed).toBe(0)
    const stats = JSON.parse(out.trim().split('\n').pop()!)
    expect(stats.busy).toBe(0)
    expect(uiBusy).toBe(0)
    expect(stats.rows).toBeGreaterThan(1000)
    expect(stats.rows).toBe(stats.steps)
    expect(reads).toBeGreaterThan(20)
    expect(backups).toBeGreaterThan(0)
    const wal = join(dir, 'library.sqlite-wal')
    expect(existsSync(wal) ? statSync(wal).size : 0).toBeLessThan(64 * 1024 * 1024)
    expect(ui.db.prepare('SELECT count(*) AS n FROM metrics WHERE run_id = ?').get(run)).toEqual({
      n: stats.steps
    })
    ui.close()
  })
})
