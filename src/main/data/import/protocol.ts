// Messages between the import pool and its worker threads.
import type { Piece } from '../../../shared/music/piece'
import type { ImportErrorData } from '../midi/errors'
import type { PitchRange } from '../midi/toPiece'
import type { ImportReport } from './report'

/** Work for one file: a path to read, or bytes already in memory (fuzzing, tests). */
export interface ParseTask {
  id: number
  file: string
  bytes?: Uint8Array
  pitchRange?: PitchRange
  /** Send the piece back (false when only the outcome matters, e.g. fuzzing). */
  wantPiece: boolean
}

/** The outcome of one file. */
export type ParseReply =
  | { id: number; ok: true; sha256: string; report: ImportReport; piece?: Piece }
  | { id: number; ok: false; sha256?: string; error: ImportErrorData }

/** Sent once by a worker when its code has loaded (the watchdog only times parsing, not start-up). */
export const READY = 'ready'
