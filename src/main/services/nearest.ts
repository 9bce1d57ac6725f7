// Nearest training music for the app: datasets resolved through the library, the scan in its own worker thread, and
// one training segment as a piece to play.
import type { Worker } from 'node:worker_threads'
import { ApiError } from '../../shared/api/errors'
import type { RealSegment } from '../../shared/api/types'
import type { NearestResult } from '../../shared/api/searchTypes'
import type { Piece } from '../../shared/music/piece'
import { rollToPiece } from '../../shared/music/rollToPiece'
import { DatasetReader } from '../data/dataset/reader'
import type { NearestReply, NearestRequest } from '../data/dataset/nearestWorker'
import { getDataset, type LibraryStore } from '../library/index'
import { startWorker } from '../workers/entry'

/** The nearest-music service: `nearest` scans in a worker, `segment` reads one cached segment. */
export interface NearestService {
  nearest(args: { datasetId: string; piece: Piece; k?: number }): Promise<NearestResult>
  segment(args: { datasetId: string; index: number }): Promise<RealSegment>
  close(): Promise<void>
}

/** Build the service over a library; the worker starts at the first query and keeps the indexes warm. */
export function nearestService(store: LibraryStore): NearestService {
  let worker: Worker | null = null
  let next = 1
  const pending = new Map<
    number,
    { resolve: (r: NearestReply) => void; reject: (e: Error) => void }
  >()

  function fail(err: Error) {
    for (const p of pending.values()) p.reject(err)
    pending.clear()
    worker = null
  }

  function start(): Worker {
    const w = startWorker('nearestWorker')
    w.unref()
    w.on('message', (r: NearestReply) => {
      const p = pending.get(r.id)
      pending.delete(r.id)
      p?.resolve(r)
    })
    w.on('error', (err) => fail(err))
    w.on('exit', () => fail(new Error('the nearest-music worker stopped')))
    return w
  }

  function datasetDir(datasetId: string): { dir: string; name: string } {
    const id = Number(datasetId)
    const row = Number.isInteger(id) ? getDataset(store.db, id) : undefined
    if (!row)
      throw new ApiError('not_found', 'that dataset is not in the library any more', 'datasetId')
    if (row.status !== 'ready')
      throw new ApiError(
        'conflict',
        `the dataset “${row.name}” has not finished importing`,
        'datasetId'
      )
    return { dir: store.files.datasetDir(row.id), name: row.name }
  }

  return {
    async nearest({ datasetId, piece, k }) {
      const { dir, name } = datasetDir(datasetId)
      worker ??= start()
      const id = next++
      const reply = await new Promise<NearestReply>((resolve, reject) => {
        pending.set(id, { resolve, reject })
        worker!.postMessage({ id, dir, piece, k: k ?? 3 } satisfies NearestRequest)
      })
      if ('error' in reply)
        throw new ApiError('failed', `could not compare with “${name}”: ${reply.error}`)
      return { ...reply.report, datasetId, datasetName: name, ms: reply.ms }
    },
    async segment({ datasetId, index }) {
      const { dir, name } = datasetDir(datasetId)
      const reader = await DatasetReader.open(dir)
      try {
        if (index >= reader.count)
          throw new ApiError('not_found', `“${name}” has ${reader.count} segments`, 'index')
        const src = reader.source(index)
        const piece = rollToPiece(await reader.read(index), reader.manifest.config, {
          title: `${src.file}, bar ${src.bar + 1}`
        })
        return { id: `${datasetId}-${index}`, piece }
      } finally {
        await reader.close()
      }
    },
    async close() {
      await worker?.terminate()
      worker = null
    }
  }
}
