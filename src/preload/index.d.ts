import type { ComposerBridge } from '../shared/api/bridge'

declare global {
  interface Window {
    /** The app's API, exposed by the preload in the desktop app; absent in a browser (serve mode uses the WebSocket). */
    composer?: ComposerBridge
  }
}

export {}
