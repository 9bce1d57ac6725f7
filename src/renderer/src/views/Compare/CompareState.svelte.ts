import { guarded } from '../../state/guarded'
import type { ComposerApi, RunDetail, RunSummary, SampleSummary } from '@shared/api'
import type { Piece } from '@shared/music/piece'
import type { Ssm } from '@shared/music/metrics/ssm'
import { bucketsFromColumns, type CurveBucket, type LossKey, type XAxis } from '../../charts/curves'
import { pieceSsm } from '../../charts/pieceSsm'
import type { ListeningClient } from '../../features/listening/port'
import {
  summarize,
  type ListeningAnswer,
  type ListeningSummary
} from '../../features/listening/scoring'
import { isSilent, runPieces, type RunPieces } from '../../features/listening/runPieces'
import { metricsFromPieces } from './clientMetrics'
import {
  commonEpochs,
  configDiff,
  metricRows,
  sampleGap,
  type ConfigDiffRow,
  type MetricRowView
} from './compare'

/** The part of window.composer the Compare view uses. */
export type CompareClient = {
  runs: Pick<ComposerApi['runs'], 'list' | 'get' | 'curves' | 'samples' | 'metrics'>
  generation: Pick<ComposerApi['generation'], 'sample' | 'models' | 'generate'>
  datasets: ListeningClient['datasets'] & Pick<ComposerApi['datasets'], 'list'>
  listening: Pick<ListeningClient['listening'], 'results'>
}

/** Pieces measured per run when the library has no stored evaluation of it. */
const MEASURED = 8

const LOSS_KEYS: LossKey[] = ['g', 'd', 'gp', 'wasserstein']
/** Colours of the overlaid runs, in selection order. */
export const RUN_COLORS = ['#4fc3f7', '#ff8a65', '#81c784', '#ba68c8', '#ffd54f', '#f06292']

/** State of the Compare view: the chosen runs and everything shown side by side for them. */
export class CompareState {
  runs = $state<RunSummary[]>([])
  selected = $state<string[]>([])
  xAxis = $state<XAxis>('epoch')
  curves = $state<Record<string, Record<LossKey, CurveBucket[]>>>({})
  metrics = $state<MetricRowView[]>([])
  details = $state<RunDetail[]>([])
  samples = $state<Record<string, SampleSummary[]>>({})
  pieces = $state<Record<string, Piece>>({})
  ssmLevel = $state<'step' | 'beat'>('step')
  /** SSMs of the real segment and of each run's piece; silent[i]: run i's piece has no notes (no matrix drawn). */
  ssm = $state<{ real: Ssm | null; runs: (Ssm | null)[]; silent: boolean[] }>({
    real: null,
    runs: [],
    silent: []
  })
  /** The pieces each run was measured on (samples, or generated from its checkpoint), by run id. */
  measured = $state<Record<string, RunPieces>>({})
  listening = $state<Record<string, ListeningSummary>>({})
  /** Stored answers per run (listening results), so a test in progress adds to them live. */
  private storedAnswers: Record<string, ListeningAnswer[]> = {}
  error = $state<string | null>(null)
  busy = $state(false)

  readonly epochs = $derived(commonEpochs(this.selected.map((id) => this.samples[id] ?? [])))
  readonly diff = $derived<ConfigDiffRow[]>(configDiff(this.details.map((d) => d.config)))
  /** One run is compared with the real data; two or more also with each other. */
  readonly ready = $derived(this.selected.length >= 1)
  /** Why "Samples at the same epochs" has no row (null when it has). */
  readonly sampleGapText = $derived(
    this.epochs.length > 0
      ? null
      : sampleGap(
          this.selected.map((id) => ({
            name: this.runs.find((r) => r.id === id)?.name ?? id,
            epochs: (this.samples[id] ?? []).map((s) => s.epoch)
          }))
        )
  )
  /** Runs whose measured pieces are all silent: their metrics read "no notes". */
  readonly silentRuns = $derived(
    this.selected.filter((id) => {
      const m = this.measured[id]
      return !!m && m.clips.length > 0 && m.clips.every((c) => isSilent(c.piece))
    })
  )

  constructor(private readonly api: CompareClient) {}

  /** Load the run list. */
  async load(): Promise<void> {
    await this.guard(async () => {
      this.runs = await this.api.runs.list()
    })
  }

  /** Add or remove a run from the comparison; with one or more, everything is fetched. */
  async toggle(id: string): Promise<void> {
    this.selected = this.selected.includes(id)
      ? this.selected.filter((x) => x !== id)
      : [...this.selected, id]
    if (this.ready) await this.refresh()
  }

  /** Align the overlaid curves by step or epoch. */
  async setXAxis(x: XAxis): Promise<void> {
    this.xAxis = x
    if (this.ready) await this.guard(() => this.loadCurves())
  }

  /** Fetch curves, metrics, configs, samples and listening results of the chosen runs. */
  async refresh(): Promise<void> {
    await this.guard(async () => {
      const ids = [...this.selected]
      const [, table, details, samples, listening] = await Promise.all([
        this.loadCurves(),
        this.api.runs.metrics({ ids }),
        Promise.all(ids.map((id) => this.api.runs.get({ id }))),
        Promise.all(ids.map((id) => this.api.runs.samples({ id }))),
        this.api.listening.results({ ids })
      ])
      this.details = details
      this.samples = Object.fromEntries(ids.map((id, i) => [id, samples[i]]))
      // Samples may have come since; pieces generated from a checkpoint stay as they were.
      for (const id of Object.keys(this.measured))
        if (this.measured[id].source !== 'generated') delete this.measured[id]
      this.storedAnswers = Object.fromEntries(listening.map((r) => [r.runId, r.answers]))
      this.listening = Object.fromEntries(listening.map((r) => [r.runId, summarize(r.answers)]))
      await Promise.all(this.epochs.flatMap((e) => ids.map((id) => this.sampleAt(id, e))))
      await Promise.all(ids.map((id) => this.measure(id)))
      // Runs (and the real data) the library has no stored evaluation of are measured here, on the same pieces.
      const subjects = table.rows.map((r) => r.subject)
      const have = { has: (s: string) => subjects.includes(s) }
      const missing = ids.filter((id) => !have.has(id))
      const extra =
        missing.length > 0 || !have.has('real')
          ? await this.computeMetrics(missing, !have.has('real'))
          : { rows: [] }
      this.metrics = metricRows({ rows: [...table.rows, ...extra.rows] }, ids)
    })
  }

  /** A listening test's answers so far for a run: its row in the results table counts them at once. */
  liveAnswers(runId: string, answers: readonly ListeningAnswer[]): void {
    this.listening[runId] = summarize([...(this.storedAnswers[runId] ?? []), ...answers])
  }

  /** The pieces a run is measured on (its latest samples, else pieces generated from its checkpoint), kept. */
  private async measure(runId: string): Promise<RunPieces> {
    this.measured[runId] ??= await runPieces(this.api, runId, MEASURED)
    return this.measured[runId]
  }

  /** The dataset of the first chosen run that has one (the real data the runs are measured against). */
  private realDatasetId(): string | null {
    for (const id of this.selected) {
      const d =
        this.details.find((x) => x.id === id)?.datasetId ??
        this.runs.find((r) => r.id === id)?.datasetId
      if (d) return d
    }
    return null
  }

  /** A run's sample at the epoch when it kept one, else its latest (runs stopped early share no epoch). */
  async sampleNear(runId: string, epoch: number | undefined): Promise<Piece | null> {
    const list = this.samples[runId] ?? []
    const at = epoch === undefined ? undefined : list.find((s) => s.epoch === epoch)
    const s =
      at ??
      list.reduce<SampleSummary | undefined>((m, x) => (!m || x.epoch > m.epoch ? x : m), undefined)
    return s ? this.loadSample(s) : null
  }

  /** The first sample a run kept at an epoch (loading its piece). */
  async sampleAt(runId: string, epoch: number): Promise<Piece | null> {
    const s = (this.samples[runId] ?? []).find((x) => x.epoch === epoch)
    return s ? this.loadSample(s) : null
  }

  /** Metrics of the runs' measured pieces and, with withReal, of real segments of the first run's dataset. */
  private async computeMetrics(ids: string[], withReal: boolean) {
    const datasetId = withReal ? this.realDatasetId() : null
    const real = datasetId
      ? await this.api.datasets.segments({ id: datasetId, count: 16, seed: 0 })
      : []
    const runs = await Promise.all(
      ids.map(async (id) => ({ id, pieces: (await this.measure(id)).clips.map((c) => c.piece) }))
    )
    return metricsFromPieces(
      real.map((r) => r.piece),
      runs
    )
  }

  /** A sample's piece at its run's threshold (runs.samples says which). */
  private async loadSample(s: SampleSummary): Promise<Piece> {
    this.pieces[s.id] ??= await this.api.generation.sample({
      sampleId: s.id,
      threshold: s.threshold
    })
    return this.pieces[s.id]
  }

  /** The piece shown for a run at an epoch (null while loading or absent). */
  pieceAt(runId: string, epoch: number): Piece | null {
    const s = (this.samples[runId] ?? []).find((x) => x.epoch === epoch)
    return s ? (this.pieces[s.id] ?? null) : null
  }

  /**
   * SSMs of a real segment of the first run's dataset and of each run's sample at the given epoch
   * (the latest common one by default): the paper's real-vs-generated figures.
   */
  async loadSsm(epoch = this.epochs.at(-1)): Promise<void> {
    await this.guard(async () => {
      const level = this.ssmLevel
      const datasetId = this.realDatasetId()
      const [real] = datasetId
        ? await this.api.datasets.segments({ id: datasetId, count: 1, seed: 0 })
        : []
      // A run without samples (the default model) shows a piece generated from its checkpoint.
      const pieces = await Promise.all(
        this.selected.map(
          async (id) =>
            (await this.sampleNear(id, epoch)) ?? (await this.measure(id)).clips[0]?.piece ?? null
        )
      )
      this.ssm = {
        real: real ? pieceSsm(real.piece, level) : null,
        runs: pieces.map((p) => (p && !isSilent(p) ? pieceSsm(p, level) : null)),
        silent: pieces.map((p) => !!p && isSilent(p))
      }
    })
  }

  private async loadCurves(): Promise<void> {
    const ids = [...this.selected]
    const got = await this.api.runs.curves({ ids, metrics: LOSS_KEYS, x: this.xAxis, points: 400 })
    const next: Record<string, Record<LossKey, CurveBucket[]>> = {}
    for (const id of ids) next[id] = { g: [], d: [], gp: [], wasserstein: [] }
    for (const s of got) {
      if (next[s.runId] && (LOSS_KEYS as string[]).includes(s.metric)) {
        next[s.runId][s.metric as LossKey] = bucketsFromColumns(s)
      }
    }
    this.curves = next
  }

  private async guard(fn: () => Promise<void>): Promise<void> {
    await guarded(this, fn)
  }
}
