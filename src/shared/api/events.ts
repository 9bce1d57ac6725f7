import type { JobStatus, Losses } from './types'

/** The commands the app menu sends to the renderer (the focused view acts on them). */
export type MenuCommand =
  | 'import'
  | 'export'
  | 'undo'
  | 'redo'
  | 'view:compose'
  | 'view:train'
  | 'view:compare'
  | 'view:library'
  | 'about'

/** Events main pushes to the renderer: a discriminated union on `type`. */
export type ApiEvent =
  | {
      type: 'import:progress'
      jobId: string
      datasetId: string
      done: number
      total: number
      errors: number
      file: string | null
    }
  | {
      type: 'run:progress'
      runId: string
      step: number
      /** The epoch of this step, 0-based (the first epoch's steps say 0). */
      epoch: number
      epochs: number
      /** Steps of the whole run: step / totalSteps is the run's progress (the status bar shows the same). */
      totalSteps: number
      stepsPerSecond: number
      etaSeconds: number | null
      losses: Losses
    }
  | { type: 'run:sample'; runId: string; sampleId: string; epoch: number }
  | { type: 'job:status'; job: JobStatus }
  | { type: 'menu:command'; command: MenuCommand }

/** An event's type tag. */
export type ApiEventType = ApiEvent['type']

/** The event of one type. */
export type EventOf<T extends ApiEventType> = Extract<ApiEvent, { type: T }>

/** Every event type, for subscription checks. */
export const EVENT_TYPES: readonly ApiEventType[] = [
  'import:progress',
  'run:progress',
  'run:sample',
  'job:status',
  'menu:command'
]

/** Typed subscription to pushed events; returns the function that unsubscribes. */
export interface EventSubscriber {
  on<T extends ApiEventType>(type: T, listener: (event: EventOf<T>) => void): () => void
}
