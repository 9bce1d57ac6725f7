import type { MenuItemConstructorOptions } from 'electron'
import type { MenuCommand } from '../../shared/api/events'

// The app menu as a plain template (no electron import at run time): DAW shortcuts, commands sent to the renderer.

/** What the menu's items do, supplied by the composition root. */
export interface MenuActions {
  send(command: MenuCommand): void
  openDocs(): void
  isMac: boolean
  isDev: boolean
}

/** One item that sends a command to the focused view. */
function command(label: string, cmd: MenuCommand, accelerator: string | undefined, a: MenuActions) {
  return { label, accelerator, click: () => a.send(cmd) } satisfies MenuItemConstructorOptions
}

/** The menu template: File (import, export), Edit (undo, redo, cut, copy, paste), View, Help. */
export function menuTemplate(a: MenuActions): MenuItemConstructorOptions[] {
  const mac: MenuItemConstructorOptions[] = a.isMac ? [{ role: 'appMenu' }] : []
  return [
    ...mac,
    {
      label: '&File',
      submenu: [
        command('Import MIDI or LPD-17…', 'import', 'CmdOrCtrl+I', a),
        command('Export MIDI…', 'export', 'CmdOrCtrl+E', a),
        { type: 'separator' },
        a.isMac ? { role: 'close' } : { role: 'quit', accelerator: 'Ctrl+Q' }
      ]
    },
    {
      label: '&Edit',
      submenu: [
        // Undo/redo go to the app's own history (the piano roll), not the text-field undo.
        command('Undo', 'undo', 'CmdOrCtrl+Z', a),
        command('Redo', 'redo', a.isMac ? 'Shift+Cmd+Z' : 'Ctrl+Shift+Z', a),
        ...(a.isMac ? [] : [command('Redo', 'redo', 'Ctrl+Y', a)]).map((i) => ({
          ...i,
          visible: false
        })),
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' }
      ]
    },
    {
      label: '&View',
      submenu: [
        command('Compose', 'view:compose', 'CmdOrCtrl+1', a),
        command('Train', 'view:train', 'CmdOrCtrl+2', a),
        command('Compare', 'view:compare', 'CmdOrCtrl+3', a),
        command('Library', 'view:library', 'CmdOrCtrl+4', a),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        ...(a.isDev ? ([{ role: 'toggleDevTools' }] as MenuItemConstructorOptions[]) : [])
      ]
    },
    {
      label: '&Help',
      role: 'help',
      submenu: [
        command('About Bytes to Beats', 'about', undefined, a),
        { label: 'Documentation', click: () => a.openDocs() }
      ]
    }
  ]
}
