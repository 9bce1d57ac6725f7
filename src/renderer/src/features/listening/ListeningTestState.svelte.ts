import type { ComposerApi } from '@shared/api'
import type { Piece } from '@shared/music/piece'
import { makePairs, type BlindPair } from './pairing'
import type { ListeningClient } from './port'
import { summarize, type ListeningAnswer, type ListeningSummary } from './scoring'

/** The part of window.composer (and of the requested listening calls) a listening test uses. */
export type ListeningTestClient = {
  runs: Pick<ComposerApi['runs'], 'get' | 'samples'>
  generation: Pick<ComposerApi['generation'], 'sample'>
  datasets: ListeningClient['datasets']
  listening: Pick<ListeningClient['listening'], 'save'>
}

/** One clip of a pair: an id and a piece (the listener never sees which kind). */
export interface Clip {
  id: string
  piece: Piece
}

/** What the listener has entered for the current pair. */
export interface PendingAnswer {
  picked: 'a' | 'b' | null
  ratingA: number | null
  ratingB: number | null
}

const blank = (): PendingAnswer => ({ picked: null, ratingA: null, ratingB: null })

/** A blind listening test of one run: N pairs of a real segment and a generated sample, answers stored per run. */
export class ListeningTestState {
  runId = $state<string | null>(null)
  pairs = $state<BlindPair<Clip, Clip>[]>([])
  index = $state(0)
  pending = $state<PendingAnswer>(blank())
  answers = $state<ListeningAnswer[]>([])
  summary = $state<ListeningSummary | null>(null)
  savedId = $state<string | null>(null)
  error = $state<string | null>(null)

  readonly current = $derived(this.pairs[this.index] ?? null)
  readonly canNext = $derived(
    this.pending.picked !== null && this.pending.ratingA !== null && this.pending.ratingB !== null
  )
  readonly finished = $derived(this.summary !== null)

  constructor(
    private readonly api: ListeningTestClient,
    private readonly play: (piece: Piece) => void = () => {}
  ) {}

  /** Build n blind pairs for a run from its dataset's real segments and its latest samples. */
  async begin(runId: string, n = 3, seed = Math.floor(Math.random() * 2 ** 31)): Promise<void> {
    this.reset()
    this.runId = runId
    try {
      const run = await this.api.runs.get({ id: runId })
      const samples = (await this.api.runs.samples({ id: runId }))
        .slice()
        .sort((a, b) => b.epoch - a.epoch)
        .slice(0, n)
      const generated = await Promise.all(
        samples.map(async (s) => ({
          id: s.id,
          piece: await this.api.generation.sample({ sampleId: s.id, threshold: 0.9 })
        }))
      )
      const reals = await this.api.datasets.segments({ id: run.datasetId, count: n, seed })
      this.pairs = makePairs<Clip, Clip>(reals, generated, n, seed)
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err)
    }
  }

  /** Play clip A or B of the current pair. */
  listen(which: 'a' | 'b'): void {
    const p = this.current
    if (p) this.play((which === 'a' ? p.a : p.b).piece)
  }

  /** Mark clip A or B as the AI one. */
  pick(which: 'a' | 'b'): void {
    this.pending.picked = which
  }

  /** Rate how pleasing clip A or B is, 1..5. */
  rate(which: 'a' | 'b', rating: number): void {
    const r = Math.min(5, Math.max(1, Math.round(rating)))
    if (which === 'a') this.pending.ratingA = r
    else this.pending.ratingB = r
  }

  /** Record the current answer and go to the next pair; after the last, store the answers and score them. */
  async next(): Promise<void> {
    const p = this.current
    const { picked, ratingA, ratingB } = this.pending
    if (!p || !this.canNext || picked === null || ratingA === null || ratingB === null) return
    const aiIsA = p.aiIs === 'a'
    this.answers.push({
      pairIndex: p.index,
      realId: p.realId,
      generatedId: p.generatedId,
      aiIs: p.aiIs,
      picked,
      ratingReal: aiIsA ? ratingB : ratingA,
      ratingGenerated: aiIsA ? ratingA : ratingB
    })
    this.pending = blank()
    if (this.index + 1 < this.pairs.length) {
      this.index++
      return
    }
    await this.finish()
  }

  private async finish(): Promise<void> {
    const answers = $state.snapshot(this.answers) as ListeningAnswer[]
    try {
      const { id } = await this.api.listening.save({ runId: this.runId!, answers })
      this.savedId = id
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err)
    }
    this.summary = summarize(answers)
  }

  private reset(): void {
    this.pairs = []
    this.index = 0
    this.pending = blank()
    this.answers = []
    this.summary = null
    this.savedId = null
    this.error = null
  }
}
