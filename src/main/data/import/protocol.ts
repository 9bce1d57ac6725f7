// Messages between the import pool and its worker threads.
import type { NoteEvent, Piece, Track } from '../../../shared/music/piece'
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
  | { id: number; ok: true; sha256: string; report: ImportReport; piece?: PackedPiece }
  | { id: number; ok: false; sha256?: string; error: ImportErrorData }

/** Sent once by a worker when its code has loaded (the watchdog only times parsing, not start-up). */
export const READY = 'ready'

/** A piece whose notes travel as transferable Int32Arrays (pitch, start, duration, velocity per note), so the main thread
 *  never deserialises thousands of small objects in one go (M4: event-loop delay). */
export type PackedPiece = Omit<Piece, 'tracks'> & {
  tracks: (Omit<Track, 'notes'> & { notes: Int32Array })[]
}

/** Pack a piece's notes for transfer; returns the packed piece and the buffers to transfer. */
export function packPiece(piece: Piece): { packed: PackedPiece; transfer: ArrayBuffer[] } {
  const transfer: ArrayBuffer[] = []
  const tracks = piece.tracks.map((t) => {
    const notes = new Int32Array(t.notes.length * 4)
    t.notes.forEach((n, i) => notes.set([n.pitch, n.start, n.duration, n.velocity], i * 4))
    transfer.push(notes.buffer)
    return { ...t, notes }
  })
  return { packed: { ...piece, tracks }, transfer }
}

/** Rebuild note objects from a packed piece. */
export function unpackPiece(packed: PackedPiece): Piece {
  const tracks = packed.tracks.map((t) => {
    const a = t.notes
    const notes: NoteEvent[] = new Array(a.length / 4)
    for (let i = 0, k = 0; k < a.length; i++, k += 4)
      notes[i] = { pitch: a[k], start: a[k + 1], duration: a[k + 2], velocity: a[k + 3] }
    return { ...t, notes }
  })
  return { ...packed, tracks }
}
