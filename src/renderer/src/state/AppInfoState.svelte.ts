import type { AppInfo, BackendName, ComposerApi } from '@shared/api'

/** How often, at most, the app's info is asked again while the engine's backend is unknown. */
const RECHECK_MS = 2000

/** What the status bar says about the app: backend in use, mode, version. */
export class AppInfoState {
  info = $state<AppInfo | null>(null)
  #off: (() => void)[] = []
  #asked = 0

  /** The engine backend in words. */
  get backendLabel(): string {
    const b = this.info?.backend
    if (!b) return 'Engine not loaded'
    const names: Record<BackendName, string> = {
      'tensorflow-gpu': 'GPU (CUDA)',
      tensorflow: 'native CPU',
      wasm: 'WebAssembly',
      cpu: 'plain CPU'
    }
    return `Engine: ${names[b.name] ?? b.name}`
  }

  /** Load the app's info. */
  async load(api: ComposerApi): Promise<void> {
    this.info = await api.app.info()
  }

  /**
   * Ask again when training runs while the backend is still unknown: the engine loads in the training worker,
   * so the first progress of a run is when the status bar can name it.
   */
  follow(api: Pick<ComposerApi, 'app' | 'events'>): void {
    // Progress comes every step: asked at most every RECHECK_MS; a job's change of state always asks.
    const recheck = (throttled: boolean) => {
      if (this.info?.backend || (throttled && Date.now() - this.#asked < RECHECK_MS)) return
      if (throttled) this.#asked = Date.now()
      api.app.info().then(
        (info) => (this.info = info),
        () => {}
      )
    }
    this.#off.push(
      api.events.on('run:progress', () => recheck(true)),
      api.events.on('job:status', ({ job }) => {
        if (job.kind === 'training' || job.kind === 'generation') recheck(false)
      })
    )
  }

  /**
   * The engine answered a request outside a job (a generation): ask which backend it loaded, once, if still unknown.
   * Before, the status bar said "Engine not loaded" after every generation until a training run started.
   */
  engineUsed(api: Pick<ComposerApi, 'app'>): void {
    if (this.info?.backend) return
    api.app.info().then(
      (info) => (this.info = info),
      () => {}
    )
  }

  /** Stop following events. */
  stop(): void {
    for (const off of this.#off.splice(0)) off()
  }
}
