import type { Piece } from '../../../shared/music/piece'
import {
  activeSteps,
  pieceEndTick,
  pieceToRoll,
  rollSteps,
  type RollConfig
} from '../../../shared/music/pianoroll'
import { barsUntil } from '../../../shared/music/time'

/** When a segment counts as nearly empty and is left out. */
export interface SkipRules {
  /** Fewest steps in which any track sounds (default 16, a quarter of the paper's 64). */
  minActiveSteps: number
  /** Fewest notes (all families) sounding in the segment (default 4). */
  minNotes: number
}

/** The defaults of SkipRules. */
export const DEFAULT_SKIP: Readonly<SkipRules> = Object.freeze({ minActiveSteps: 16, minNotes: 4 })

/** How many candidate segments were left out, by reason. */
export interface SkipCounts {
  /** Windows of `bars` bars where some bar is not beatsPerBar quarter notes long (other meters, cut bars). */
  meter: number
  /** Segments with fewer active steps than minActiveSteps. */
  sparse: number
  /** Segments with fewer notes than minNotes (and enough active steps). */
  fewNotes: number
}

/** A new all-zero SkipCounts. */
export function zeroSkips(): SkipCounts {
  return { meter: 0, sparse: 0, fewNotes: 0 }
}

/** One cut segment of a piece. */
export interface Segment {
  /** Index of its first bar in the piece. */
  bar: number
  startTick: number
  roll: Uint8Array
  notesPerFamily: number[]
  droppedOutOfRange: number
}

/**
 * Cut a piece into segments of `config.bars` bars that start on downbeats, every `hopBars` bars
 * (default: back to back). Time signatures are honoured: a window is kept only when every one of
 * its bars is exactly beatsPerBar quarter notes long (so 4/4 and 2/2 pass for the paper shape; 3/4,
 * 6/8 and bars cut short by a signature change do not); windows are tried bar by bar from each
 * candidate, so a meter change only costs the windows that overlap it.
 */
export function cutSegments(
  piece: Piece,
  config: RollConfig,
  rules: SkipRules = DEFAULT_SKIP,
  hopBars = config.bars
): { segments: Segment[]; skipped: SkipCounts } {
  const bars = barsUntil(piece.timeSignatures, piece.ppq, pieceEndTick(piece))
  const wanted = config.beatsPerBar * piece.ppq
  const skipped = zeroSkips()
  const segments: Segment[] = []
  let i = 0
  while (i + config.bars <= bars.length) {
    const bad = bars.slice(i, i + config.bars).findIndex((b) => b.length !== wanted)
    if (bad >= 0) {
      skipped.meter++
      i += bad + 1
      continue
    }
    const seg = pieceToRoll(piece, config, bars[i].start)
    const notes = seg.notesPerFamily.reduce((a, b) => a + b, 0)
    if (activeSteps(seg.roll, config) < Math.min(rules.minActiveSteps, rollSteps(config))) {
      skipped.sparse++
    } else if (notes < rules.minNotes) {
      skipped.fewNotes++
    } else {
      segments.push({ bar: i, startTick: bars[i].start, ...seg })
    }
    i += Math.max(1, hopBars)
  }
  return { segments, skipped }
}
