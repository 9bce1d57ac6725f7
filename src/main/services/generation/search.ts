// Inpainting and continuation for the app: the checkpoint resolved through the library, the search in the engine
// worker, progress as a generation job (job:status events) that cancelSearch stops.
import { ApiError } from '../../../shared/api/errors'
import { SEARCH_EFFORT } from '../../../shared/api/domains/generation'
import type { ContinueResult, InpaintResult } from '../../../shared/api/searchTypes'
import { newId } from '../../app/files'
import type { JobRegistry } from '../../app/jobs'
import { getCheckpoint, type LibraryStore } from '../../library/index'
import type { BackendSetting } from '../../../shared/api/common'
import type { EngineClient } from '../../ml/engineClient'
import type { SearchSpec } from '../../ml/engineProtocol'
import type { VelocityMode } from '../../../shared/music/rollToPiece'
import type { GenerationPort } from '../ports'
import { rowId } from '../ids'

type SearchMethods = Pick<GenerationPort, 'inpaint' | 'continuePiece' | 'cancelSearch'>

/** The generation domain's search methods over the engine worker. */
export function searchMethods(
  store: LibraryStore,
  backend: () => BackendSetting,
  engine: EngineClient,
  jobs: JobRegistry
): SearchMethods {
  const running = new Map<string, () => void>()

  async function run<R extends InpaintResult | ContinueResult>(
    args: {
      modelId: string
      threshold: number
      familyThresholds?: number[]
      velocity?: VelocityMode
      transpose?: number
      seed: number
      steps?: number
      restarts?: number
      jobId?: string
    },
    spec: SearchSpec,
    label: string
  ): Promise<R> {
    const ck = getCheckpoint(store.db, rowId(args.modelId, 'model', 'modelId'))
    if (!ck)
      throw new ApiError('not_found', 'that checkpoint is not in the library any more', 'modelId')
    const jobId = args.jobId ?? newId()
    if (running.has(jobId) || jobs.get(jobId))
      throw new ApiError('conflict', 'a job with that id is running', 'jobId')
    const b = backend()
    jobs.start('generation', label, undefined, jobId)
    const settings = {
      threshold: args.threshold,
      familyThresholds: args.familyThresholds,
      velocity: args.velocity,
      transpose: args.transpose,
      seed: args.seed,
      steps: args.steps ?? SEARCH_EFFORT.steps,
      restarts: args.restarts ?? SEARCH_EFFORT.restarts
    }
    let last = 0
    const search = engine.search(store.files.toAbs(ck.file), spec, settings, {
      backend: b === 'auto' ? null : b,
      onProgress: (done) => {
        // A status event at most every 2 % keeps the event stream small.
        if (done - last < 0.02 && done < 1) return
        last = done
        jobs.update(jobId, { progress: done })
      }
    })
    running.set(jobId, search.cancel)
    try {
      const result = (await search.done) as R
      jobs.update(jobId, { state: result.cancelled ? 'cancelled' : 'done', progress: 1 })
      return result
    } catch (err) {
      jobs.update(jobId, {
        state: 'failed',
        message: err instanceof Error ? err.message : String(err)
      })
      throw err
    } finally {
      running.delete(jobId)
    }
  }

  return {
    inpaint: (a) =>
      run<InpaintResult>(
        a,
        {
          kind: 'inpaint',
          piece: a.piece,
          keep: a.keep,
          fromBar: a.fromBar ?? 0,
          count: a.count ?? 4
        },
        `Regenerating bars of “${a.piece.title}”`
      ),
    continuePiece: (a) =>
      run<ContinueResult>(
        a,
        { kind: 'continue', piece: a.piece, bars: a.bars, context: a.context },
        `Continuing “${a.piece.title}” by ${a.bars} bars`
      ),
    cancelSearch: ({ jobId }) => {
      const cancel = running.get(jobId)
      if (!cancel) throw new ApiError('not_found', 'no search with that id is running', 'jobId')
      cancel()
    }
  }
}
