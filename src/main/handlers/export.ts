import { writeFileSync } from 'node:fs'
import { ApiError, notAvailable } from '../../shared/api/errors'
import type { DomainHandlers } from '../../shared/api/table'
import type { Piece } from '../../shared/music/piece'
import { safeFileName } from '../app/files'
import { need, type HandlerDeps } from './deps'

const DESKTOP_ONLY = 'This works in the desktop app only.'

type ExportDeps = Pick<HandlerDeps, 'pieces' | 'midiWriter' | 'exportFiles' | 'dialogs' | 'desktop'>

/** The piece (or its one track) to write, and the file name made from its title. */
async function midiOf(
  deps: ExportDeps,
  pieceId: string,
  trackIndex: number | undefined
): Promise<{ fileName: string; bytes: Uint8Array }> {
  const write = deps.midiWriter
  const record = await deps.pieces.get({ id: pieceId })
  let piece: Piece = record.piece
  let title = record.title
  if (trackIndex !== undefined) {
    const track = piece.tracks[trackIndex]
    if (!track) throw new ApiError('not_found', 'that track is not in the piece', 'trackIndex')
    piece = { ...piece, tracks: [track] }
    title = `${record.title} - ${track.name || 'track ' + (trackIndex + 1)}`
  }
  return { fileName: safeFileName(title, 'mid'), bytes: write({ ...piece, title }) }
}

/** export: MIDI into the exports folder, as bytes, through a save dialog, as a native drag; show in folder. */
export function createExportHandlers(deps: ExportDeps): DomainHandlers<'export'> {
  return {
    midi: async ({ pieceId, trackIndex }) => {
      const { fileName, bytes } = await midiOf(deps, pieceId, trackIndex)
      return deps.exportFiles.writeExport(fileName, bytes)
    },
    midiBytes: async ({ pieceId, trackIndex }) => {
      const { fileName, bytes } = await midiOf(deps, pieceId, trackIndex)
      return { fileName, base64: Buffer.from(bytes).toString('base64') }
    },
    saveAs: async ({ pieceId, trackIndex }) => {
      const dialogs = need(deps.dialogs, DESKTOP_ONLY)
      const { fileName, bytes } = await midiOf(deps, pieceId, trackIndex)
      const target = await dialogs.chooseSavePath(fileName, 'mid')
      if (!target) return null
      writeFileSync(target, bytes)
      return { exportId: deps.exportFiles.remember(target, true), fileName }
    },
    saveFile: async ({ suggestedName, format, base64 }) => {
      const dialogs = need(deps.dialogs, DESKTOP_ONLY)
      const fileName = safeFileName(suggestedName.replace(/\.(wav|png|mid)$/i, ''), format)
      const target = await dialogs.chooseSavePath(fileName, format)
      if (!target) return null
      writeFileSync(target, Buffer.from(base64, 'base64'))
      return { exportId: deps.exportFiles.remember(target, true), fileName }
    },
    drag: async ({ pieceId, trackIndex }, ctx) => {
      if (!ctx.startDrag) throw notAvailable('Dragging into a DAW works in the desktop app only.')
      const { fileName, bytes } = await midiOf(deps, pieceId, trackIndex)
      ctx.startDrag(deps.exportFiles.writeDragFile(fileName, bytes))
    },
    showInFolder: async ({ exportId }) => {
      const desktop = need(deps.desktop, DESKTOP_ONLY)
      desktop.showInFolder(deps.exportFiles.pathOf(exportId))
    }
  }
}
