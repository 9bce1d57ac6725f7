import { clientFromBridge } from '@shared/api/bridge'
import { connectWs } from '@shared/api/wsClient'
import type { ComposerApi } from '@shared/api'

/** How the renderer reaches main: the preload's bridge in the desktop app, a WebSocket in serve mode. */
export interface ComposerConnection {
  api: ComposerApi
  mode: 'desktop' | 'browser'
  ready: Promise<void>
}

/**
 * The serve-mode WebSocket URL: same host, path /api, with the token from the page's address (?token=) when present
 * (the cookie the server set carries it otherwise).
 */
export function socketUrl(location: Pick<Location, 'protocol' | 'host' | 'search'>): string {
  const token = new URLSearchParams(location.search).get('token')
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws'
  return `${scheme}://${location.host}/api${token ? `?token=${encodeURIComponent(token)}` : ''}`
}

/** Connect to the app's API: window.composer where the preload made it, else the serve-mode WebSocket. */
export function connectComposer(win: Window = window): ComposerConnection {
  if (win.composer) {
    return { api: clientFromBridge(win.composer), mode: 'desktop', ready: Promise.resolve() }
  }
  const url = socketUrl(win.location)
  // The token stays in memory and in the HttpOnly cookie; take it out of the address bar (history, screenshots).
  if (new URLSearchParams(win.location.search).has('token')) {
    win.history.replaceState(null, '', `${win.location.pathname}${win.location.hash}`)
  }
  const client = connectWs(url, (u) => new WebSocket(u))
  return { api: client.api, mode: 'browser', ready: client.ready }
}
