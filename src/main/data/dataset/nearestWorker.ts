// Worker thread that answers nearest-training-music queries: it holds the datasets' bar indexes in memory, so a query
// scans a few thousand segments without the main thread ever waiting on it.
import { parentPort } from 'node:worker_threads'
import { BarIndexCache } from './nearest'
import { nearestForPiece } from './nearestPiece'
import type { NearestReport } from '../../../shared/api/searchTypes'
import type { Piece } from '../../../shared/music/piece'

/** A query: the dataset folder, the piece and how many matches per bar. */
export interface NearestRequest {
  id: number
  dir: string
  piece: Piece
  k: number
}

/** The report with the time the scan took, or why it failed. */
export type NearestReply =
  { id: number; report: NearestReport; ms: number } | { id: number; error: string }

const cache = new BarIndexCache()

parentPort?.on('message', (q: NearestRequest) => {
  try {
    const { index, baseline } = cache.get(q.dir)
    const base = baseline()
    const t0 = performance.now()
    const report = nearestForPiece(index, base, q.piece, q.k)
    parentPort!.postMessage({ id: q.id, report, ms: performance.now() - t0 } satisfies NearestReply)
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err)
    parentPort!.postMessage({ id: q.id, error } satisfies NearestReply)
  }
})
