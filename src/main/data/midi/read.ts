// The MIDI import entry: bytes -> validated Piece + report, or an ImportError.
import type { Piece } from '../../../shared/music/piece'
import type { ImportReport } from '../import/report'
import { validatePiece } from '../import/validate'
import { parseSmf } from './smf'
import { smfToPiece, type ImportOptions } from './toPiece'

/** Read a Standard MIDI File (or .rmi) into a Piece at PPQ 480 with its import report; throws ImportError. */
export function readMidi(
  file: string,
  bytes: Uint8Array,
  options: ImportOptions = {}
): { piece: Piece; report: ImportReport } {
  const result = smfToPiece(file, parseSmf(file, bytes), options)
  validatePiece(file, result.piece)
  return result
}
