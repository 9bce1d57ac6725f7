// Main-thread handle of a training worker: commands out, typed events in; never blocks on a training step.
import { EventEmitter } from 'node:events'
import type { Worker } from 'node:worker_threads'
import { failureMessage } from '../library/failures'
import { startWorker } from '../workers/entry'
import type { StartTraining, TrainCommand, TrainEvent } from './protocol'

/** A running training worker. Listen with `on('event', e => ...)`; `done` settles when the worker exits. */
export class TrainingHandle extends EventEmitter {
  readonly done: Promise<number>
  private readonly worker: Worker

  constructor(start: Omit<StartTraining, 'type'>) {
    super()
    this.worker = startWorker('trainWorker')
    this.worker.on('message', (e: TrainEvent) => this.emit('event', e))
    this.worker.on('error', (err) => {
      console.error('training worker:', err)
      this.emit('event', {
        type: 'error',
        message: failureMessage('Training', err, 'resume the run')
      })
    })
    this.done = new Promise((resolve) => this.worker.once('exit', resolve))
    this.send({ type: 'start', ...start })
  }

  private send(cmd: TrainCommand): void {
    this.worker.postMessage(cmd)
  }

  /** Pause after the current step (a checkpoint is written). */
  pause(): void {
    this.send({ type: 'pause' })
  }

  resume(): void {
    this.send({ type: 'resume' })
  }

  /** Stop after the current step (a checkpoint is written), then the worker exits. */
  stop(): void {
    this.send({ type: 'stop' })
  }

  /** Kill the worker at once (no checkpoint). */
  terminate(): Promise<number> {
    return this.worker.terminate()
  }
}

/** Start training in a worker thread. */
export function startTraining(start: Omit<StartTraining, 'type'>): TrainingHandle {
  return new TrainingHandle(start)
}
