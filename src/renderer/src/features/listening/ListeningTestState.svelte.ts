import { describeError } from '../../state/describeError'
import type { ComposerApi } from '@shared/api'
import type { Piece } from '@shared/music/piece'
import { makePairs, type BlindPair } from './pairing'
import type { ListeningClient } from './port'
import { isSilent, runPieces, type RunPiecesClient } from './runPieces'
import { summarize, type ListeningAnswer, type ListeningSummary } from './scoring'

/** The part of window.composer (and of the requested listening calls) a listening test uses. */
export type ListeningTestClient = RunPiecesClient & {
  runs: Pick<ComposerApi['runs'], 'get' | 'samples'>
  datasets: ListeningClient['datasets'] & Pick<ComposerApi['datasets'], 'list'>
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
  /** The dataset the real clips come from (the run's own, else the library's first: the default model has none). */
  realFrom = $state<string | null>(null)
  /** How many of the run's pieces were left out for being silent. */
  silentLeftOut = $state(0)

  readonly current = $derived(this.pairs[this.index] ?? null)
  readonly canNext = $derived(
    this.pending.picked !== null && this.pending.ratingA !== null && this.pending.ratingB !== null
  )
  readonly finished = $derived(this.summary !== null)

  constructor(
    private readonly api: ListeningTestClient,
    private readonly play: (piece: Piece) => void = () => {},
    /** Hears every answer as it is given (Compare's results table counts them at once). */
    private readonly onAnswers: (runId: string, answers: ListeningAnswer[]) => void = () => {}
  ) {}

  /**
   * Build n blind pairs for a run: its newest pieces (samples, or generated from its checkpoint when it kept none)
   * against real segments. Silent pieces are left out: a test against silence is trivial and is not started.
   */
  async begin(runId: string, n = 3, seed = Math.floor(Math.random() * 2 ** 31)): Promise<void> {
    this.reset()
    this.runId = runId
    try {
      const run = await this.api.runs.get({ id: runId })
      const { clips } = await runPieces(this.api, runId, n, seed)
      const generated = clips.filter((c) => !isSilent(c.piece)).slice(0, n)
      this.silentLeftOut = clips.length - clips.filter((c) => !isSilent(c.piece)).length
      if (generated.length < n) {
        this.error =
          this.silentLeftOut > 0
            ? `“${run.name}” made ${this.silentLeftOut} silent piece${this.silentLeftOut > 1 ? 's' : ''} (no notes) of ${clips.length}: a test needs ${n} with notes, or it is trivial. Train it longer, or choose another run.`
            : `A test needs ${n} pieces of “${run.name}”; it has ${generated.length}. Let it train until it has kept more samples.`
        return
      }
      const dataset = await this.realDataset(run.datasetId)
      if (!dataset) {
        this.error =
          'The test pairs the model’s pieces with real music, and the library has no dataset: import one in Library first.'
        return
      }
      this.realFrom = dataset.name
      const reals = (await this.api.datasets.segments({ id: dataset.id, count: n, seed })).filter(
        (r) => !isSilent(r.piece)
      )
      this.pairs = makePairs<Clip, Clip>(reals, generated, n, seed)
    } catch (err) {
      this.error = describeError(err)
    }
  }

  /** The run's dataset, else the library's first ready one (the shipped default model has no dataset here). */
  private async realDataset(id: string): Promise<{ id: string; name: string } | null> {
    const ready = (await this.api.datasets.list()).filter((d) => d.status === 'ready')
    return ready.find((d) => d.id === id) ?? ready[0] ?? null
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
    // Never record an answer about silence (begin leaves silent pieces out; this guards the record itself).
    if (isSilent(p.a.piece) || isSilent(p.b.piece)) {
      this.error = 'One clip of this pair is silent: the answer is not recorded.'
      return
    }
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
    this.onAnswers(this.runId!, $state.snapshot(this.answers) as ListeningAnswer[])
    this.pending = blank()
    if (this.index + 1 < this.pairs.length) {
      this.index++
      return
    }
    await this.finish()
  }

  /** Store the answers given so far when the test is closed early (nothing a listener did is lost). */
  async saveSoFar(): Promise<void> {
    if (this.finished || this.savedId || this.answers.length === 0) return
    await this.finish()
  }

  private async finish(): Promise<void> {
    const answers = $state.snapshot(this.answers) as ListeningAnswer[]
    try {
      const { id } = await this.api.listening.save({ runId: this.runId!, answers })
      this.savedId = id
    } catch (err) {
      this.error = describeError(err)
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
    this.realFrom = null
    this.silentLeftOut = 0
  }
}
