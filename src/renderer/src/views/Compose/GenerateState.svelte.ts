import { PAPER_THRESHOLD } from '@shared/music/pianoroll'
import { describeError } from '../../state/describeError'
import type { ArgsOf, ComposerApi, Generation, ModelSummary, PieceSummary } from '@shared/api'
import { FAMILY_COUNT } from '@shared/music/families'
import type { Piece } from '@shared/music/piece'
import type { VelocityMode } from '@shared/music/rollToPiece'

// The API's piece schema narrows some fields (time-signature denominators); main validates the rest.
type SavedPiece = ArgsOf<'pieces', 'save'>['piece']

/** How raw output becomes notes: threshold(s), enabled tracks, velocities. */
type Binarizing = Omit<ArgsOf<'generation', 'rebinarize'>, 'generationId'>

/** The part of window.composer the generate panel uses. */
export type GenerateApi = Pick<ComposerApi, 'generation' | 'pieces'>

/** Options of a GenerateState. */
export interface GenerateStateOptions {
  /** Asked before a new generation, another variation or a re-threshold replaces the open piece. */
  beforeReplace: () => boolean
  /** Told after the engine answered (the status bar then names its backend). */
  engineUsed: () => void
}

/**
 * The generate panel's state (Svelte 5 runes): model, seed, count, threshold, per-track enable,
 * interpolation between two seeds; the variations of the last call; saving one with its origin.
 * Threshold changes re-binarise the stored raw output (no new generation), latest wins.
 */
export class GenerateState {
  models = $state.raw<ModelSummary[]>([])
  modelId = $state('')
  seed = $state(1)
  seedB = $state(2)
  count = $state(4)
  steps = $state(4)
  threshold = $state(PAPER_THRESHOLD)
  /** Spread of the noise for the next Generate / Interpolate (the truncation trick; 1 = as trained). */
  variety = $state(1)
  /** The model's threshold per family while the slider is untouched (null: `threshold` for every family). */
  familyThresholds = $state.raw<number[] | null>(null)
  /** Semitones the pitched tracks are moved (another key for the same music; drums stay). */
  transpose = $state(0)
  /** Notes at a flat velocity 100, or each from the model's confidence in it. */
  velocity = $state<VelocityMode>('flat')
  tracks = $state<boolean[]>(Array.from({ length: FAMILY_COUNT }, () => true))
  generation = $state.raw<Generation | null>(null)
  picked = $state(-1)
  busy = $state(false)
  error = $state<string | null>(null)
  /** Milliseconds of the last generate/interpolate call (request to answer). */
  lastMs = $state(0)
  private pending: Binarizing | null = null
  private rebinarizing = false
  private readonly opts: GenerateStateOptions

  constructor(
    private readonly api: GenerateApi,
    private readonly onpick: (piece: Piece) => void,
    opts: Partial<GenerateStateOptions> = {}
  ) {
    this.opts = { beforeReplace: () => true, engineUsed: () => {}, ...opts }
  }

  /** Run an API call; a failure lands in `error` and gives undefined. */
  async guard<T>(fn: () => Promise<T>): Promise<T | undefined> {
    this.error = null
    try {
      return await fn()
    } catch (err) {
      this.error = describeError(err)
      return undefined
    }
  }

  /** How the shown variations were made: seeds, or an interpolation between two seeds. */
  made = $state.raw<{ kind: 'seeds' } | { kind: 'path'; seedA: number; seedB: number }>({
    kind: 'seeds'
  })

  /** Load the models (default first) and choose the first. */
  async loadModels(): Promise<void> {
    const models = await this.guard(() => this.api.generation.models())
    if (!models) return
    this.models = models
    if (!models.some((m) => m.id === this.modelId)) this.chooseModel(models[0]?.id ?? '')
  }

  /** Choose a model; the threshold moves to the one it recommends (per family where it stores them). */
  chooseModel(id: string): void {
    this.modelId = id
    this.recommend()
  }

  /** Back to the chosen model's recommended threshold(s); false when it recommends none. */
  recommend(): boolean {
    const m = this.models.find((x) => x.id === this.modelId)
    if (typeof m?.recommendedThreshold !== 'number') return false
    this.threshold = m.recommendedThreshold
    this.familyThresholds = m.recommendedThresholds?.length === 17 ? m.recommendedThresholds : null
    return true
  }

  /** How raw output becomes notes, as the API takes it. */
  private binarizing(): Binarizing {
    return {
      threshold: this.threshold,
      tracks: [...this.tracks],
      velocity: this.velocity,
      transpose: this.transpose,
      ...(this.familyThresholds ? { familyThresholds: [...this.familyThresholds] } : {})
    }
  }

  /** A variation's label: its seed, or where it lies on the path between two seeds. */
  label(i: number): string {
    const item = this.generation?.items[i]
    if (!item) return ''
    const m = this.made
    const n = this.generation?.items.length ?? 1
    return m.kind === 'path' ? `${m.seedA}→${m.seedB} ${i + 1}/${n}` : `seed ${item.seed}`
  }

  private async call(fn: () => Promise<Generation>): Promise<void> {
    this.busy = true
    const t0 = performance.now()
    const g = await this.guard(fn)
    this.lastMs = performance.now() - t0
    this.busy = false
    if (!g) return
    this.opts.engineUsed()
    this.generation = g
    this.show(0)
  }

  /** Generate `count` variations from seed, seed+1, ...; shows the first. */
  async generate(): Promise<void> {
    if (!this.opts.beforeReplace()) return
    const { modelId, seed, count, variety } = this
    this.made = { kind: 'seeds' }
    await this.call(() =>
      this.api.generation.generate({ modelId, seed, count, variety, ...this.binarizing() })
    )
  }

  /** Pieces along the path between seed and seedB. */
  async interpolate(): Promise<void> {
    if (!this.opts.beforeReplace()) return
    const { modelId, seed, seedB, steps, variety } = this
    this.made = { kind: 'path', seedA: seed, seedB }
    await this.call(() =>
      this.api.generation.interpolate({
        modelId,
        seedA: seed,
        seedB,
        steps,
        variety,
        ...this.binarizing()
      })
    )
  }

  /** One threshold for every family (the slider), re-binarising the stored raw output; the latest request wins. */
  async rethreshold(threshold = this.threshold): Promise<void> {
    if (!this.mayReshow()) return
    this.threshold = threshold
    this.familyThresholds = null
    await this.rebinarize()
  }

  /** Back to the model's recommended threshold(s), re-binarising. */
  async recommended(): Promise<void> {
    if (!this.mayReshow() || !this.recommend()) return
    await this.rebinarize()
  }

  /** Velocities flat or from confidence, re-binarising. */
  async setVelocity(mode: VelocityMode): Promise<void> {
    if (mode === this.velocity || !this.mayReshow()) return
    this.velocity = mode
    await this.rebinarize()
  }

  /** Move the pieces by `semitones` (re-binarising the stored output: the same music in another key). */
  async setTranspose(semitones: number): Promise<void> {
    if (semitones === this.transpose || !this.mayReshow()) return
    this.transpose = semitones
    await this.rebinarize()
  }

  /** The chosen model writes in C major / A minor (trained with its keys aligned). */
  get keyAligned(): boolean {
    return this.models.find((m) => m.id === this.modelId)?.keyAligned === true
  }

  /** Enable or disable one track and re-binarise. */
  async toggleTrack(track: number): Promise<void> {
    if (!this.mayReshow()) return
    this.tracks[track] = !this.tracks[track]
    await this.rebinarize()
  }

  // A re-binarised variation replaces the open piece: ask first when that piece is one of ours.
  private mayReshow(): boolean {
    return !this.generation || this.picked < 0 || this.opts.beforeReplace()
  }

  private async rebinarize(): Promise<void> {
    if (!this.generation) return
    this.pending = this.binarizing()
    if (this.rebinarizing) return
    this.rebinarizing = true
    while (this.pending !== null && this.generation) {
      const how = this.pending
      this.pending = null
      const generationId: string = this.generation.generationId
      const g: Generation | undefined = await this.guard(() =>
        this.api.generation.rebinarize({ generationId, ...how })
      )
      if (g) this.generation = g
    }
    this.rebinarizing = false
    if (this.picked >= 0) this.show(this.picked)
  }

  /** Open variation i in the editor (asks before replacing an edited piece). */
  pick(i: number): void {
    if (this.opts.beforeReplace()) this.show(i)
  }

  private show(i: number): void {
    const item = this.generation?.items[i]
    if (!item) return
    this.picked = i
    this.onpick(item.piece)
  }

  /** Store a piece in the library. */
  async save(piece: Piece): Promise<PieceSummary | undefined> {
    const g = this.generation
    const item = g?.items[this.picked]
    const origin =
      g && item
        ? { kind: 'generated' as const, generationId: g.generationId, index: item.index }
        : undefined
    return this.guard(() =>
      this.api.pieces.save({
        title: piece.title.slice(0, 200) || 'Untitled',
        piece: piece as SavedPiece,
        origin
      })
    )
  }
}
