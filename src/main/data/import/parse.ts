// One file's bytes -> Piece + report, whichever format it is (sniffed from the bytes, not trusted from the extension).
import type { Piece } from '../../../shared/music/piece'
import { ImportError } from '../midi/errors'
import { readMidi } from '../midi/read'
import type { ImportOptions } from '../midi/toPiece'
import { readLpd } from '../npz/lpd'
import type { ImportReport } from './report'

/** File name endings the importer looks for when it walks a folder. */
export const IMPORT_EXTENSIONS = ['.mid', '.midi', '.kar', '.rmi', '.smf', '.npz']

/** Largest .npz file read into memory (its members are capped separately by the zip limits). */
export const MAX_NPZ_BYTES = 256 * 1024 * 1024

/** 'midi' or 'npz' by magic bytes; an empty file or unknown bytes count as MIDI so the MIDI reader names the problem. */
export function sniff(bytes: Uint8Array): 'midi' | 'npz' {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04
    ? 'npz'
    : 'midi'
}

/** Parse one file's bytes into a validated piece and its report; throws ImportError. */
export async function parseBytes(
  file: string,
  bytes: Uint8Array,
  options: ImportOptions = {}
): Promise<{ piece: Piece; report: ImportReport }> {
  if (sniff(bytes) === 'npz') {
    if (bytes.length > MAX_NPZ_BYTES)
      throw new ImportError(file, 'too-large', `${bytes.length} bytes is over the .npz limit`)
    return readLpd(file, bytes, options)
  }
  return readMidi(file, bytes, options)
}
