import { PAPER_ROLL, pieceToRoll, type RollConfig } from '@shared/music/pianoroll'
import { metricContext } from '@shared/music/metrics/context'
import { selfSimilarity, type Ssm, type SsmOptions } from '@shared/music/metrics/ssm'

/** The self-similarity matrix of a piece's first segment (the paper's Figures 9 and 10), via the music core. */
export function pieceSsm(
  piece: Parameters<typeof pieceToRoll>[0],
  level: SsmOptions['level'] = 'step',
  c: RollConfig = PAPER_ROLL
): Ssm {
  const { roll } = pieceToRoll(piece, c)
  return selfSimilarity(metricContext(roll, c), { level, feature: 'roll' })
}
