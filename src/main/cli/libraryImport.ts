// The CLI's import through the app's own datasets port: the same worker, library rows, reports and cache folder.
import type { JobStatus } from '../../shared/api/types'
import type { ApiEvent } from '../../shared/api/events'
import type { EventBus } from '../ipc/events'
import { listDatasets } from '../library/index'
import type { DatasetsPort, ImportRequest } from '../services/ports'
import { openLibrary } from './library'

type Progress = Extract<ApiEvent, { type: 'import:progress' }>

/** How a CLI import ended, with the dataset's numbers as the library records them. */
export interface CliImportResult {
  state: JobStatus['state']
  message?: string
  datasetId: string
  files: number
  errors: number
  segments: number
  /** Files that failed, with the importer's error. */
  failures: { file: string; code: string; message: string }[]
}

/** Options of one CLI import. */
export interface CliImportOptions {
  /** Delete a dataset of the same name first (otherwise that is an error, as in the app). */
  replace?: boolean
  onProgress?: (p: Progress) => void
  /** Aborting cancels the import (Ctrl+C); the cancelled dataset is removed so the name stays free. */
  signal?: AbortSignal
}

function settled(bus: EventBus, jobId: string, onProgress?: (p: Progress) => void) {
  return new Promise<JobStatus>((done) => {
    const off = bus.subscribe((e) => {
      if (e.type === 'import:progress' && e.jobId === jobId) onProgress?.(e)
      if (e.type === 'job:status' && e.job.id === jobId && e.job.state !== 'running') {
        off()
        done(e.job)
      }
    })
  })
}

async function runJob(
  port: DatasetsPort,
  bus: EventBus,
  request: ImportRequest,
  opts: CliImportOptions
): Promise<CliImportResult> {
  const { jobId, datasetId } = await port.startImport(request)
  const cancel = () => void port.cancelImport({ jobId })
  opts.signal?.addEventListener('abort', cancel, { once: true })
  const job = await settled(bus, jobId, opts.onProgress).finally(() =>
    opts.signal?.removeEventListener('abort', cancel)
  )
  if (job.state === 'cancelled') await port.remove({ id: datasetId })
  const detail = job.state === 'cancelled' ? undefined : await port.get({ id: datasetId })
  const failures = (detail?.files ?? [])
    .filter((f) => f.error)
    .map((f) => ({ file: f.file, code: f.error!.code, message: f.error!.message }))
  return {
    state: job.state,
    message: job.message,
    datasetId,
    files: detail?.fileCount ?? 0,
    errors: detail?.errorCount ?? 0,
    segments: detail?.segmentCount ?? 0,
    failures
  }
}

/** Import into the library of dataDir exactly as the app's datasets.import does, and wait for the job to end. */
export async function importIntoLibrary(
  dataDir: string,
  request: ImportRequest,
  opts: CliImportOptions = {}
): Promise<CliImportResult> {
  const { store, bus, services, close } = openLibrary(dataDir, 'cli import')
  try {
    const port = services.datasets
    const existing = listDatasets(store.db).find((d) => d.name === request.name)
    if (existing && !opts.replace)
      throw new Error(
        `a dataset named ${JSON.stringify(request.name)} exists already (--replace rebuilds it)`
      )
    if (existing) await port.remove({ id: String(existing.id) })
    return await runJob(port, bus, request, opts)
  } finally {
    await close()
  }
}
