// Export: a piece (or one of its tracks) as MIDI into the exports folder, as bytes, through a save dialog or as a file
// for a native drag; files made in the renderer (WAV, PNG) through a save dialog; an export shown in its folder.
import { writeFileSync } from 'node:fs'
import type { ParsedArgsOf } from '../../shared/api/table'
import { ApiError, notAvailable } from '../../shared/api/errors'
import type { Piece } from '../../shared/music/piece'
import type { ExportFiles } from '../app/exports'
import { safeFileName } from '../app/files'
import type { Desktop, Dialogs, MidiWriter, PiecesPort, PortOf } from './ports'

const DESKTOP_ONLY = 'This works in the desktop app only.'

/** What exporting stands on: the pieces, the MIDI writer, the exports folder and the desktop's dialogs and shell. */
export interface ExportDeps {
  pieces: PiecesPort
  midiWriter: MidiWriter
  exportFiles: ExportFiles
  dialogs?: Dialogs
  desktop?: Desktop
}

/** The export domain; `drag` also takes the desktop's native drag (absent in serve mode). */
export type ExportPort = PortOf<
  'export',
  'midi' | 'midiBytes' | 'saveAs' | 'saveFile' | 'showInFolder'
> & {
  drag(args: ParsedArgsOf<'export', 'drag'>, startDrag?: (file: string) => void): Promise<void>
}

const desktopOnly = <T>(dep: T | undefined): T => {
  if (dep === undefined) throw notAvailable(DESKTOP_ONLY)
  return dep
}

/** Export over the given pieces, writer, folder and desktop abilities. */
export function exportService(deps: ExportDeps): ExportPort {
  /** The piece (or its one track) to write, and the file name made from its title. */
  const midiOf = async (pieceId: string, trackIndex: number | undefined) => {
    const record = await deps.pieces.get({ id: pieceId })
    let piece: Piece = record.piece
    let title = record.title
    if (trackIndex !== undefined) {
      const track = piece.tracks[trackIndex]
      if (!track) throw new ApiError('not_found', 'that track is not in the piece', 'trackIndex')
      piece = { ...piece, tracks: [track] }
      title = `${record.title} - ${track.name || 'track ' + (trackIndex + 1)}`
    }
    return { fileName: safeFileName(title, 'mid'), bytes: deps.midiWriter({ ...piece, title }) }
  }
  /** Ask where to save, write there and remember it as an export; null when the composer cancels. */
  const saveThrough = async (
    fileName: string,
    format: 'mid' | 'wav' | 'png',
    bytes: Uint8Array
  ) => {
    const target = await desktopOnly(deps.dialogs).chooseSavePath(fileName, format)
    if (!target) return null
    writeFileSync(target, bytes)
    return { exportId: deps.exportFiles.remember(target, true), fileName }
  }
  return {
    midi: async ({ pieceId, trackIndex }) => {
      const { fileName, bytes } = await midiOf(pieceId, trackIndex)
      return deps.exportFiles.writeExport(fileName, bytes)
    },
    midiBytes: async ({ pieceId, trackIndex }) => {
      const { fileName, bytes } = await midiOf(pieceId, trackIndex)
      return { fileName, base64: Buffer.from(bytes).toString('base64') }
    },
    saveAs: async ({ pieceId, trackIndex }) => {
      desktopOnly(deps.dialogs)
      const { fileName, bytes } = await midiOf(pieceId, trackIndex)
      return saveThrough(fileName, 'mid', bytes)
    },
    saveFile: async ({ suggestedName, format, base64 }) => {
      const fileName = safeFileName(suggestedName.replace(/\.(wav|png|mid)$/i, ''), format)
      return saveThrough(fileName, format, Buffer.from(base64, 'base64'))
    },
    drag: async ({ pieceId, trackIndex }, startDrag) => {
      if (!startDrag) throw notAvailable('Dragging into a DAW works in the desktop app only.')
      const { fileName, bytes } = await midiOf(pieceId, trackIndex)
      startDrag(deps.exportFiles.writeDragFile(fileName, bytes))
    },
    showInFolder: async ({ exportId }) => {
      desktopOnly(deps.desktop).showInFolder(deps.exportFiles.pathOf(exportId))
    }
  }
}
