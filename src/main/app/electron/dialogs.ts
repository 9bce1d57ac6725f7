import { dialog, type BrowserWindow, type OpenDialogOptions } from 'electron'
import type { GrantKind } from '../grants'
import type { Dialogs } from '../../services/ports'

const OPEN: Record<GrantKind, OpenDialogOptions> = {
  'midi-folder': { title: 'Import a folder of MIDI files', properties: ['openDirectory'] },
  'midi-files': {
    title: 'Import MIDI files',
    properties: ['openFile', 'multiSelections'],
    filters: [{ name: 'MIDI files', extensions: ['mid', 'midi'] }]
  },
  'npz-files': {
    title: 'Import LPD-17 pianorolls',
    properties: ['openFile', 'multiSelections'],
    filters: [{ name: 'LPD-17 / pypianoroll', extensions: ['npz'] }]
  },
  'labels-csv': {
    title: 'Choose a label file',
    properties: ['openFile'],
    filters: [{ name: 'CSV', extensions: ['csv'] }]
  }
}

const SAVE_FILTERS = {
  mid: { name: 'MIDI file', extensions: ['mid'] },
  wav: { name: 'WAV audio', extensions: ['wav'] },
  png: { name: 'PNG image', extensions: ['png'] }
}

/** Native open and save dialogs, attached to the app window. */
export function createElectronDialogs(window: () => BrowserWindow | null): Dialogs {
  return {
    async chooseSource(kind) {
      const win = window()
      const result = win
        ? await dialog.showOpenDialog(win, OPEN[kind])
        : await dialog.showOpenDialog(OPEN[kind])
      return result.canceled ? null : result.filePaths
    },
    async chooseSavePath(defaultName, format) {
      const options = { defaultPath: defaultName, filters: [SAVE_FILTERS[format]] }
      const win = window()
      const result = win
        ? await dialog.showSaveDialog(win, options)
        : await dialog.showSaveDialog(options)
      return result.canceled || !result.filePath ? null : result.filePath
    }
  }
}
