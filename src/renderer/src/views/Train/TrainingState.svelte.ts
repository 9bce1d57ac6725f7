import { PAPER_THRESHOLD } from '@shared/music/pianoroll'
import { guarded } from '../../state/guarded'
import type { ComposerApi, DatasetSummary, EventOf, RunSummary, SampleSummary } from '@shared/api'
import type { Piece } from '@shared/music/piece'
import { bucketsFromColumns, type CurveBucket, type LossKey, type XAxis } from '../../charts/curves'
import { lrSchedule } from './lrSchedule'
import { nearestSample, silentSamples } from './samples'
import { otherRuns, runStamp, statusText } from './progress'
import {
  configPatch,
  validateForm,
  type BackendSetting,
  type ComposerPreset,
  type PresetInfo,
  type TrainingForm
} from './trainingConfig'

type RunsApi = ComposerApi['runs']

/** The part of window.composer the Train view uses. */
export type TrainingClient = {
  runs: Pick<RunsApi, 'list' | 'presets' | 'get' | 'start' | 'curves' | 'samples'> &
    Pick<RunsApi, 'pause' | 'resume' | 'restart' | 'stop'>
  datasets: Pick<ComposerApi['datasets'], 'list'>
  generation: Pick<ComposerApi['generation'], 'sample'>
  settings: Pick<ComposerApi['settings'], 'get' | 'set'>
  events: ComposerApi['events']
}

/** Live numbers of the active run (from run:progress events). */
export interface RunProgress {
  step: number
  epoch: number
  epochs: number
  totalSteps: number | null
  stepsPerSecond: number
  etaSeconds: number | null
}

const LOSS_KEYS: LossKey[] = ['g', 'd', 'gp', 'wasserstein']
/** Points per curve asked of the library; live points are appended until there are twice as many, then it is asked again. */
export const CURVE_POINTS = 400

type Curves = Record<LossKey, CurveBucket[]>
const emptyCurves = (): Curves => ({ g: [], d: [], gp: [], wasserstein: [] })

/** State of the Train view: the new-run form, the active run's progress, curves and samples. */
export class TrainingState {
  datasets = $state<DatasetSummary[]>([])
  runs = $state<RunSummary[]>([])
  datasetId = $state<string | null>(null)
  name = $state('')
  /** The presets with their training settings, as the engine defines them (runs.presets). */
  presets = $state<PresetInfo[]>([])
  preset = $state<ComposerPreset>('small')
  /** The advanced fields: the chosen preset's settings until the composer changes them (null until loaded). */
  form = $state<TrainingForm | null>(null)
  backend = $state<BackendSetting>('auto')
  activeRunId = $state<string | null>(null)
  progress = $state<RunProgress | null>(null)
  xAxis = $state<XAxis>('step')
  // Raw (not deeply proxied): live updates replace a curve's array, so a chart redraw reads plain objects.
  curves = $state.raw<Curves>(emptyCurves())
  lr = $state.raw<{ g: CurveBucket[]; d: CurveBucket[] }>({ g: [], d: [] })
  /** G and D learning rates per epoch from the run's config (the lr chart's x is always the epoch). */
  schedule = $state.raw<{ g: CurveBucket[]; d: CurveBucket[] }>({ g: [], d: [] })
  samples = $state<SampleSummary[]>([])
  samplePieces = $state<Record<string, Piece>>({})
  selectedSampleId = $state<string | null>(null)
  error = $state<string | null>(null)
  /** A run whose resume was refused because no checkpoint verified: the view offers Restart from scratch. */
  restartOffer = $state<string | null>(null)
  busy = $state(false)
  /** A pause or stop asked for and not yet done (the worker finishes its step and writes a checkpoint first). */
  pending = $state<{ id: string; action: 'pause' | 'stop' } | null>(null)

  readonly activeRun = $derived(this.runs.find((r) => r.id === this.activeRunId) ?? null)
  readonly resumable = $derived(
    this.runs.filter((r) => r.status === 'paused' || r.status === 'stopped')
  )
  /** Every run but the one on show, newest first: any of them can be opened again (finished ones too). */
  readonly earlier = $derived(otherRuns(this.runs, this.activeRunId))
  /** "pausing…" or "stopping…" while asked, else the active run's status. */
  readonly statusLabel = $derived(statusText(this.activeRun, this.pending))
  /** The active run's samples loaded so far, when every one of them is silent (no notes at the threshold). */
  readonly emptySamples = $derived(silentSamples(this.samples, this.samplePieces))
  readonly formErrors = $derived(this.form ? validateForm(this.form) : [])

  private unsubscribe: (() => void)[] = []
  private lastEpochRefreshed = -1
  private backendAsked = 0
  private readonly jobStates: Record<string, string> = {}

  constructor(
    private readonly api: TrainingClient,
    /** Plays a piece (the view passes the audio Player); none in tests of the logic. */
    private readonly play: (piece: Piece) => void = () => {}
  ) {}

  /** Load datasets, runs, presets and settings, and listen to progress and sample events. */
  async load(): Promise<void> {
    await guarded(this, async () => {
      const [datasets, runs, presets, settings] = await Promise.all([
        this.api.datasets.list(),
        this.api.runs.list(),
        this.api.runs.presets(),
        this.api.settings.get()
      ])
      this.datasets = datasets
      this.runs = runs
      this.presets = presets
      this.backend = settings.backend
      if (!this.form) this.choosePreset(settings.defaultPreset)
      this.datasetId ??= datasets.find((d) => d.status === 'ready')?.id ?? null
      const live = runs.find((r) => r.status === 'running')
      if (live && !this.activeRunId) await this.open(live.id)
    })
    if (this.unsubscribe.length === 0) {
      this.unsubscribe.push(this.api.events.on('run:progress', (e) => this.onProgress(e)))
      this.unsubscribe.push(this.api.events.on('run:sample', (e) => void this.onSample(e)))
      this.unsubscribe.push(this.api.events.on('job:status', (e) => void this.onJob(e)))
    }
  }

  /** Choose a preset: the advanced fields take its settings. */
  choosePreset(p: ComposerPreset): void {
    const info = this.presets.find((x) => x.name === p)
    this.preset = p
    if (info) this.form = { ...info.settings }
  }

  /** Start a new run with the chosen dataset, preset and the changed fields. */
  async start(): Promise<void> {
    const datasetId = this.datasetId
    const preset = this.presets.find((x) => x.name === this.preset)
    if (!datasetId || !this.form || !preset || this.formErrors.length > 0) {
      this.error = datasetId ? this.formErrors.join('; ') : 'Choose a dataset first'
      return
    }
    await guarded(this, async () => {
      const settings = await this.api.settings.get()
      if (settings.backend !== this.backend)
        await this.api.settings.set({ patch: { backend: this.backend } })
      const name = this.name.trim() || `${this.preset} ${runStamp()}`
      const config = configPatch(preset.settings, $state.snapshot(this.form) as TrainingForm)
      const { runId } = await this.api.runs.start({ datasetId, name, preset: this.preset, config })
      this.runs = await this.api.runs.list()
      await this.open(runId)
    })
  }

  /** Pause, resume or stop the active run (or the given one). */
  async control(action: 'pause' | 'resume' | 'stop', id = this.activeRunId): Promise<void> {
    if (!id) return
    this.restartOffer = null
    // Said at once: the worker pauses or stops after its current step, which can take seconds.
    this.pending = action === 'resume' ? null : { id, action }
    await guarded(this, async () => {
      try {
        const summary = await this.api.runs[action]({ id })
        this.replaceRun(summary)
      } catch (err) {
        // No verified checkpoint: resuming would drop the history, so the server refused (issue 11.3).
        const e = err as { code?: string; field?: string }
        if (action === 'resume' && e.code === 'conflict' && e.field === 'id') this.restartOffer = id
        throw err
      }
      if (action === 'resume' && this.activeRunId !== id) await this.open(id)
    })
    if (this.error) this.pending = null
  }

  /** Restart a run from scratch (drops its curves, samples and checkpoints) once the composer confirms. */
  async restart(id: string, confirm: (text: string) => boolean): Promise<void> {
    const run = this.runs.find((r) => r.id === id)
    const text = `Restart “${run?.name ?? 'this run'}” from step 0? Its curves, samples and checkpoints are deleted.`
    if (!confirm(text)) return
    this.restartOffer = null
    await guarded(this, async () => {
      this.replaceRun(await this.api.runs.restart({ id, confirm: true }))
      await this.open(id)
    })
  }

  /** Show a run: its curves, learning rates and samples. */
  async open(id: string): Promise<void> {
    this.activeRunId = id
    this.curves = emptyCurves()
    this.lr = { g: [], d: [] }
    this.schedule = { g: [], d: [] }
    this.samples = []
    this.selectedSampleId = null
    const run = this.runs.find((r) => r.id === id)
    this.progress = run
      ? {
          step: run.step,
          epoch: run.epoch,
          epochs: run.epochs,
          totalSteps: null,
          stepsPerSecond: 0,
          etaSeconds: null
        }
      : null
    await guarded(this, () =>
      Promise.all([this.refreshCurves(), this.refreshSamples(), this.loadSchedule(id)]).then(
        () => {}
      )
    )
  }

  /** The lr schedule from the run's config (the library does not record lr per step). */
  private async loadSchedule(id: string): Promise<void> {
    const detail = await this.api.runs.get({ id })
    const schedule = lrSchedule(detail.config)
    if (schedule && id === this.activeRunId) this.schedule = schedule
  }

  /** Align the curves by step or epoch (asks the library again). */
  async setXAxis(x: XAxis): Promise<void> {
    this.xAxis = x
    await guarded(this, () => this.refreshCurves())
  }

  /** Downsampled curves of the active run from the library (replaces what was appended live). */
  async refreshCurves(): Promise<void> {
    const id = this.activeRunId
    if (!id) return
    const got = await this.api.runs.curves({
      ids: [id],
      metrics: [...LOSS_KEYS, 'lrG', 'lrD'],
      x: this.xAxis,
      points: CURVE_POINTS
    })
    if (id !== this.activeRunId) return
    const next = emptyCurves()
    const lr = { g: [] as CurveBucket[], d: [] as CurveBucket[] }
    for (const s of got) {
      const b = bucketsFromColumns(s)
      if (s.metric === 'lrG') lr.g = b
      else if (s.metric === 'lrD') lr.d = b
      else if ((LOSS_KEYS as string[]).includes(s.metric)) next[s.metric as LossKey] = b
    }
    // Live points that arrived while the query ran are newer than its last bucket: keep them.
    for (const k of LOSS_KEYS) {
      const lastX = next[k].at(-1)?.x ?? -Infinity
      next[k] = next[k].concat(this.curves[k].filter((b) => b.x > lastX))
    }
    this.curves = next
    this.lr = lr
  }

  /** The samples the active run kept (their pieces load lazily). */
  async refreshSamples(): Promise<void> {
    const id = this.activeRunId
    if (!id) return
    const samples = await this.api.runs.samples({ id })
    if (id === this.activeRunId) this.samples = samples
    await Promise.all(samples.map((s) => this.loadSamplePiece(s.id)))
  }

  /** Open and play the sample nearest to a point clicked on a curve (x is a step or an epoch per xAxis). */
  async pick(x: number): Promise<void> {
    const s = nearestSample(this.samples, x, this.xAxis)
    if (s) await this.selectSample(s.id)
  }

  /** Select a sample, load its piece and play it. */
  async selectSample(id: string): Promise<void> {
    this.selectedSampleId = id
    await guarded(this, async () => {
      const piece = await this.loadSamplePiece(id)
      if (piece) this.play(piece)
    })
  }

  /** Stop listening to events. */
  dispose(): void {
    for (const u of this.unsubscribe) u()
    this.unsubscribe = []
  }

  private async loadSamplePiece(id: string): Promise<Piece | null> {
    if (this.samplePieces[id]) return this.samplePieces[id]
    const threshold = this.samples.find((s) => s.id === id)?.threshold ?? PAPER_THRESHOLD
    const piece = await this.api.generation.sample({ sampleId: id, threshold })
    this.samplePieces[id] = piece
    return piece
  }

  /** Append one step's losses to the live curves (O(1)); ask for a fresh downsampling when they grow too long. */
  private onProgress(e: EventOf<'run:progress'>): void {
    const run = this.runs.find((r) => r.id === e.runId)
    if (run && run.status !== 'running') this.replaceRun({ ...run, status: 'running' })
    if (e.runId !== this.activeRunId) return
    const { step, epoch, epochs, totalSteps, stepsPerSecond, etaSeconds } = e
    this.progress = { step, epoch, epochs, totalSteps, stepsPerSecond, etaSeconds }
    // The worker names its backend when it starts: read the run again until the header can show it.
    if (run && !run.backend && Date.now() - this.backendAsked > 2000) {
      this.backendAsked = Date.now()
      this.api.runs.list().then(
        (runs) => (this.runs = runs),
        () => {}
      )
    }
    const x = this.xAxis === 'step' ? step : epoch
    const next = { ...this.curves }
    for (const k of LOSS_KEYS) {
      const v = e.losses[k]
      const last = next[k].at(-1)
      if (last && last.x >= x) continue
      next[k] = [...next[k], { x, mean: v, min: v, max: v }]
    }
    this.curves = next
    const tooLong = this.curves.g.length > 2 * CURVE_POINTS
    if (tooLong || epoch !== this.lastEpochRefreshed) {
      this.lastEpochRefreshed = epoch
      void guarded(this, () => this.refreshCurves())
    }
  }

  private async onSample(e: EventOf<'run:sample'>): Promise<void> {
    if (e.runId === this.activeRunId) await guarded(this, () => this.refreshSamples())
  }

  /** A training job changed state (paused, finished, failed...): the run list is read again. */
  private async onJob(e: EventOf<'job:status'>): Promise<void> {
    if (e.job.kind !== 'training') return
    // Progress updates repeat the state; only a change of state (paused, done, failed...) changes a run's status.
    if (this.jobStates[e.job.id] === e.job.state) return
    this.jobStates[e.job.id] = e.job.state
    await guarded(this, async () => {
      this.runs = await this.api.runs.list()
    })
    const p = this.pending
    if (p && this.runs.find((r) => r.id === p.id)?.status !== 'running') this.pending = null
    if (e.job.state === 'failed' && e.job.message) this.error = e.job.message
  }

  private replaceRun(summary: RunSummary): void {
    const i = this.runs.findIndex((r) => r.id === summary.id)
    if (i >= 0) this.runs[i] = summary
    else this.runs.push(summary)
  }
}
