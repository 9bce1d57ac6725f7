import { z } from 'zod'
import { method } from '../method'
import { Id } from '../common'
import type { ExportResult } from '../types'

/** Which piece, and optionally which one of its tracks (index into piece.tracks), to write as MIDI. */
export const MidiTarget = {
  pieceId: Id,
  trackIndex: z.number().int().min(0).max(63).optional()
}

/** The largest file the renderer may hand over for saving (WAV, PNG): 256 MiB as base64. */
export const MAX_SAVE_BASE64 = Math.ceil((256 * 1024 * 1024 * 4) / 3)

/** export: MIDI files in the exports folder, native save dialogs, drag to a DAW, show in folder. */
export const exportMethods = {
  midi: method<ExportResult>()(
    z.strictObject(MidiTarget),
    'Write a piece (or one track) as .mid into the exports folder'
  ),
  midiBytes: method<{ fileName: string; base64: string }>()(
    z.strictObject(MidiTarget),
    'A piece (or one track) as .mid bytes, for a browser download in serve mode'
  ),
  saveAs: method<ExportResult | null>()(
    z.strictObject(MidiTarget),
    'Write a piece as .mid where a native save dialog says; null when cancelled'
  ),
  saveFile: method<ExportResult | null>()(
    z.strictObject({
      suggestedName: z.string().min(1).max(200),
      format: z.enum(['wav', 'png', 'mid']),
      base64: z
        .string()
        .max(MAX_SAVE_BASE64)
        .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64')
    }),
    'Save bytes the renderer made (WAV, PNG) through a native save dialog'
  ),
  drag: method<void>()(
    z.strictObject(MidiTarget),
    'Start a native file drag of the piece as .mid (desktop only)'
  ),
  showInFolder: method<void>()(
    z.strictObject({ exportId: Id }),
    'Show an exported file in the file manager (desktop only)'
  )
}
