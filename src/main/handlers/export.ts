import type { DomainHandlers } from '../../shared/api/table'
import { exportService, type ExportDeps } from '../services/export'

/** export: MIDI files, save dialogs, native drags and show-in-folder (src/main/services/export.ts). */
export function createExportHandlers(deps: ExportDeps): DomainHandlers<'export'> {
  const service = exportService(deps)
  return {
    midi: async (args) => service.midi(args),
    midiBytes: async (args) => service.midiBytes(args),
    saveAs: async (args) => service.saveAs(args),
    saveFile: async (args) => service.saveFile(args),
    drag: async (args, ctx) => service.drag(args, ctx.startDrag),
    showInFolder: async (args) => service.showInFolder(args)
  }
}
