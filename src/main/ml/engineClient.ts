// Main-thread handle of the engine worker: requests out, pieces in; the main thread never runs tfjs nor thresholds a roll.
import type { Worker } from 'node:worker_threads'
import type { Piece } from '../../shared/music/piece'
import { startWorker } from '../workers/entry'
import type { BackendChoice, BackendName } from './backend'
import type {
  Binarize,
  EngineReply,
  EngineRequest,
  GenerateInfo,
  NoiseSpec,
  SearchSettingsMessage,
  SearchSpec
} from './engineProtocol'
import type { ContinueResult, InpaintResult } from '../../shared/api/searchTypes'

/** A request the worker could not serve; `code` 'not_kept' when a generation's raw output is no longer kept. */
export class EngineError extends Error {
  constructor(
    message: string,
    readonly code?: 'not_kept'
  ) {
    super(message)
  }
}

/** Pieces of one request, and for a generate how it was made. */
export interface EnginePieces {
  pieces: Piece[]
  info?: GenerateInfo
}

type Pending = {
  resolve: (r: EnginePieces) => void
  reject: (e: Error) => void
  /** Searches: progress reports, then the result. */
  search?: {
    onProgress: (done: number, loss: number) => void
    resolve: (r: SearchResultOf) => void
  }
}
type SearchResultOf = Extract<EngineReply, { type: 'searched' }>['result']
type Without<T> = T extends unknown ? Omit<T, 'id'> : never

/**
 * The engine worker, started on the first request and kept (with its model loaded) until close(). It does not keep the
 * process alive while idle. If it dies, pending requests fail with the reason and the next request starts a fresh one.
 */
export class EngineClient {
  private worker: Worker | null = null
  private readonly pending = new Map<number, Pending>()
  private nextId = 1
  /** The backend the worker chose (null before its first generation). */
  backend: BackendChoice | null = null

  /** Generate from a checkpoint file; the raw output stays in the worker under generationId. */
  generate(
    generationId: string,
    file: string,
    noise: NoiseSpec,
    binarize: Binarize,
    opts: { backend?: BackendName | null; wantRaw?: boolean } = {}
  ): Promise<EnginePieces> {
    const { backend = null, wantRaw } = opts
    return this.request({ type: 'generate', generationId, file, noise, backend, binarize, wantRaw })
  }

  /** The pieces of a kept generation at another threshold or track selection. */
  binarize(generationId: string, binarize: Binarize): Promise<EnginePieces> {
    return this.request({ type: 'binarize', generationId, binarize })
  }

  /**
   * Run a latent search (inpaint or continue) with progress; `cancel()` stops it at its next progress report and it
   * still answers with what it found.
   */
  search<S extends SearchSpec>(
    file: string,
    spec: S,
    settings: SearchSettingsMessage,
    opts: { backend?: BackendName | null; onProgress?: (done: number, loss: number) => void } = {}
  ): {
    done: Promise<S extends { kind: 'inpaint' } ? InpaintResult : ContinueResult>
    cancel: () => void
  } {
    const worker = this.worker ?? this.start()
    const id = this.nextId++
    const done = new Promise<SearchResultOf>((resolve, reject) => {
      const onProgress = opts.onProgress ?? (() => {})
      this.pending.set(id, { resolve: () => {}, reject, search: { onProgress, resolve } })
      worker.ref()
      worker.postMessage({
        type: 'search',
        id,
        file,
        spec,
        settings,
        backend: opts.backend ?? null
      })
    })
    const cancel = () =>
      this.worker?.postMessage({ type: 'cancel', id: this.nextId++, searchId: id })
    return {
      done: done as Promise<S extends { kind: 'inpaint' } ? InpaintResult : ContinueResult>,
      cancel
    }
  }

  /** Stop the worker (pending requests fail; kept generations are gone). */
  async close(): Promise<void> {
    const w = this.worker
    this.worker = null
    if (w) await w.terminate()
  }

  private request(req: Without<EngineRequest>): Promise<EnginePieces> {
    const worker = this.worker ?? this.start()
    const id = this.nextId++
    return new Promise<EnginePieces>((resolve, reject) => {
      this.pending.set(id, { resolve, reject })
      worker.ref()
      worker.postMessage({ ...req, id })
    })
  }

  private start(): Worker {
    const w = startWorker('engineWorker')
    this.worker = w
    w.unref()
    w.on('message', (r: EngineReply) => this.answer(r))
    w.on('error', (err) => this.failAll(w, err instanceof Error ? err : new Error(String(err))))
    w.on('exit', (code) => this.failAll(w, new Error(`the engine worker stopped (exit ${code})`)))
    return w
  }

  private answer(r: EngineReply): void {
    const p = this.pending.get(r.id)
    if (!p) return
    if (r.type === 'progress') return p.search?.onProgress(r.done, r.loss)
    this.pending.delete(r.id)
    if (this.pending.size === 0) this.worker?.unref()
    if (r.type === 'failed') {
      if (r.fatal) void this.close()
      return p.reject(new EngineError(r.message, r.code))
    }
    if (r.type === 'searched') return p.search?.resolve(r.result)
    if (r.info) this.backend = r.info.backend
    p.resolve({ pieces: r.pieces, info: r.info })
  }

  private failAll(w: Worker, err: Error): void {
    if (this.worker === w) this.worker = null
    for (const p of this.pending.values()) p.reject(err)
    this.pending.clear()
  }
}
