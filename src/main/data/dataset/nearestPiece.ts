// The nearest-training-music report of one piece: per bar, the closest bars of the dataset with their source files,
// and a flag where a bar is closer to the training data than real music gets to other real music (possible copying).
// The result types live in the API (src/shared/api/searchTypes.ts).
import type { Piece } from '../../../shared/music/piece'
import { wholePieceRoll } from '../../../shared/music/pianoroll'
import { barCellsOn, nearestBars, type Baseline, type BarIndex } from './nearest'
import type { NearestBar, NearestReport } from '../../../shared/api/searchTypes'

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
    const copying = matches.length > 0 && matches[0].similarity > baseline.flagAbove
    bars.push({ bar, cells: on.length, matches, copying })
  }
  return {
    bars,
    baseline,
    flagged: bars.filter((b) => b.copying).map((b) => b.bar),
    segments: index.manifest.segmentCount
  }
}
