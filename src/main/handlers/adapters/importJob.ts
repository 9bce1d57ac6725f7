import { readFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { buildDataset, parseLabelCsv, type SourcePiece } from '../../data/dataset/index'
import { collectFiles, importFiles, type ImportResult } from '../../data/import/importFiles'
import {
  addDatasetFiles,
  hashFile,
  setDatasetCache,
  setDatasetConfig,
  type DatasetFileReport,
  type LibraryStore
} from '../../library/index'
import type { JobRegistry } from '../../app/jobs'
import type { EventBus } from '../../ipc/events'
import type { ImportRequest } from '../ports'

/** What an import job needs: the library, the job list and the event bus. */
export interface ImportJobDeps {
  store: LibraryStore
  jobs: JobRegistry
  bus: EventBus
}

/** Reports go to the library in batches (one transaction each), not one write per file. */
const REPORT_BATCH = 50

async function* accepted(
  results: AsyncIterable<ImportResult>,
  reports: DatasetFileReport[],
  flush: () => void
): AsyncGenerator<SourcePiece> {
  for await (const r of results) {
    reports.push({ path: r.file, ok: !r.error, report: r.error ? { error: r.error } : r.report })
    if (reports.length >= REPORT_BATCH) flush()
    if (r.piece && r.sha256) yield { file: r.file, sha256: r.sha256, piece: r.piece }
  }
}

/**
 * Import files into dataset `datasetId` off the main thread (parsing in import workers), recording every file's report,
 * publishing import:progress and job:status, and building the segment cache in the library's dataset folder.
 */
export async function runImport(
  deps: ImportJobDeps,
  datasetId: number,
  jobId: string,
  request: ImportRequest,
  signal: AbortSignal
): Promise<void> {
  const { store, jobs, bus } = deps
  const db = store.db
  const files = await collectFiles(request.paths)
  const labels = request.labelsPath
    ? {
        labels: parseLabelCsv(await readFile(request.labelsPath, 'utf8')),
        include: request.labelFilter
      }
    : undefined
  const reports: DatasetFileReport[] = []
  const flush = () => addDatasetFiles(db, datasetId, reports.splice(0))
  let errors = 0
  const onProgress = (p: { done: number; total: number; current: string; failed: number }) => {
    errors = p.failed
    const id = String(datasetId)
    bus.publish({
      type: 'import:progress',
      jobId,
      datasetId: id,
      done: p.done,
      total: p.total,
      errors,
      file: p.current
    })
    jobs.update(jobId, { progress: p.total > 0 ? p.done / p.total : null })
  }
  const dir = store.files.datasetDir(datasetId)
  const seg = request.segments ?? {}
  const config = Object.fromEntries(
    (['stepsPerBeat', 'bars', 'lowestPitch', 'pitchCount'] as const)
      .filter((k) => seg[k] !== undefined)
      .map((k) => [k, seg[k]])
  )
  const skip = {
    ...(seg.minNotesPerSegment !== undefined && { minNotes: seg.minNotesPerSegment }),
    ...(seg.minActiveSteps !== undefined && { minActiveSteps: seg.minActiveSteps })
  }
  const manifest = await buildDataset(
    accepted(importFiles(files, { onProgress, signal }), reports, flush),
    dir,
    {
      name: request.name,
      config,
      skip,
      labels,
      signal
    }
  )
  flush()
  const cache = join(dir, manifest.cacheFile)
  const { sha256, size } = await hashFile(cache)
  setDatasetConfig(db, datasetId, {
    ...request.segments,
    labels: request.labelFilter ?? [],
    segmentCount: manifest.segmentCount
  })
  setDatasetCache(db, datasetId, 'ready', {
    path: relative(store.files.root, cache),
    sha256,
    size
  })
  jobs.update(jobId, {
    state: 'done',
    progress: 1,
    message: `${files.length - errors} of ${files.length} files, ${manifest.segmentCount} segments`
  })
}
