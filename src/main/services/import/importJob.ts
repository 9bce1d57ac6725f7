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
import type { ImportRequest } from '../ports'
import type { JobRegistry } from '../../app/jobs'
import type { EventBus } from '../../ipc/events'

/** What the import and training launchers in main need: the library, the job list and the event bus. */
export interface ImportJobDeps {
  store: LibraryStore
  jobs: JobRegistry
  bus: EventBus
}

/** Progress of an import after each file. */
export interface ImportStep {
  done: number
  total: number
  errors: number
  file: string
}

/** How an import ended. */
export interface ImportOutcome {
  files: number
  errors: number
  segmentCount: number
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

function buildOptions(request: ImportRequest) {
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
  return { config, skip }
}

/**
 * Import files into dataset `datasetId`: parse in the import workers, record every file's report, build the segment
 * cache in the library's dataset folder and mark the dataset ready. Runs in the dataset-import worker (never on the
 * main thread: cutting segments takes tens of milliseconds per long piece).
 */
export async function runImport(
  store: LibraryStore,
  datasetId: number,
  request: ImportRequest,
  signal: AbortSignal,
  onStep: (s: ImportStep) => void
): Promise<ImportOutcome> {
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
    onStep({ done: p.done, total: p.total, errors, file: p.current })
  }
  const dir = store.files.datasetDir(datasetId)
  const manifest = await buildDataset(
    accepted(importFiles(files, { onProgress, signal }), reports, flush),
    dir,
    { name: request.name, ...buildOptions(request), labels, signal }
  )
  flush()
  const cache = join(dir, manifest.cacheFile)
  const { sha256, size } = await hashFile(cache)
  const segmentCount = manifest.segmentCount
  setDatasetConfig(db, datasetId, {
    ...request.segments,
    labels: request.labelFilter ?? [],
    segmentCount
  })
  setDatasetCache(db, datasetId, 'ready', { path: relative(store.files.root, cache), sha256, size })
  return { files: files.length, errors, segmentCount }
}
