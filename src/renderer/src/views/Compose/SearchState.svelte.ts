import { describeError } from '../../state/describeError'
import type { ArgsOf, ComposerApi, DatasetSummary } from '@shared/api'
import { SEARCH_EFFORT } from '@shared/api/domains/generation'
import type { InpaintCandidate, NearestResult, Seam } from '@shared/api/searchTypes'
import { FAMILY_COUNT } from '@shared/music/families'
import type { Piece } from '@shared/music/piece'
import type { VelocityMode } from '@shared/music/rollToPiece'

/** The part of window.composer the regenerate / continue / nearest panel uses. */
export type SearchApi = Pick<ComposerApi, 'generation' | 'datasets' | 'events'>

type SentPiece = ArgsOf<'generation', 'inpaint'>['piece']

/** What the panel needs from the rest of Compose: the open piece, the chosen model and threshold. */
export interface SearchContext {
  piece: () => Piece
  modelId: () => string
  threshold: () => number
  /** Per-family thresholds, velocities and key as the generate panel has them (none: flat, one threshold, as made). */
  binarizing?: () => { familyThresholds?: number[]; velocity?: VelocityMode; transpose?: number }
  /** Put a result in the editor (one undoable edit). */
  apply: (piece: Piece, label: string) => void
}

let jobCounter = 0

/**
 * Regenerate chosen bars x tracks of the open piece, continue it, and find the nearest training music (Svelte 5
 * runes). Searches run in the engine worker; progress comes as the job's status events and Cancel stops them.
 */
export class SearchState {
  windowBar = $state(0)
  keepBars = $state<boolean[]>([true, true, false, false])
  keepTracks = $state<boolean[]>(Array.from({ length: FAMILY_COUNT }, () => false))
  steps = $state<number>(SEARCH_EFFORT.steps)
  restarts = $state<number>(SEARCH_EFFORT.restarts)
  seed = $state(1)
  candidates = $state.raw<InpaintCandidate[]>([])
  f1Before = $state<number | null>(null)
  picked = $state(-1)
  continueBars = $state(4)
  context = $state(2)
  seams = $state.raw<Seam[]>([])
  adjacentBefore = $state<number | null>(null)
  busy = $state<'inpaint' | 'continue' | 'nearest' | null>(null)
  progress = $state<number | null>(null)
  error = $state<string | null>(null)
  datasets = $state.raw<DatasetSummary[]>([])
  datasetId = $state('')
  nearest = $state.raw<NearestResult | null>(null)
  private jobId: string | null = null
  private readonly off: () => void

  constructor(
    private readonly api: SearchApi,
    private readonly ctx: SearchContext
  ) {
    this.off = api.events.on('job:status', ({ job }) => {
      if (job.id === this.jobId && job.progress !== null) this.progress = job.progress
    })
  }

  /** Stop listening to job events. */
  dispose(): void {
    this.off()
  }

  private async search<T>(kind: 'inpaint' | 'continue', fn: (jobId: string) => Promise<T>) {
    this.error = null
    this.busy = kind
    this.progress = 0
    this.jobId = `search-${Date.now()}-${++jobCounter}`
    try {
      return await fn(this.jobId)
    } catch (err) {
      this.error = describeError(err)
      return undefined
    } finally {
      this.busy = null
      this.progress = null
      this.jobId = null
    }
  }

  private common(jobId: string) {
    return {
      modelId: this.ctx.modelId(),
      piece: this.ctx.piece() as SentPiece,
      threshold: this.ctx.threshold(),
      ...this.ctx.binarizing?.(),
      seed: this.seed,
      steps: this.steps,
      restarts: this.restarts,
      jobId
    }
  }

  /** Keep the ticked bars x tracks of the window, regenerate the rest; the best candidate goes in the editor. */
  async inpaint(): Promise<void> {
    const bars = this.keepBars.flatMap((on, i) => (on ? [i] : []))
    const tracks = this.keepTracks.flatMap((on, i) => (on ? [i] : []))
    if (!bars.length || !tracks.length) {
      this.error = 'Tick at least one bar and one track to keep.'
      return
    }
    const r = await this.search('inpaint', (jobId) =>
      this.api.generation.inpaint({
        ...this.common(jobId),
        keep: { bars, tracks },
        fromBar: this.windowBar,
        count: 4
      })
    )
    if (!r) return
    this.candidates = r.candidates
    this.f1Before = r.f1Before
    if (r.candidates.length) this.pick(0)
  }

  /** Put candidate i in the editor (replacing the previous candidate, not stacking on it). */
  pick(i: number): void {
    const c = this.candidates[i]
    if (!c) return
    this.picked = i
    this.ctx.apply(c.piece, `Regenerate (candidate ${i + 1})`)
  }

  /** Append `continueBars` bars that follow the piece's last `context` bars. */
  async continuePiece(): Promise<void> {
    const r = await this.search('continue', (jobId) =>
      this.api.generation.continuePiece({
        ...this.common(jobId),
        bars: this.continueBars,
        context: this.context
      })
    )
    if (!r) return
    this.seams = r.seams
    this.adjacentBefore = Number.isFinite(r.adjacentBefore) ? r.adjacentBefore : null
    this.ctx.apply(r.piece, `Continue by ${this.continueBars} bars`)
  }

  /** Stop the running search; it answers with what it has. */
  async cancel(): Promise<void> {
    if (this.jobId) await this.api.generation.cancelSearch({ jobId: this.jobId }).catch(() => {})
  }

  /** The ready datasets to compare with (the model's own first when known). */
  async loadDatasets(preferName?: string): Promise<void> {
    try {
      this.datasets = (await this.api.datasets.list()).filter((d) => d.status === 'ready')
      const pick = this.datasets.find((d) => d.name === preferName) ?? this.datasets[0]
      if (!this.datasets.some((d) => d.id === this.datasetId)) this.datasetId = pick?.id ?? ''
    } catch (err) {
      this.error = describeError(err)
    }
  }

  /** The closest training bars of every bar of the open piece. */
  async findNearest(): Promise<NearestResult | null> {
    if (!this.datasetId) {
      this.error = 'Import a dataset in the Library to compare with.'
      return null
    }
    this.error = null
    this.busy = 'nearest'
    try {
      const piece = this.ctx.piece() as SentPiece
      this.nearest = await this.api.datasets.nearest({ datasetId: this.datasetId, piece, k: 3 })
      return this.nearest
    } catch (err) {
      this.error = describeError(err)
      return null
    } finally {
      this.busy = null
    }
  }

  /** One training segment as a piece (to play a match). */
  async segment(index: number): Promise<Piece | null> {
    try {
      return (await this.api.datasets.segment({ datasetId: this.nearest!.datasetId, index })).piece
    } catch (err) {
      this.error = describeError(err)
      return null
    }
  }

  /**
   * Before an export: once a dataset is chosen, check the piece again and ask when a bar is closer to the training
   * music than real pieces get to other real pieces. True: go ahead.
   */
  async confirmExport(ask: (message: string) => boolean): Promise<boolean> {
    if (!this.datasetId) return true
    const r = await this.findNearest()
    if (!r || r.flagged.length === 0) return true
    const bars = r.flagged.map((b) => b + 1).join(', ')
    return ask(
      `Bar${r.flagged.length > 1 ? 's' : ''} ${bars} of this piece ${r.flagged.length > 1 ? 'are' : 'is'} closer to ` +
        `“${r.datasetName}” than real pieces get to each other (possible copying). Export anyway?`
    )
  }
}
