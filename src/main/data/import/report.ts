// The per-file import report: what the user sees for each imported file (CLI `inspect`, import dialog, dataset builder).
import { FAMILIES } from '../../../shared/music/families'
import type { Piece } from '../../../shared/music/piece'

/** Why notes were dropped, counted per reason. */
export interface DropCounts {
  /** Outside the requested pitch range. */
  outOfRange: number
  /** Note-off on the same tick as its note-on. */
  zeroLength: number
  /** Note-on never closed by a note-off before the end of its track. */
  unterminated: number
}

/** One track of the piece as found in the file. */
export interface TrackReport {
  name: string
  /** MIDI channel 0..15 (9 = drums); -1 for .npz tracks, which have none. */
  channel: number
  program: number
  family: number
  familyName: string
  isDrum: boolean
  notes: number
  dropped: DropCounts
}

/** Everything an import learned about one file. */
export interface ImportReport {
  file: string
  kind: 'midi' | 'npz'
  /** SMF format 0/1/2; -1 for .npz. */
  format: number
  /** The file's own resolution: PPQ, SMPTE ticks per beat at 120 bpm, or .npz steps per beat. */
  ppq: number
  division: 'ppq' | 'smpte' | 'steps'
  tracks: TrackReport[]
  notesKept: number
  notesDropped: DropCounts
  /** Kept notes per family name (all 17 names present). */
  notesPerFamily: Record<string, number>
  tempos: { tick: number; bpm: number }[]
  timeSignatures: { tick: number; numerator: number; denominator: number }[]
  /** Length of the piece in ticks at the piece's PPQ. */
  durationTicks: number
  warnings: string[]
}

/** A zeroed DropCounts. */
export function noDrops(): DropCounts {
  return { outOfRange: 0, zeroLength: 0, unterminated: 0 }
}

/** Add b's counts into a. */
export function addDrops(a: DropCounts, b: DropCounts): void {
  a.outOfRange += b.outOfRange
  a.zeroLength += b.zeroLength
  a.unterminated += b.unterminated
}

/** Kept notes per family name, every family present (0 when empty). */
export function notesPerFamily(piece: Piece): Record<string, number> {
  const out: Record<string, number> = {}
  for (const f of FAMILIES) out[f.name] = 0
  for (const t of piece.tracks) out[FAMILIES[t.family].name] += t.notes.length
  return out
}

/** End of the last note in ticks. */
export function pieceEnd(piece: Piece): number {
  let end = 0
  for (const t of piece.tracks)
    for (const n of t.notes) if (n.start + n.duration > end) end = n.start + n.duration
  return end
}

/** What a reader knows about its file's container: kind, format, own resolution and its kind. */
export type SourceInfo = Pick<ImportReport, 'kind' | 'format' | 'ppq' | 'division'>

/** Assemble the report of a piece from its track rows (drops are summed from them) and warnings. */
export function buildReport(
  file: string,
  source: SourceInfo,
  piece: Piece,
  tracks: TrackReport[],
  warnings: string[]
): ImportReport {
  const dropped = noDrops()
  for (const t of tracks) addDrops(dropped, t.dropped)
  return {
    file,
    ...source,
    tracks,
    notesKept: piece.tracks.reduce((s, t) => s + t.notes.length, 0),
    notesDropped: dropped,
    notesPerFamily: notesPerFamily(piece),
    tempos: piece.tempos,
    timeSignatures: piece.timeSignatures,
    durationTicks: pieceEnd(piece),
    warnings
  }
}
