import type { AppInfo, ComposerApi } from '@shared/api'

/** What the status bar says about the app: backend in use, mode, version. */
export class AppInfoState {
  info = $state<AppInfo | null>(null)

  /** The engine backend in words. */
  get backendLabel(): string {
    const b = this.info?.backend
    if (!b) return 'Engine not loaded'
    const names = {
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
}
