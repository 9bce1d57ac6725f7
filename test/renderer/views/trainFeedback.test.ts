import { epochText } from '../../../src/renderer/src/views/Train/progress'
import { afterEach, describe, expect, it } from 'vitest'
import { settle, show, unmountAll } from '../mount'
import TrainView from '../../../src/renderer/src/views/Train/TrainView.svelte'
import { TrainingState } from '../../../src/renderer/src/views/Train/TrainingState.svelte'
import StatusBar from '../../../src/renderer/src/frame/StatusBar.svelte'
import { AppInfoState } from '../../../src/renderer/src/state/AppInfoState.svelte'
import { JobsState } from '../../../src/renderer/src/state/JobsState.svelte'
import type { ApiEvent, AppInfo, JobStatus } from '../../../src/shared/api'
import type { Piece } from '../../../src/shared/music/piece'
import { fakeTrainApi } from './trainFake'
import { runSummary } from './fakeClient'

// Issue 14: the Train view's feedback tells the truth (pausing/stopping at once, the backend, one progress figure,
// the last epoch of a finished run, finished runs reopened, empty samples said).

afterEach(unmountAll)

const progress = (step: number, epoch: number, over: Partial<ApiEvent> = {}): ApiEvent =>
  ({
    type: 'run:progress',
    runId: 'r1',
    step,
    epoch,
    epochs: 3,
    totalSteps: 100,
    stepsPerSecond: 2,
    etaSeconds: 30,
    losses: { g: 1, d: -1, gp: 0.1, wasserstein: 2 },
    ...over
  }) as ApiEvent

const job = (state: JobStatus['state'], progress: number | null = null): ApiEvent => ({
  type: 'job:status',
  job: { id: 'j1', kind: 'training', label: 'Training r1', state, progress, subjectId: 'r1' }
})

/** The Train view and the status bar over one fake back end (the frame's jobs and app info follow its events). */
async function trainWithStatusBar(backendAtStart: string | null = 'wasm') {
  const fake = fakeTrainApi()
  const training = new TrainingState(fake.api)
  await training.load()
  let backendKnown = false
  const info = new AppInfoState()
  const jobs = new JobsState()
  const jobList: JobStatus[] = []
  const frameApi = {
    events: fake.events,
    app: {
      info: async (): Promise<AppInfo> =>
        ({
          name: 'b2b',
          version: 't',
          mode: 'serve',
          platform: 'linux',
          versions: { node: '20' },
          dataDir: '/x',
          backend: backendKnown ? { name: 'wasm', reason: 'test' } : null
        }) as AppInfo,
      jobs: async () => jobList
    }
  } as any
  await info.load(frameApi)
  info.follow(frameApi)
  await jobs.start(frameApi)
  await training.start()
  const r1 = fake.runs.find((r) => r.id === 'r1')!
  r1.backend = backendAtStart
  training.runs = training.runs.map((r) => (r.id === 'r1' ? { ...r, backend: null } : r))
  const view = show(TrainView, { training })
  const bar = show(StatusBar, { info, jobs, mode: 'browser' })
  fake.events.emit(job('running', 0))
  await settle()
  return {
    ...fake,
    training,
    view,
    bar,
    info,
    r1,
    engineLoads: () => (backendKnown = true)
  }
}

const text = (el: Element, id: string) => el.querySelector(`[data-testid="${id}"]`)!.textContent!

describe('Train feedback', () => {
  it('says "pausing…" and "stopping…" the moment they are asked, until the worker has done it', async () => {
    const t = await trainWithStatusBar()
    let answer: (v: any) => void = () => {}
    t.api.runs.pause = () => new Promise((r) => (answer = r))
    const pause = [...t.view.querySelectorAll('button')].find((b) => b.textContent === 'Pause')!
    pause.click()
    await settle()
    expect(text(t.view, 'run-status')).toBe('pausing…')
    expect(pause.disabled).toBe(true)
    // main answers with the run still running (the worker pauses after its step)
    answer({ ...t.r1, status: 'running' })
    await settle()
    expect(text(t.view, 'run-status')).toBe('pausing…')
    t.r1.status = 'paused'
    t.events.emit(job('paused'))
    await settle()
    expect(text(t.view, 'run-status')).toBe('paused')

    t.r1.status = 'running'
    t.events.emit(job('running'))
    await settle()
    t.api.runs.stop = async () => ({ ...t.r1, status: 'running' })
    ;[...t.view.querySelectorAll('button')].find((b) => b.textContent === 'Stop')!.click()
    await settle()
    expect(text(t.view, 'run-status')).toBe('stopping…')
    t.r1.status = 'stopped'
    t.events.emit(job('done'))
    await settle()
    expect(text(t.view, 'run-status')).toBe('stopped')
  })

  it('names the backend in the header and the status bar once the worker has loaded it', async () => {
    const t = await trainWithStatusBar(null)
    expect(text(t.view, 'backend')).toBe('starting…')
    expect(t.bar.textContent).toContain('Engine not loaded')
    t.r1.backend = 'wasm'
    t.engineLoads()
    t.events.emit(progress(1, 0))
    await settle()
    await settle()
    expect(text(t.view, 'backend')).toBe('wasm')
    expect(t.bar.textContent).toContain('Engine: WebAssembly')
  })

  it('shows one progress figure: the header bar and the status bar agree (steps over the run)', async () => {
    const t = await trainWithStatusBar()
    // step 52 of 100 is in epoch 2 of 3 (epoch index 1): epochs would say 33%, steps say 52%
    t.events.emit(progress(52, 1))
    await settle()
    const header = t.view.querySelector('[role="progressbar"]')!.getAttribute('aria-valuenow')
    const status = Number(t.bar.querySelector('progress')!.getAttribute('value'))
    expect(header).toBe('52')
    expect(status).toBe(52)
    expect(t.bar.textContent).toContain('52%')
    expect(text(t.view, 'epoch')).toBe('epoch 2 / 3')
  })

  it('shows a finished 3-epoch run as epoch 3 / 3 (finished)', async () => {
    const t = await trainWithStatusBar()
    // the last step of the run belongs to epoch index 2
    t.events.emit(progress(100, 2))
    await settle()
    expect(text(t.view, 'epoch')).toBe('epoch 3 / 3')
    Object.assign(t.r1, { status: 'finished', step: 100, epoch: 2 })
    t.events.emit(job('done', 1))
    await settle()
    expect(text(t.view, 'epoch')).toBe('epoch 3 / 3 (finished)')
    expect(t.view.querySelector('[role="progressbar"]')!.getAttribute('aria-valuenow')).toBe('100')
  })

  it('lists finished runs and opens one again with its curves', async () => {
    const { api, runs } = fakeTrainApi()
    runs.push(
      runSummary({
        id: 'fin',
        name: 'finished run',
        status: 'finished',
        step: 90,
        epoch: 2,
        epochs: 3
      })
    )
    const training = new TrainingState(api)
    await training.load()
    const view = show(TrainView, { training })
    await settle()
    const item = [...view.querySelectorAll('[data-testid="train-runs"] li')].find((li) =>
      li.textContent!.includes('finished run')
    )
    expect(item?.getAttribute('data-status')).toBe('finished')
    ;(item!.querySelector('button') as HTMLButtonElement).click()
    await settle()
    await settle()
    expect(training.activeRunId).toBe('fin')
    expect(text(view, 'epoch')).toBe('epoch 3 / 3 (finished)')
    expect(view.querySelectorAll('[data-testid="loss-chart"]').length).toBe(5)
  })

  it('says so when every sample of the run is empty, and not once one has notes', async () => {
    const fake = fakeTrainApi()
    const silent = (title: string): Piece => ({
      title,
      ppq: 480,
      tempos: [],
      timeSignatures: [],
      tracks: []
    })
    const real = fake.api.generation.sample
    fake.api.generation.sample = async (a) => silent(a.sampleId)
    const training = new TrainingState(fake.api)
    await training.load()
    await training.start()
    const view = show(TrainView, { training })
    await settle()
    expect(text(view, 'empty-samples')).toMatch(/All 3 samples so far \(epochs 10–30\) are empty/)
    // a new sample with notes: the warning goes
    fake.api.generation.sample = real
    training.samplePieces = {}
    await training.refreshSamples()
    await settle()
    expect(view.querySelector('[data-testid="empty-samples"]')).toBeNull()
  })
})

describe('epochText', () => {
  it('says a run finished before its planned epochs was taken early, not "8 / 300 (finished)"', () => {
    const r = { status: 'finished', step: 745, epoch: 7, epochs: 300 }
    expect(epochText(r)).toBe('epoch 8 (finished; 300 planned)')
    expect(epochText({ ...r, epoch: 299 })).toBe('epoch 300 / 300 (finished)')
    expect(epochText({ ...r, status: 'running' })).toBe('epoch 8 / 300')
  })
})
