import { existsSync, readFileSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { join, resolve } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import type { ChildProcess } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LibraryStore } from '../../../src/main/library/store'
import { bundleChild, spawnChild, tempDir } from './helpers/child'
import { mulberry32 } from '../../../src/shared/random'
import { txSize } from './fixtures/crashWriter.shared'

const KILLS = 200
const RESET_EVERY = 50

/** What the writer reported committed: per run, the number of transactions (-1: created, none yet). */
type Reported = Map<number, number>

/** Run one writer until a random moment, SIGKILL it, and return once its pipes are drained. */
async function killOnce(file: string, dir: string, seed: number, reported: Reported) {
  const r = mulberry32(seed)
  const child: ChildProcess = spawnChild(file, [dir, String(seed)])
  let buf = ''
  let ready!: () => void
  const isReady = new Promise<void>((res) => (ready = res))
  child.stdout!.on('data', (d: Buffer) => {
    buf += d.toString()
    let nl: number
    while ((nl = buf.indexOf('\n')) >= 0) {
      const [kind, a, b] = buf.slice(0, nl).split(' ')
      buf = buf.slice(nl + 1)
      if (kind === 'ready') ready()
      else if (kind === 'r') reported.set(Number(a), -1)
      else if (kind === 'c') reported.set(Number(a), Number(b))
    }
  })
  const closed = new Promise((res) => child.once('close', res))
  // A writer that dies before 'ready' must not hang the test: the checks below then judge what it left.
  void closed.then(() => ready())
  // One kill in ten lands while the writer opens, checks and migrates; the rest while it writes.
  if (r() < 0.1) await sleep(r() * 60)
  else {
    await isReady
    await sleep(r() * 50)
  }
  child.kill('SIGKILL')
  await closed
}

/** No gaps, no partial transactions: per run, tx numbers and steps run on and each tx has all its rows. */
function committedTxs(store: LibraryStore): Map<number, number> {
  const groups = store.db
    .prepare(
      `SELECT run_id AS run, epoch AS tx, count(*) AS n, min(step) AS lo, max(step) AS hi
       FROM metrics GROUP BY run_id, epoch ORDER BY run_id, epoch`
    )
    .all() as { run: number; tx: number; n: number; lo: number; hi: number }[]
  const txs = new Map<number, number>()
  const next = new Map<number, number>()
  for (const g of groups) {
    expect([g.tx, g.n, g.hi - g.lo + 1]).toEqual([txs.get(g.run) ?? 0, txSize(g.tx), txSize(g.tx)])
    expect(g.lo).toBe(next.get(g.run) ?? 0)
    next.set(g.run, g.hi + 1)
    txs.set(g.run, g.tx + 1)
  }
  return txs
}

/** Every reported transaction is there, and at most one more (committed, killed before reporting). */
function checkReported(store: LibraryStore, txs: Map<number, number>, reported: Reported): void {
  const runs = store.db.prepare('SELECT id FROM runs').pluck().all() as number[]
  let extra = 0
  for (const id of runs) {
    const have = txs.get(id) ?? 0
    const said = reported.has(id) ? reported.get(id)! + 1 : -1
    expect(have).toBeGreaterThanOrEqual(Math.max(said, 0))
    extra += said < 0 ? 1 + have : have - said
  }
  for (const id of reported.keys()) expect(runs).toContain(id)
  expect(extra).toBeLessThanOrEqual(1)
}

/** The roll-up committed with its rows; checkpoint rows point only at whole files, at most 3 per run. */
async function checkRollupAndFiles(store: LibraryStore): Promise<void> {
  const roll = store.db
    .prepare(
      `SELECT (SELECT count(*) FROM metrics) AS raw,
       (SELECT coalesce(sum(n), 0) FROM metric_rollup WHERE level = 8) AS top,
       (SELECT coalesce(sum(n), 0) FROM metric_rollup WHERE level = 0) AS epochs`
    )
    .get() as { raw: number; top: number; epochs: number }
  expect([roll.top, roll.epochs]).toEqual([roll.raw, roll.raw])
  const report = await store.startup({ repair: true, verify: 'sha' })
  expect([report.missing, report.corrupt]).toEqual([[], []])
  const rows = store.db.prepare('SELECT file, sha256 FROM checkpoints').all() as {
    file: string
    sha256: string
  }[]
  for (const c of rows) {
    const abs = store.files.toAbs(c.file)
    expect(existsSync(abs)).toBe(true)
    expect(createHash('sha256').update(readFileSync(abs)).digest('hex')).toBe(c.sha256)
  }
  const perRun = store.db
    .prepare('SELECT max(n) AS m FROM (SELECT count(*) AS n FROM checkpoints GROUP BY run_id)')
    .get() as { m: number | null }
  expect(perRun.m ?? 0).toBeLessThanOrEqual(3)
  expect((await store.startup({ verify: 'size' })).tmpFiles).toEqual([])
}

/**
 * Every check S2 asks for, on a fresh connection (which runs quick_check) after the kill. What survived then becomes
 * the reported state, so each kill is allowed its one unreported commit (a run created just before a kill, never
 * reported, would otherwise count against every later kill).
 */
async function verify(dir: string, reported: Reported): Promise<void> {
  const store = LibraryStore.open(dir)
  try {
    expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok')
    const txs = committedTxs(store)
    checkReported(store, txs, reported)
    await checkRollupAndFiles(store)
    for (const id of store.db.prepare('SELECT id FROM runs').pluck().all() as number[])
      reported.set(id, (txs.get(id) ?? 0) - 1)
  } finally {
    store.close()
  }
}

let bundle: ReturnType<typeof bundleChild>
beforeAll(() => {
  bundle = bundleChild(resolve(__dirname, 'fixtures/crashWriter.ts'))
})
afterAll(() => bundle.dispose())

describe('crash safety (S2)', () => {
  it(
    `keeps every reported commit through ${KILLS} SIGKILLs of a writer`,
    { timeout: 180_000 },
    async () => {
      let tmp: ReturnType<typeof tempDir> | null = null
      let reported: Reported = new Map()
      const t0 = Date.now()
      try {
        for (let k = 0; k < KILLS; k++) {
          if (k % RESET_EVERY === 0) {
            tmp?.dispose()
            tmp = tempDir('b2b-crash-')
            reported = new Map()
          }
          const dir = join(tmp!.dir, 'lib')
          await killOnce(bundle.file, dir, 1000 + k, reported)
          await verify(dir, reported)
        }
      } finally {
        tmp?.dispose()
      }
      console.log(`S2: ${KILLS} kills verified in ${((Date.now() - t0) / 1000).toFixed(1)} s`)
    }
  )
})
