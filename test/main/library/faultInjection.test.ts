// Issue 11 kill suite: SIGKILL the app's library work (import, training, pause, stop, resume, piece save, deletes)
// at random moments, then start as the app does and check every promise of docs/reliability.md.
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import type { ChildProcess } from 'node:child_process'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LibraryStore } from '../../../src/main/library/store'
import { mulberry32 } from '../../../src/shared/random'
import { bundleChild, spawnChild, tempDir } from './helpers/child'
import { fixtureMidiFiles } from '../../helpers/fixtures'
import { folderSnapshot, lostFiles } from '../../helpers/folderSnapshot'

const KILLS = 50
/** A fresh data folder every this many kills (keeps each start's check small). */
const RESET_EVERY = 25

/** What the children acknowledged, by table: id -> live (acknowledged created) or gone (acknowledged deleted). */
type Acks = Record<'pieces' | 'datasets' | 'runs', Map<number, boolean>>

interface Tally {
  kills: number
  during: Record<string, number>
  rowsVerified: number
  filesKept: number
  interruptedRuns: number
  interruptedImports: number
  quarantined: number
}

/** The moments the suite kills in, taken in turn: each kill waits for its operation to begin. */
const TARGETS = ['start-up', 'import', 'train', 'pause', 'stop', 'resume', 'save', 'delete']

/** Run one child until a random moment of `target`, SIGKILL it, and return the operation it was in. */
async function killOnce(
  file: string,
  dir: string,
  seed: number,
  target: string,
  midi: string[],
  acks: Acks
) {
  const r = mulberry32(seed)
  const child: ChildProcess = spawnChild(file, [dir, String(seed), midi.join(',')])
  let buf = ''
  let op = 'start-up'
  let hit!: () => void
  const targetHit = new Promise<void>((res) => (hit = res))
  child.stdout!.on('data', (d: Buffer) => {
    buf += d.toString()
    let nl: number
    while ((nl = buf.indexOf('\n')) >= 0) {
      const [kind, a] = buf.slice(0, nl).split(' ')
      buf = buf.slice(nl + 1)
      const id = Number(a)
      // A delete is aimed at from its first row ("?piece" ...), not from its op line: it may find nothing to delete.
      if (target === 'delete' ? kind.startsWith('?') : kind === 'op' && a === target) hit()
      if (kind === 'op') op = a
      else if (kind === 'piece') acks.pieces.set(id, true)
      else if (kind === '-piece') acks.pieces.set(id, false)
      else if (kind === 'dsdone') acks.datasets.set(id, true)
      else if (kind === '-ds') acks.datasets.set(id, false)
      else if (kind === 'run') acks.runs.set(id, true)
      else if (kind === '-run') acks.runs.set(id, false)
      else if (kind === '?piece') acks.pieces.delete(id)
      else if (kind === '?ds') acks.datasets.delete(id)
      else if (kind === '?run') acks.runs.delete(id)
    }
  })
  let err = ''
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()))
  const closed = new Promise((res) => child.once('close', res))
  void closed.then(() => hit())
  if (target === 'start-up') await sleep(r() * 1500)
  else {
    // Kill within the operation: short ones (a save, a delete, a pause or stop: one step and a checkpoint) are over in
    // milliseconds. Training comes in one op of about 3 in 10, so wait longer for its moments.
    await Promise.race([
      targetHit,
      sleep(['import', 'save', 'delete'].includes(target) ? 5000 : 15_000)
    ])
    // An import of two small files is over in 30-80 ms on a quiet machine: aim inside it, not after it.
    const within = { delete: 2, save: 5, pause: 5, stop: 5, import: 30 }[target] ?? 300
    await sleep(r() * within)
  }
  const exitedEarly = child.exitCode !== null
  child.kill('SIGKILL')
  await closed
  if (exitedEarly) throw new Error(`the child failed on its own: ${err}`)
  return op
}

/** What the database says before the restart (read-only): recorded deletes (pending_deletes, runs marked 'deleting') and imports left importing. */
function beforeStart(dir: string): { pending: string[]; importing: number[] } {
  const file = join(dir, 'library.sqlite')
  if (!existsSync(file)) return { pending: [], importing: [] }
  const db = new Database(file, { readonly: true })
  try {
    const has = (t: string) =>
      db.prepare(`SELECT 1 FROM sqlite_master WHERE name = ?`).pluck().get(t) !== undefined
    const deleting = has('runs')
      ? (db.prepare(`SELECT id FROM runs WHERE status = 'deleting'`).pluck().all() as number[])
      : []
    return {
      // A run marked 'deleting' is a delete recorded as such: its folder goes with it.
      pending: [
        ...(has('pending_deletes')
          ? (db.prepare('SELECT path FROM pending_deletes').pluck().all() as string[])
          : []),
        ...deleting.map((id) => `runs/${id}`)
      ],
      importing: has('datasets')
        ? (db
            .prepare(`SELECT id FROM datasets WHERE status = 'importing'`)
            .pluck()
            .all() as number[])
        : []
    }
  } finally {
    db.close()
  }
}

/** Restart as the app does and check the promises; returns how many rows and files it verified. */
async function verifyRestart(dir: string, acks: Acks, t: Tally): Promise<void> {
  const before = folderSnapshot(dir)
  const { pending, importing } = beforeStart(dir)
  const store = LibraryStore.open(dir, { lockAs: 'desktop' })
  try {
    const report = await store.startup()
    const db = store.db
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
    // Every acknowledged row is there (acknowledged deletes may not be; ids can be reused).
    for (const [table, acked] of Object.entries(acks)) {
      const has = db.prepare(`SELECT 1 FROM ${table} WHERE id = ?`).pluck()
      for (const [id, live] of acked)
        if (live) {
          expect(has.get(id), `${table} ${id}`).toBe(1)
          t.rowsVerified++
        }
    }
    for (const [id, live] of acks.datasets)
      if (live)
        expect(db.prepare('SELECT status FROM datasets WHERE id = ?').pluck().get(id)).toBe('ready')
    // No file that existed before the start is gone, except the app's own: interrupted writes in its folders,
    // deletes recorded before the kill, and the partial cache of an import the kill cut short.
    expect(report.finishedDeletes.every((p) => pending.includes(p))).toBe(true)
    const own = (p: string) =>
      report.tmpFiles.includes(p) ||
      pending.some((d) => p === d || p.startsWith(d + '/')) ||
      importing.some((id) => new RegExp(`^datasets/${id}/segments-[^/]+\\.bin$`).test(p))
    expect(lostFiles(before, folderSnapshot(dir), own)).toEqual([])
    t.filesKept += before.size
    t.quarantined += report.quarantined.length
    // Nothing stuck: no run training, no import importing, no delete half done.
    const stuck = db
      .prepare(
        `SELECT (SELECT count(*) FROM runs WHERE status IN ('running', 'deleting'))
         + (SELECT count(*) FROM datasets WHERE status = 'importing')
         + (SELECT count(*) FROM pending_deletes)`
      )
      .pluck()
      .get()
    expect(stuck).toBe(0)
    // Interrupted runs resume from a verified checkpoint (or have none yet); interrupted imports can be removed.
    t.interruptedRuns += report.interrupted!.runs.length
    for (const id of db.prepare('SELECT id FROM runs').pluck().all() as number[]) {
      const check = await store.resumeCheck(id)
      expect(check.checkpoint !== null || !check.hasHistory, `run ${id} resumable`).toBe(true)
    }
    for (const { id } of report.interrupted!.imports) {
      store.deleteDataset(id)
      expect(db.prepare('SELECT 1 FROM datasets WHERE id = ?').get(id)).toBeUndefined()
      expect(existsSync(store.files.datasetDir(id))).toBe(false)
      t.interruptedImports++
    }
  } finally {
    store.close()
  }
}

let bundle: ReturnType<typeof bundleChild>
beforeAll(() => {
  bundle = bundleChild(resolve(__dirname, 'fixtures/faultChild.ts'), true)
})
afterAll(() => bundle.dispose())

describe('kill suite (issue 11)', () => {
  it(
    `keeps every acknowledged row and every file through ${KILLS} SIGKILLs of the app's work`,
    { timeout: 290_000 },
    async () => {
      const midi = fixtureMidiFiles().slice(0, 8)
      const t: Tally = {
        kills: 0,
        during: {},
        rowsVerified: 0,
        filesKept: 0,
        interruptedRuns: 0,
        interruptedImports: 0,
        quarantined: 0
      }
      let tmp: ReturnType<typeof tempDir> | null = null
      let acks!: Acks
      const t0 = Date.now()
      try {
        for (let k = 0; k < KILLS; k++) {
          if (k % RESET_EVERY === 0) {
            tmp?.dispose()
            tmp = tempDir('b2b-kill-')
            acks = { pieces: new Map(), datasets: new Map(), runs: new Map() }
          }
          const dir = join(tmp!.dir, 'data')
          const target = TARGETS[k % TARGETS.length]
          const op = await killOnce(bundle.file, dir, 5000 + k, target, midi, acks)
          t.kills++
          t.during[op] = (t.during[op] ?? 0) + 1
          await verifyRestart(dir, acks, t)
        }
      } finally {
        tmp?.dispose()
      }
      const s = ((Date.now() - t0) / 1000).toFixed(1)
      console.log(`kill suite: ${JSON.stringify(t)} in ${s} s`)
      // The kills must have hit every kind of work the suite is about (issue 11's list), not only idle moments.
      for (const op of ['import', 'train', 'pause', 'stop', 'resume', 'save', 'delete'])
        expect(t.during[op] ?? 0, op).toBeGreaterThan(0)
    }
  )
})
