import { basename } from 'node:path'
import { ApiError } from '../../../shared/api/errors'
import type { DatasetSummary, FileReport } from '../../../shared/api/types'
import { rollToPiece } from '../../../shared/music/rollToPiece'
import { DatasetReader, shuffledIndices } from '../../data/dataset/index'
import {
  createDataset,
  datasetFiles,
  getDataset,
  listDatasets,
  renameDataset,
  setDatasetCache,
  type DatasetFileReport,
  type DatasetRecord
} from '../../library/index'
import type { DatasetsPort } from '../ports'
import { isoTime, rowId } from './ids'
import { runImport, type ImportJobDeps } from './importJob'

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

/** The datasets domain over the library, the import workers and the dataset builder. */
export function libraryDatasets(deps: ImportJobDeps): DatasetsPort {
  const { store, jobs } = deps
  const db = store.db
  const running = new Map<string, AbortController>()
  const record = (id: string) => {
    const r = getDataset(db, rowId(id, 'dataset'))
    if (!r) throw new ApiError('not_found', 'that dataset is not in the library any more', 'id')
    return r
  }
  return {
    list: () => listDatasets(db).map(summary),
    get: ({ id }) => {
      const r = record(id)
      return { ...summary(r), files: datasetFiles(db, r.id).map(fileReport) }
    },
    segments: async ({ id, count, seed }) => {
      const r = record(id)
      if (r.status !== 'ready')
        throw new ApiError('conflict', 'that dataset has not finished importing')
      const reader = await DatasetReader.open(store.files.datasetDir(r.id))
      try {
        const picks = shuffledIndices(reader.count, seed).slice(0, count)
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
      const datasetId = createDataset(db, request.name, { ...request.segments })
      const job = jobs.start('import', `Importing ${request.name}`, String(datasetId))
      const controller = new AbortController()
      running.set(job.id, controller)
      runImport(deps, datasetId, job.id, request, controller.signal)
        .catch((err) => {
          const cancelled = controller.signal.aborted
          setDatasetCache(db, datasetId, cancelled ? 'cancelled' : 'failed')
          jobs.update(job.id, {
            state: cancelled ? 'cancelled' : 'failed',
            message: cancelled ? 'cancelled' : err instanceof Error ? err.message : String(err)
          })
        })
        .finally(() => running.delete(job.id))
      return { jobId: job.id, datasetId: String(datasetId) }
    },
    cancelImport: ({ jobId }) => {
      const controller = running.get(jobId)
      if (!controller) throw new ApiError('not_found', 'that import is not running', 'jobId')
      controller.abort()
    },
    rename: ({ id, name }) => {
      const r = record(id)
      renameDataset(db, r.id, name)
      return summary(record(id))
    },
    remove: ({ id }) => {
      const r = record(id)
      if (r.status === 'importing')
        throw new ApiError('conflict', 'cancel the import before deleting the dataset')
      store.deleteDataset(r.id)
    }
  }
}
