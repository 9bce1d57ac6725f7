// The Electron composition root: the only file in main that imports electron, besides the thin adapters in app/electron.
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  screen,
  session,
  type IpcMainInvokeEvent
} from 'electron'
import { join } from 'node:path'
import { EVENT_CHANNEL } from '../shared/api/channels'
import { resolveDataDir } from './app/paths'
import { APP_ENTRY_URL } from './app/protocol'
import {
  allowNavigation,
  createWindowOptions,
  decidePermission,
  windowOpenDecision
} from './app/security'
import { createServices, type Services } from './app/services'
import { loadWindowState, saveWindowState, visibleBounds } from './app/windowState'
import { menuTemplate } from './app/menu'
import { handleAppProtocol, registerAppScheme } from './app/electron/protocol'
import { createElectronDialogs } from './app/electron/dialogs'
import { createElectronDesktop, dragContext, openExternalSafe } from './app/electron/desktop'
import { registerIpc } from './ipc/register'
import { openOrRestore } from './app/damagedLibrary'

const DOCS_URL = 'https://github.com/bytes-to-beats/bytes-to-beats#readme'
const devUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined
const iconFile = join(app.getAppPath(), 'resources', 'icon.png')
let mainWindow: BrowserWindow | null = null

registerAppScheme()
if (!app.requestSingleInstanceLock()) app.quit()

app.on('second-instance', () => {
  if (!mainWindow) return
  if (mainWindow.isMinimized()) mainWindow.restore()
  mainWindow.focus()
})

// Every web contents, present and future: no navigation, no new windows, no <webview>.
app.on('web-contents-created', (_e, contents) => {
  contents.setWindowOpenHandler(() => windowOpenDecision())
  contents.on('will-navigate', (event, url) => {
    if (!allowNavigation(url)) event.preventDefault()
  })
  contents.on('will-redirect', (event) => event.preventDefault())
  contents.on('will-attach-webview', (event) => event.preventDefault())
})

function lockDownSession(rendererDir: string): void {
  const ses = session.defaultSession
  ses.setPermissionRequestHandler((_wc, permission, callback) =>
    callback(decidePermission(permission))
  )
  ses.setPermissionCheckHandler((_wc, permission) => decidePermission(permission))
  handleAppProtocol(ses, rendererDir)
  if (!devUrl) {
    const remote = { urls: ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*'] }
    ses.webRequest.onBeforeRequest(remote, (_details, callback) => callback({ cancel: true }))
  }
}

function createWindow(services: Services, dataDir: string): BrowserWindow {
  const saved = loadWindowState(dataDir)
  const areas = screen.getAllDisplays().map((d) => d.workArea)
  const win = new BrowserWindow(
    createWindowOptions({
      preload: join(__dirname, '../preload/index.js'),
      appDir: join(__dirname, '..'),
      bounds: visibleBounds(saved, areas),
      dev: !app.isPackaged
    })
  )
  if (saved?.maximized) win.maximize()
  win.once('ready-to-show', () => win.show())
  win.on('close', () => {
    saveWindowState(dataDir, { bounds: win.getNormalBounds(), maximized: win.isMaximized() })
  })
  const unsubscribe = services.bus.subscribe((event) => {
    if (!win.isDestroyed()) win.webContents.send(EVENT_CHANNEL, event)
  })
  win.on('closed', () => {
    unsubscribe()
    mainWindow = null
  })
  void win.loadURL(devUrl ?? APP_ENTRY_URL)
  return win
}

function setMenu(services: Services): void {
  const template = menuTemplate({
    send: (command) => services.bus.publish({ type: 'menu:command', command }),
    openDocs: () => openExternalSafe(DOCS_URL),
    isMac: process.platform === 'darwin',
    isDev: !app.isPackaged
  })
  Menu.setApplicationMenu(Menu.buildFromTemplate(template))
}

/** Services over the data folder; a damaged library asks to restore its newest backup (or quits). */
function openServices(dataDir: string): Services | null {
  const open = () =>
    createServices({
      dataDir,
      mode: 'desktop',
      version: app.getVersion(),
      versions: { electron: process.versions.electron, chrome: process.versions.chrome },
      dialogs: createElectronDialogs(() => mainWindow),
      desktop: createElectronDesktop(),
      firstRun: true
    })
  return openOrRestore(dataDir, open, {
    ask: (q) => dialog.showMessageBoxSync({ type: 'error', title: 'Bytes to Beats', ...q }),
    // Another process holds the data folder (serve, the CLI), or the library cannot be opened: say so and quit.
    fail: (title, text) => dialog.showErrorBox(title, text)
  })
}

app.whenReady().then(() => {
  const dataDir = resolveDataDir()
  const services = openServices(dataDir)
  if (!services) return app.quit()
  lockDownSession(join(__dirname, '../renderer'))
  registerIpc(ipcMain, services.dispatcher, {
    contextFor: (event: IpcMainInvokeEvent) => dragContext(event.sender, iconFile),
    devOrigin: devUrl
  })
  setMenu(services)
  mainWindow = createWindow(services, dataDir)
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow(services, dataDir)
  })
  app.on('before-quit', () => void services.close())
})

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit()
})
