import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { CHANNELS } from '../../../src/shared/api/channels'
import { APP_ENTRY_URL } from '../../../src/main/app/protocol'
import { REQUEST_PERMISSIONS } from '../../../src/main/app/security'
import { tempDataDir } from '../../helpers/api'

// src/main/index.ts (the composition root) under a recording stand-in for electron: Electron cannot run here, so this
// checks the wiring: scheme, session lock-down, window options, IPC channels, menu, navigation and window-open policy.

const rec = vi.hoisted(() => ({
  appOn: {} as Record<string, (...a: any[]) => void>,
  windows: [] as any[],
  handled: [] as string[],
  schemes: [] as any[],
  protocolHandler: null as null | ((r: Request) => Promise<Response>),
  permissionRequest: null as null | ((...a: any[]) => void),
  permissionCheck: null as null | ((...a: any[]) => boolean),
  blocked: [] as string[],
  menu: null as unknown
}))

vi.mock('electron', () => {
  class BrowserWindow {
    static getAllWindows = () => rec.windows
    webContents = { send: vi.fn() }
    loaded = ''
    constructor(readonly options: any) {
      rec.windows.push(this)
    }
    once() {}
    on() {}
    maximize() {}
    isDestroyed = () => false
    loadURL(url: string) {
      this.loaded = url
      return Promise.resolve()
    }
  }
  return {
    app: {
      isPackaged: false,
      getAppPath: () => process.cwd(),
      requestSingleInstanceLock: () => true,
      quit: vi.fn(),
      getVersion: () => '0.1.0',
      on: (ev: string, fn: (...a: any[]) => void) => void (rec.appOn[ev] = fn),
      whenReady: () => Promise.resolve()
    },
    BrowserWindow,
    ipcMain: { handle: (c: string) => void rec.handled.push(c), removeHandler: vi.fn() },
    Menu: {
      buildFromTemplate: (t: unknown) => t,
      setApplicationMenu: (m: unknown) => void (rec.menu = m)
    },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    protocol: { registerSchemesAsPrivileged: (s: any[]) => void rec.schemes.push(...s) },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (h: any) => void (rec.permissionRequest = h),
        setPermissionCheckHandler: (h: any) => void (rec.permissionCheck = h),
        protocol: { handle: (_s: string, h: any) => void (rec.protocolHandler = h) },
        webRequest: { onBeforeRequest: (f: { urls: string[] }) => void rec.blocked.push(...f.urls) }
      }
    },
    dialog: {},
    shell: {},
    nativeImage: {}
  }
})

const data = tempDataDir('b2b-root-')
beforeAll(async () => {
  process.env.BYTES_TO_BEATS_DATA = data.dir
  delete process.env.ELECTRON_RENDERER_URL
  await import('../../../src/main/index')
  await vi.waitFor(() => expect(rec.windows).toHaveLength(1), { timeout: 30_000 })
}, 60_000)
afterAll(() => {
  delete process.env.BYTES_TO_BEATS_DATA
  data.cleanup()
})

describe('the Electron composition root', () => {
  it('declares app:// secure and standard before ready, and serves the renderer on it with the CSP header', async () => {
    expect(rec.schemes).toEqual([
      expect.objectContaining({
        scheme: 'app',
        privileges: expect.objectContaining({ standard: true, secure: true })
      })
    ])
    const ok = await rec.protocolHandler!(new Request(APP_ENTRY_URL))
    expect(ok.status).toBe(200)
    expect(ok.headers.get('content-security-policy')).toContain("script-src 'self'")
    expect(
      (await rec.protocolHandler!(new Request('app://bytes-to-beats/../../package.json'))).status
    ).toBe(404)
    expect((await rec.protocolHandler!(new Request('app://other/index.html'))).status).toBe(404)
  })

  it('opens one window from the options factory on app://', () => {
    const [win] = rec.windows
    expect(win.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false
    })
    expect(win.loaded).toBe(APP_ENTRY_URL)
  })

  it('binds every API channel, sets the menu, blocks remote requests and denies every permission', () => {
    expect(rec.handled.sort()).toEqual(CHANNELS.map((c) => c.channel).sort())
    expect(Array.isArray(rec.menu)).toBe(true)
    expect(rec.blocked).toEqual(expect.arrayContaining(['http://*/*', 'https://*/*']))
    for (const p of REQUEST_PERMISSIONS) {
      const callback = vi.fn()
      rec.permissionRequest!({}, p, callback, {})
      expect(callback).toHaveBeenCalledWith(false)
      expect(rec.permissionCheck!({}, p)).toBe(false)
    }
  })

  it('denies navigation, redirects, webviews and new windows in every web contents', () => {
    const on: Record<string, (e: { preventDefault: () => void }, url?: string) => void> = {}
    let openHandler: (() => unknown) | null = null
    rec.appOn['web-contents-created'](
      {},
      {
        setWindowOpenHandler: (h: () => unknown) => void (openHandler = h),
        on: (ev: string, fn: any) => void (on[ev] = fn)
      }
    )
    expect(openHandler!()).toEqual({ action: 'deny' })
    for (const ev of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      const preventDefault = vi.fn()
      on[ev]({ preventDefault }, 'https://evil.example/')
      expect(preventDefault, ev).toHaveBeenCalled()
    }
  })
})
