import type { ComposerApi, RunDetail, RunSummary, SampleSummary } from '@shared/api'
import type { Piece } from '@shared/music/piece'
import type { Ssm } from '@shared/music/metrics/ssm'
import { bucketsFromColumns, type CurveBucket, type LossKey, type XAxis } from '../../charts/curves'
import { pieceSsm } from '../../charts/pieceSsm'
import type { ListeningClient } from '../../features/listening/port'
import { summarize, type ListeningSummary } from '../../features/listening/scoring'
import { metricsFromPieces } from './clientMetrics'
import {
  commonEpochs,
  configDiff,
  metricRows,
  type ConfigDiffRow,
  type MetricRowView
} from './compare'

/** The part of window.composer the Compare view uses. */
export type CompareClient = {
  runs: Pick<ComposerApi['runs'], 'list' | 'get' | 'curves' | 'samples' | 'metrics'>
  generation: Pick<ComposerApi['generation'], 'sample'>
  datasets: ListeningClient['datasets']
  listening: Pick<ListeningClient['listening'], 'results'>
}

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
  ssm = $state<{ real: Ssm | null; runs: (Ssm | null)[] }>({ real: null, runs: [] })
  listening = $state<Record<string, ListeningSummary>>({})
  error = $state<string | null>(null)
  busy = $state(false)

  readonly epochs = $derived(commonEpochs(this.selected.map((id) => this.samples[id] ?? [])))
  readonly diff = $derived<ConfigDiffRow[]>(configDiff(this.details.map((d) => d.config)))
  readonly ready = $derived(this.selected.length >= 2)

  constructor(private readonly api: CompareClient) {}

  /** Load the run list. */
  async load(): Promise<void> {
    await this.guard(async () => {
      this.runs = await this.api.runs.list()
    })
  }

  /** Add or remove a run from the comparison; with two or more, everything is fetched. */
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
      this.listening = Object.fromEntries(listening.map((r) => [r.runId, summarize(r.answers)]))
      await Promise.all(this.epochs.flatMap((e) => ids.map((id) => this.sampleAt(id, e))))
      this.metrics = metricRows(table.rows.length > 0 ? table : await this.computeMetrics(ids), ids)
    })
  }

  /** A run's sample at the epoch when it kept one, else its latest (runs stopped early share no epoch). */
  async sampleNear(runId: string, epoch: number | undefined): Promise<Piece | null> {
    const list = this.samples[runId] ?? []
    const at = epoch === undefined ? undefined : list.find((s) => s.epoch === epoch)
    const s =
      at ??
      list.reduce<SampleSummary | undefined>((m, x) => (!m || x.epoch > m.epoch ? x : m), undefined)
    return s ? this.loadSample(s.id) : null
  }

  /** The first sample a run kept at an epoch (loading its piece). */
  async sampleAt(runId: string, epoch: number): Promise<Piece | null> {
    const s = (this.samples[runId] ?? []).find((x) => x.epoch === epoch)
    return s ? this.loadSample(s.id) : null
  }

  /** The metrics table from the runs' latest samples and real segments, when the library has none stored. */
  private async computeMetrics(ids: string[]) {
    const datasetId = this.details[0]?.datasetId
    const real = datasetId
      ? await this.api.datasets.segments({ id: datasetId, count: 16, seed: 0 })
      : []
    const runs = await Promise.all(
      ids.map(async (id) => {
        const latest = (this.samples[id] ?? []).reduce((m, s) => Math.max(m, s.epoch), -1)
        const chosen = (this.samples[id] ?? []).filter((s) => s.epoch === latest)
        const pieces = await Promise.all(chosen.map((s) => this.loadSample(s.id)))
        return { id, pieces }
      })
    )
    return metricsFromPieces(
      real.map((r) => r.piece),
      runs
    )
  }

  private async loadSample(sampleId: string): Promise<Piece> {
    this.pieces[sampleId] ??= await this.api.generation.sample({ sampleId, threshold: 0.9 })
    return this.pieces[sampleId]
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
      const first = this.details[0] ?? this.runs.find((r) => r.id === this.selected[0])
      const level = this.ssmLevel
      const [real] = first
        ? await this.api.datasets.segments({ id: first.datasetId, count: 1, seed: 0 })
        : []
      const pieces = await Promise.all(this.selected.map((id) => this.sampleNear(id, epoch)))
      this.ssm = {
        real: real ? pieceSsm(real.piece, level) : null,
        runs: pieces.map((p) => (p ? pieceSsm(p, level) : null))
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
    this.busy = true
    this.error = null
    try {
      await fn()
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err)
    } finally {
      this.busy = false
    }
  }
}
