import { basename } from 'node:path'
import { ApiError } from '../../../shared/api/errors'
import type { DatasetSummary, FileReport } from '../../../shared/api/types'
import { rollToPiece } from '../../../shared/music/rollToPiece'
import { DatasetReader } from '../../data/dataset/index'
import { permutation } from '../../../shared/random'
import {
  createDataset,
  datasetFiles,
  failureMessage,
  getDataset,
  listDatasets,
  renameDataset,
  setDatasetCache,
  type DatasetFileReport,
  type DatasetRecord
} from '../../library/index'
import type { DatasetsPort } from '../ports'
import { markMethods } from '../marks'
import { isoTime, rowId } from '../ids'
import type { ImportJobDeps } from './importJob'
import { startWorker } from '../../workers/entry'
import type { ImportMessage, ImportWorkerData } from './importProtocol'
import type { Worker } from 'node:worker_threads'
import type { ImportRequest } from '../ports'

function summary(r: DatasetRecord): DatasetSummary {
  const config = (r.config ?? {}) as { segmentCount?: number; labels?: string[] }
  return {
    id: String(r.id),
    name: r.name,
    status: r.status,
    createdAt: isoTime(r.createdAt),
    fileCount: r.fileCount,
    errorCount: r.errorCount,
    segmentCount: config.segmentCount ?? 0,
    labels: config.labels ?? []
  }
}

/** A stored import report in the API's shape (the importer's own report, or its one error). */
export function fileReport(f: DatasetFileReport): FileReport {
  const r = (f.report ?? {}) as Record<string, any>
  if (!f.ok) {
    const e = r.error ?? {}
    return {
      file: basename(f.path),
      status: 'error',
      tracks: [],
      notesKept: 0,
      notesDropped: { outOfRange: 0, zeroLength: 0 },
      warnings: [],
      error: { code: String(e.code ?? 'failed'), message: String(e.message ?? 'could not be read') }
    }
  }
  return {
    file: basename(f.path),
    status: 'ok',
    tracks: (r.tracks ?? []).map((t: any) => ({ name: t.name, family: t.family, notes: t.notes })),
    notesKept: r.notesKept ?? 0,
    notesDropped: {
      outOfRange: r.notesDropped?.outOfRange ?? 0,
      zeroLength: r.notesDropped?.zeroLength ?? 0
    },
    warnings: r.warnings ?? []
  }
}

/** Run one import in the dataset-import worker; its messages become import:progress events and job updates. */
function launchImport(
  deps: ImportJobDeps,
  datasetId: number,
  jobId: string,
  request: ImportRequest,
  onExit: () => void
): Worker {
  const { jobs, bus, store } = deps
  const data: ImportWorkerData = { dataDir: store.files.root, datasetId, request }
  const worker = startWorker('datasetImportWorker', { workerData: data })
  let ended = false
  worker.on('message', (m: ImportMessage) => {
    if (m.type === 'step') {
      const { done, total, errors, file } = m
      bus.publish({
        type: 'import:progress',
        jobId,
        datasetId: String(datasetId),
        done,
        total,
        errors,
        file
      })
      jobs.update(jobId, { progress: total > 0 ? done / total : null })
    } else if (m.type === 'done') {
      ended = true
      const message = `${m.files - m.errors} of ${m.files} files, ${m.segmentCount} segments`
      jobs.update(jobId, { state: 'done', progress: 1, message })
    } else {
      ended = true
      jobs.update(jobId, { state: m.cancelled ? 'cancelled' : 'failed', message: m.message })
    }
  })
  // Handlers of a worker's end never throw: a full disk fails this import's job, never the process (issue 11 item 4).
  worker.on('error', (err) => {
    console.error('import worker:', err)
    if (!ended)
      jobs.update(jobId, {
        state: 'failed',
        message: failureMessage('The import', err, 'import again')
      })
    ended = true
  })
  worker.on('exit', () => {
    try {
      const open = store.db.open // closed already when the CLI ended before its worker
      if (open && getDataset(store.db, datasetId)?.status === 'importing')
        setDatasetCache(store.db, datasetId, 'failed')
    } catch (err) {
      console.error(`dataset ${datasetId}: could not record the failed import`, err)
    }
    if (!ended) jobs.update(jobId, { state: 'failed', message: 'The import stopped unexpectedly.' })
    onExit()
  })
  return worker
}

/** The datasets domain over the library, the import workers and the dataset builder. */
export function libraryDatasets(
  deps: ImportJobDeps,
  trainingOn: (datasetId: number) => string | null = () => null
): DatasetsPort {
  const { store, jobs } = deps
  const db = store.db
  const running = new Map<string, { worker: Worker; datasetId: number; exited: Promise<void> }>()
  const importing = (datasetId: number) =>
    [...running.values()].some((r) => r.datasetId === datasetId)
  // A worker whose import failed can still be exiting; its exit handler marks an 'importing' row failed, so a new
  // import of the same dataset starts only after it is gone (else the new import showed 'failed' while it ran).
  const exited = (datasetId: number) =>
    Promise.all([...running.values()].filter((r) => r.datasetId === datasetId).map((r) => r.exited))
  const record = (id: string) => {
    const r = getDataset(db, rowId(id, 'dataset'))
    if (!r) throw new ApiError('not_found', 'that dataset is not in the library any more', 'id')
    return r
  }
  // "importing" with no import running means it stopped and could not record it (a full disk): show it failed.
  const view = (r: DatasetRecord) =>
    summary(r.status === 'importing' && !importing(r.id) ? { ...r, status: 'failed' } : r)
  const launch = (datasetId: number, request: ImportRequest) => {
    const job = jobs.start('import', `Importing ${request.name}`, String(datasetId))
    let gone!: () => void
    const exited = new Promise<void>((resolve) => (gone = resolve))
    const worker = launchImport(deps, datasetId, job.id, request, () => {
      running.delete(job.id)
      gone()
    })
    running.set(job.id, { worker, datasetId, exited })
    return { jobId: job.id, datasetId: String(datasetId) }
  }
  return {
    list: () => listDatasets(db).map(view),
    get: ({ id }) => {
      const r = record(id)
      return { ...view(r), files: datasetFiles(db, r.id).map(fileReport) }
    },
    segments: async ({ id, count, seed }) => {
      const r = record(id)
      if (r.status !== 'ready')
        throw new ApiError('conflict', 'that dataset has not finished importing')
      const reader = await DatasetReader.open(store.files.datasetDir(r.id))
      try {
        const picks = permutation(reader.count, seed).slice(0, count)
        const out = []
        for (const i of picks) {
          const piece = rollToPiece(await reader.read(i), reader.manifest.config, {
            title: `${r.name} #${i}`
          })
          out.push({ id: `${r.id}-${i}`, piece })
        }
        return out
      } finally {
        await reader.close()
      }
    },
    startImport: (request) => {
      if (listDatasets(db).some((d) => d.name === request.name)) {
        throw new ApiError('conflict', `a dataset named “${request.name}” exists already`, 'name')
      }
      // The source is recorded so an interrupted import can run again (issue 11.5); a finished import's config
      // replaces it.
      const datasetId = createDataset(db, request.name, { ...request.segments, source: request })
      return launch(datasetId, request)
    },
    resumeImport: async ({ id }) => {
      let r = record(id)
      if (r.status !== 'importing') {
        await exited(r.id)
        r = record(id)
      }
      if (r.status === 'ready' || importing(r.id))
        throw new ApiError(
          'conflict',
          `“${r.name}” is ${r.status === 'ready' ? 'imported' : 'importing'} already`
        )
      const source = (r.config as { source?: ImportRequest }).source
      if (!source)
        throw new ApiError(
          'conflict',
          'this import did not record its source: remove it and import again'
        )
      setDatasetCache(db, r.id, 'importing')
      return launch(r.id, { ...source, name: r.name })
    },
    cancelImport: ({ jobId }) => {
      const live = running.get(jobId)
      if (!live) throw new ApiError('not_found', 'that import is not running', 'jobId')
      live.worker.postMessage({ type: 'cancel' })
    },
    ...markMethods(db, 'dataset', (id) => record(id).id),
    rename: ({ id, name }) => {
      const r = record(id)
      renameDataset(db, r.id, name)
      return view(record(id))
    },
    remove: async ({ id }) => {
      const r = record(id)
      if (r.status === 'importing' && importing(r.id))
        throw new ApiError('conflict', 'cancel the import before deleting the dataset')
      await exited(r.id)
      record(id) // still there after the wait
      // A run training on it could never resume (issue 11 item 9).
      const run = trainingOn(r.id)
      if (run !== null)
        throw new ApiError('conflict', `“${run}” is training on this dataset: stop it first`)
      store.deleteDataset(r.id)
    }
  }
}
