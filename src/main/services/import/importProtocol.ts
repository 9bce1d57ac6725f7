import type { ImportRequest } from '../ports'
import type { ImportOutcome, ImportStep } from './importJob'

/** What the main thread gives the dataset-import worker. */
export interface ImportWorkerData {
  dataDir: string
  datasetId: number
  request: ImportRequest
}

/** Messages main sends the worker. */
export type ImportCommand = { type: 'cancel' }

/** Messages the worker posts. */
export type ImportMessage =
  | ({ type: 'step' } & ImportStep)
  | ({ type: 'done' } & ImportOutcome)
  | { type: 'failed'; message: string; cancelled: boolean }
