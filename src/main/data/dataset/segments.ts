import type { Piece } from '../../../shared/music/piece'
import {
  activeSteps,
  pieceEndTick,
  pieceToRoll,
  rollSteps,
  type RollConfig
} from '../../../shared/music/pianoroll'
import { barsUntil, type Bar } from '../../../shared/music/time'
import { SEGMENT_SKIP_DEFAULTS } from '../../../shared/api/domains/datasets'

/** When a segment counts as nearly empty and is left out, and how bars of other lengths are treated. */
export interface SkipRules {
  /** Fewest steps in which any track sounds (default 16, a quarter of the paper's 64). */
  minActiveSteps: number
  /** Fewest notes (all families) sounding in the segment (default 4). */
  minNotes: number
  /**
   * 'group' (default): consecutive bars of one signature whose length divides the config's bar
   * (2/4, 1/4) are grouped into config bars from the signature's start (POP909 files declare 2/4);
   * 'exact': only bars exactly beatsPerBar quarter notes long count.
   */
  meter?: 'group' | 'exact'
}

/** The defaults of SkipRules. */
export const DEFAULT_SKIP: Readonly<SkipRules> = Object.freeze({
  minActiveSteps: SEGMENT_SKIP_DEFAULTS.minActiveSteps,
  minNotes: SEGMENT_SKIP_DEFAULTS.minNotesPerSegment,
  meter: 'group'
})

/** What was left out, by reason. */
export interface SkipCounts {
  /** Bars that no segment may contain: not beatsPerBar quarter notes long (3/4, 6/8, cut bars). */
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
  /** Index of its first bar in the piece (the piece's own bars, before any grouping). */
  bar: number
  startTick: number
  roll: Uint8Array
  notesPerFamily: number[]
  droppedOutOfRange: number
}

/** A bar of the config's length (possibly several short bars grouped), or one unusable bar. */
interface Unit {
  start: number
  bar: number
  ok: boolean
}

/** The piece's bars as units of the config's bar length; unusable bars stay single, marked not ok. */
function barUnits(piece: Piece, config: RollConfig, meter: SkipRules['meter']): Unit[] {
  const bars = barsUntil(piece.timeSignatures, piece.ppq, pieceEndTick(piece))
  const wanted = config.beatsPerBar * piece.ppq
  const units: Unit[] = []
  for (let i = 0; i < bars.length;) {
    const b = bars[i]
    const k = wanted / b.length
    const group = meter !== 'exact' && Number.isInteger(k) && k > 1 ? bars.slice(i, i + k) : []
    const same = group.length === k && group.every((g) => g.length === b.length && sameSig(g, b))
    if (b.length === wanted || same) {
      units.push({ start: b.start, bar: i, ok: true })
      i += b.length === wanted ? 1 : k
    } else {
      units.push({ start: b.start, bar: i, ok: false })
      i++
    }
  }
  return units
}

function sameSig(a: Bar, b: Bar): boolean {
  return a.numerator === b.numerator && a.denominator === b.denominator
}

/**
 * Cut a piece into segments of `config.bars` bars that start on downbeats, every `hopBars` bars
 * (default: back to back). Time signatures are honoured: a segment holds only bars exactly
 * beatsPerBar quarter notes long (4/4 and 2/2 for the paper shape), or under meter 'group' short
 * bars grouped to that length (2/4 in pairs). Other bars (3/4, 6/8, bars cut by a signature change)
 * are counted in skipped.meter, and cutting restarts after them.
 */
export function cutSegments(
  piece: Piece,
  config: RollConfig,
  rules: SkipRules = DEFAULT_SKIP,
  hopBars = config.bars
): { segments: Segment[]; skipped: SkipCounts } {
  const units = barUnits(piece, config, rules.meter)
  const skipped = zeroSkips()
  skipped.meter = units.filter((u) => !u.ok).length
  const segments: Segment[] = []
  let i = 0
  while (i + config.bars <= units.length) {
    const bad = units.slice(i, i + config.bars).findIndex((u) => !u.ok)
    if (bad >= 0) {
      i += bad + 1
      continue
    }
    const seg = pieceToRoll(piece, config, units[i].start)
    const notes = seg.notesPerFamily.reduce((a, b) => a + b, 0)
    if (activeSteps(seg.roll, config) < Math.min(rules.minActiveSteps, rollSteps(config))) {
      skipped.sparse++
    } else if (notes < rules.minNotes) {
      skipped.fewNotes++
    } else {
      segments.push({ bar: units[i].bar, startTick: units[i].start, ...seg })
    }
    i += Math.max(1, hopBars)
  }
  return { segments, skipped }
}
