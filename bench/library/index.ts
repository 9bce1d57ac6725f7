// bench:library: metric-row insert rate, curve queries at 1M rows, pieces queries at 10k pieces, open-time
// quick_check, chunked delete. Prints figures; nothing passes or fails. Figures are noisy on a shared machine.
// Usage: npm run bench:library [-- --rows 1000000 --pieces 10000 --keep]
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { LibraryStore } from '../../src/main/library/store'
import { createRun, listRuns } from '../../src/main/library/runs'
import { openLibraryDb } from '../../src/main/library/db'
import { deleteMetricsChunk } from '../../src/main/library/metrics'
import { seedPieces, stats, type Stats } from './helpers'

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 ? Number(process.argv[i + 1]) : def
}
const ROWS = arg('rows', 1_000_000)
const PIECES = arg('pieces', 10_000)
const fmt = (s: Stats) =>
  `wall p50 ${s.p50.toFixed(2)} p99 ${s.p99.toFixed(2)} max ${s.max.toFixed(2)} ms | ` +
  `cpu p50 ${s.cpuP50.toFixed(2)} p99 ${s.cpuP99.toFixed(2)} ms`
const line = (label: string, value: string) => console.log(`${label.padEnd(50)} ${value}`)

function insertRows(store: LibraryStore, runId: number, rows: number) {
  const writer = store.metricWriter({ maxRows: 100 })
  const c0 = process.cpuUsage()
  const t0 = performance.now()
  for (let step = 0; step < rows; step++)
    writer.add(runId, {
      step,
      epoch: Math.floor(step / 10_000),
      gLoss: step % 5 === 4 ? Math.sin(step) : null,
      dLoss: Math.cos(step),
      gp: 0.1 + (step % 7) / 100,
      wDist: Math.sin(step / 100),
      lrG: 3e-4,
      lrD: 6e-4,
      wallMs: step * 20
    })
  writer.close()
  const s = (performance.now() - t0) / 1000
  const cpu = process.cpuUsage(c0)
  const cpuS = (cpu.user + cpu.system) / 1e6
  line('metric rows inserted (batches of 100)', `${rows.toLocaleString()} in ${s.toFixed(1)} s`)
  line(
    '  insert rate (with roll-up): wall | cpu',
    `${Math.round(rows / s).toLocaleString()} | ${Math.round(rows / cpuS).toLocaleString()} rows/s`
  )
  line('  mean cpu per 100-row commit', `${((cpuS * 1000) / writer.stats.commits).toFixed(2)} ms`)
  line(
    '  commits / worst commit (L4 <= 25 ms)',
    `${writer.stats.commits} / ${writer.stats.worstCommitMs.toFixed(2)} ms`
  )
}

function curveQueries(store: LibraryStore, runId: number, rows: number) {
  line(
    'curve 2,000 points from roll-up (L2 <= 16)',
    fmt(stats(100, () => store.curve(runId, { points: 2000 })))
  )
  line(
    'curve 500 points, zoomed window',
    fmt(stats(100, () => store.curve(runId, { points: 500, fromStep: rows / 3, toStep: rows / 2 })))
  )
  line(
    'rows after step (last 100) (L2 <= 5)',
    fmt(stats(100, () => store.rowsAfter(runId, rows - 101)))
  )
  line('epoch curve (one point per epoch)', fmt(stats(100, () => store.curves([runId], 'epoch'))))
  line('runs list with summaries', fmt(stats(100, () => listRuns(store.db))))
  const naive = stats(3, () =>
    store.db
      .prepare(
        `SELECT step / ? AS b, min(d_loss), max(d_loss), avg(d_loss), min(g_loss), max(g_loss), avg(g_loss)
         FROM metrics WHERE run_id = ? GROUP BY b`
      )
      .all(Math.ceil(rows / 2000), runId)
  )
  line('  for comparison: naive GROUP BY on raw rows', fmt(naive))
}

function pieceQueries(store: LibraryStore) {
  const first = store.pieces({ limit: 50 })
  let page = first
  for (let i = 0; i < 100 && page.next; i++) page = store.pieces({ limit: 50, after: page.next })
  const deep = page.next!
  line('pieces: first page (L1 <= 16)', fmt(stats(100, () => store.pieces({ limit: 50 }))))
  line('pieces: keyset page 100', fmt(stats(100, () => store.pieces({ limit: 50, after: deep }))))
  line('pieces: title search', fmt(stats(100, () => store.pieces({ search: 'noct', limit: 50 }))))
  line(
    'pieces: title sort + total',
    fmt(stats(100, () => store.pieces({ sort: 'title', withTotal: true, limit: 50 })))
  )
  line(
    'pieces: tag + favourite filter',
    fmt(stats(100, () => store.pieces({ tag: 'rock', favourite: true, limit: 50 })))
  )
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'b2b-bench-'))
  console.log(`bench:library in ${dir} (figures are noisy while other work runs on this machine)`)
  const store = LibraryStore.open(dir)
  const runId = createRun(store.db, { name: 'bench', preset: 'paper', config: {} })
  insertRows(store, runId, ROWS)
  curveQueries(store, runId, ROWS)
  seedPieces(store, PIECES, runId)
  line('pieces stored', PIECES.toLocaleString())
  pieceQueries(store)
  store.checkpointWal()
  store.close()
  const size = statSync(store.files.paths.database).size / 2 ** 20
  const open = stats(5, () => openLibraryDb(store.files.paths.database).close())
  line(`open + quick_check + migrate (${size.toFixed(0)} MB) (S1 <= 250)`, fmt(open))
  const again = LibraryStore.open(dir)
  const chunks = stats(
    10_000,
    () => deleteMetricsChunk(again.db, runId, 10_000),
    () => true
  )
  line('delete run rows in chunks of 10,000 (L5 <= 50)', fmt(chunks))
  again.close()
  if (!process.argv.includes('--keep')) rmSync(dir, { recursive: true, force: true })
}

void main()
