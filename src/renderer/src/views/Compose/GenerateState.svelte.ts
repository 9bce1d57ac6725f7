import type { ArgsOf, ComposerApi, Generation, ModelSummary, PieceSummary } from '@shared/api'
import { FAMILY_COUNT } from '@shared/music/families'
import type { Piece } from '@shared/music/piece'

// The API's piece schema narrows some fields (time-signature denominators); main validates the rest.
type SavedPiece = ArgsOf<'pieces', 'save'>['piece']

/** The part of window.composer the generate panel uses. */
export type GenerateApi = Pick<ComposerApi, 'generation' | 'pieces'>

/**
 * The generate panel's state (Svelte 5 runes): model, seed, count, threshold, per-track enable,
 * interpolation between two seeds; the variations of the last call; save to and open from the
 * library. Threshold changes re-binarise the stored raw output (no new generation), latest wins.
 */
export class GenerateState {
  models = $state.raw<ModelSummary[]>([])
  modelId = $state('')
  seed = $state(1)
  seedB = $state(2)
  count = $state(4)
  steps = $state(4)
  threshold = $state(0.9)
  tracks = $state<boolean[]>(Array.from({ length: FAMILY_COUNT }, () => true))
  generation = $state.raw<Generation | null>(null)
  picked = $state(-1)
  busy = $state(false)
  error = $state<string | null>(null)
  /** Milliseconds of the last generate/interpolate call (request to answer). */
  lastMs = $state(0)
  library = $state.raw<PieceSummary[]>([])
  private pending: number | null = null
  private rebinarizing = false

  constructor(
    private readonly api: GenerateApi,
    private readonly onpick: (piece: Piece) => void
  ) {}

  private async run<T>(fn: () => Promise<T>): Promise<T | undefined> {
    this.error = null
    try {
      return await fn()
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err)
      return undefined
    }
  }

  /** Load the models (default first) and choose the first. */
  async loadModels(): Promise<void> {
    const models = await this.run(() => this.api.generation.models())
    if (!models) return
    this.models = models
    if (!models.some((m) => m.id === this.modelId)) this.modelId = models[0]?.id ?? ''
  }

  private async call(fn: () => Promise<Generation>): Promise<void> {
    this.busy = true
    const t0 = performance.now()
    const g = await this.run(fn)
    this.lastMs = performance.now() - t0
    this.busy = false
    if (!g) return
    this.generation = g
    this.pick(0)
  }

  /** Generate `count` variations from seed, seed+1, ...; shows the first. */
  async generate(): Promise<void> {
    const { modelId, seed, count, threshold } = this
    await this.call(() =>
      this.api.generation.generate({ modelId, seed, count, threshold, tracks: [...this.tracks] })
    )
  }

  /** Pieces along the path between seed and seedB. */
  async interpolate(): Promise<void> {
    const { modelId, seed, seedB, steps, threshold } = this
    await this.call(() =>
      this.api.generation.interpolate({
        modelId,
        seedA: seed,
        seedB,
        steps,
        threshold,
        tracks: [...this.tracks]
      })
    )
  }

  /** Re-binarise the stored raw output at a threshold (or with new track enables); the latest request wins. */
  async rethreshold(threshold = this.threshold): Promise<void> {
    this.threshold = threshold
    if (!this.generation) return
    this.pending = threshold
    if (this.rebinarizing) return
    this.rebinarizing = true
    while (this.pending !== null && this.generation) {
      const t = this.pending
      this.pending = null
      const generationId: string = this.generation.generationId
      const g: Generation | undefined = await this.run(() =>
        this.api.generation.rebinarize({ generationId, threshold: t, tracks: [...this.tracks] })
      )
      if (g) this.generation = g
    }
    this.rebinarizing = false
    if (this.picked >= 0) this.pick(this.picked)
  }

  /** Enable or disable one track and re-binarise. */
  async toggleTrack(track: number): Promise<void> {
    this.tracks[track] = !this.tracks[track]
    await this.rethreshold()
  }

  /** Open variation i in the editor. */
  pick(i: number): void {
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
    return this.run(() =>
      this.api.pieces.save({
        title: piece.title.slice(0, 200) || 'Untitled',
        piece: piece as SavedPiece,
        origin
      })
    )
  }

  /** The latest pieces of the library (for the open list). */
  async listLibrary(): Promise<void> {
    const r = await this.run(() => this.api.pieces.list({ sort: 'updated', order: 'desc' }))
    if (r) this.library = r.items
  }

  /** Open a stored piece in the editor. */
  async open(id: string): Promise<void> {
    const r = await this.run(() => this.api.pieces.get({ id }))
    if (r) this.onpick({ ...r.piece, title: r.title })
  }
}
