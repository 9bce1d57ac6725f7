// The nearest-training-music report of one piece: per bar, the closest bars of the dataset with their source files,
// and a flag where a bar is closer to the training data than real music gets to other real music (possible copying).
import type { Piece } from '../../../shared/music/piece'
import { wholePieceRoll } from '../../../shared/music/pianoroll'
import { barCellsOn, nearestBars, type Baseline, type BarIndex } from './nearest'

/** One training bar close to a bar of the piece. */
export interface NearestMatch {
  segment: number
  /** Bar inside the training segment (0-based). */
  bar: number
  similarity: number
  /** The source file (as imported) and the bar of that file the segment bar is. */
  file: string
  fileBar: number
}

/** The closest training bars of one bar of the piece. */
export interface NearestBar {
  bar: number
  /** On-cells of the bar (0: an empty bar, no matches). */
  cells: number
  matches: NearestMatch[]
  /** Closer than the real-vs-real p99: possible copying. */
  copying: boolean
}

/** The report: every bar, the baseline it was judged against, and whether any bar is flagged. */
export interface NearestReport {
  bars: NearestBar[]
  baseline: Baseline
  flagged: number[]
  segments: number
}

/** Compare every bar of `piece` with every bar of the dataset (the piece is read at the dataset's roll layout). */
export function nearestForPiece(
  index: BarIndex,
  baseline: Baseline,
  piece: Piece,
  k = 3
): NearestReport {
  const whole = wholePieceRoll(piece, index.manifest.config)
  const bars: NearestBar[] = []
  for (let bar = 0; bar < whole.config.bars; bar++) {
    const on = barCellsOn(whole.roll, index.barCells, bar)
    const matches = nearestBars(index, on, k).map((m) => {
      const seg = index.manifest.segments[m.segment]
      return { ...m, file: index.manifest.files[seg.source].file, fileBar: seg.bar + m.bar }
    })
    const copying = matches.length > 0 && matches[0].similarity > baseline.p99
    bars.push({ bar, cells: on.length, matches, copying })
  }
  return {
    bars,
    baseline,
    flagged: bars.filter((b) => b.copying).map((b) => b.bar),
    segments: index.manifest.segmentCount
  }
}
