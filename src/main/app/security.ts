import type { BrowserWindowConstructorOptions, Session } from 'electron'
import { isAbsolute, relative } from 'node:path'
import { isAppUrl } from './protocol'

// The Electron security settings (E1) as plain data and pure functions, so a Node test checks them without Electron.

/** Options of the one window factory. */
export interface WindowOptionsInput {
  /** The built preload script; must lie inside appDir (the app bundle). */
  preload: string
  appDir: string
  bounds?: { x?: number; y?: number; width: number; height: number }
  /** A development build (not packaged): only then can DevTools open (issue 11 item 9). */
  dev?: boolean
}

/** The minimum window size at which the views stay usable. */
export const MIN_SIZE = { width: 960, height: 600 }

/** The one factory every BrowserWindow is created from: isolated, sandboxed, no Node, preload from the bundle. */
export function createWindowOptions(input: WindowOptionsInput): BrowserWindowConstructorOptions {
  const rel = relative(input.appDir, input.preload)
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) {
    throw new Error('the preload script must lie inside the app bundle')
  }
  return {
    ...(input.bounds ?? { width: 1440, height: 900 }),
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    show: false,
    title: 'Bytes to Beats',
    backgroundColor: '#16181d',
    autoHideMenuBar: false,
    webPreferences: {
      preload: input.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: input.dev === true
    }
  }
}

type RequestHandler = NonNullable<Parameters<Session['setPermissionRequestHandler']>[0]>
/** A permission a page may request, as Electron 40 names them. */
export type RequestPermission = Parameters<RequestHandler>[1]

/** Every permission name Electron 40 can request (checked complete at compile time). */
export const REQUEST_PERMISSIONS = [
  'clipboard-read',
  'clipboard-sanitized-write',
  'display-capture',
  'fullscreen',
  'geolocation',
  'idle-detection',
  'media',
  'mediaKeySystem',
  'midi',
  'midiSysex',
  'notifications',
  'pointerLock',
  'keyboardLock',
  'openExternal',
  'speaker-selection',
  'storage-access',
  'top-level-storage-access',
  'window-management',
  'unknown',
  'fileSystem'
] as const satisfies readonly RequestPermission[]

type Missing = Exclude<RequestPermission, (typeof REQUEST_PERMISSIONS)[number]>
const _allListed: [Missing] extends [never] ? true : never = true
void _allListed

/** The permission policy: every request is denied (the app needs none of them). */
export function decidePermission(_permission: string): boolean {
  return false
}

/** Navigation policy: the window never leaves the page it loaded (in-app routing uses the hash). */
export function allowNavigation(_url: string): boolean {
  return false
}

/** New-window policy: never. */
export function windowOpenDecision(): { action: 'deny' } {
  return { action: 'deny' }
}

/** The https pages Help may open in the system browser (shell.openExternal sees nothing else). */
export const EXTERNAL_ALLOWLIST = ['github.com']

/** True when a URL may be opened in the system browser: https on an allowlisted host, nothing else. */
export function allowExternal(url: string): boolean {
  try {
    const u = new URL(url)
    return u.protocol === 'https:' && EXTERNAL_ALLOWLIST.includes(u.hostname) && u.username === ''
  } catch {
    return false
  }
}

/** Whether a web request may be served: app:// pages and devtools only (no remote loads in the desktop window). */
export function allowRequest(url: string): boolean {
  return (
    isAppUrl(url) ||
    url.startsWith('devtools://') ||
    url.startsWith('data:') ||
    url.startsWith('blob:')
  )
}
