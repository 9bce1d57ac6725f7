import { computeMetrics, metricContext, selfSimilarity, type Ssm } from '@shared/music/metrics'
import { PAPER_ROLL, pieceLength, pieceToRoll, type RollConfig } from '@shared/music/pianoroll'
import type { Piece } from '@shared/music/piece'

/** What the panel beside the roll shows: the piece's metrics and its bar-level SSM. */
export interface PieceAnalysis {
  metrics: Record<string, number>
  ssm: Ssm
  /** Bars analysed (from the start, capped). */
  bars: number
}

/** Options of the analysis. */
export interface AnalysisOptions {
  /** Most bars analysed from the start (the cost grows with bars; 64 keeps an edit's update short). */
  maxBars: number
}

/**
 * Metrics and self-similarity of a piece, through the music core: the piece is encoded as one roll of
 * the paper's pitch range and resolution covering its first bars (4/4 assumed, as in the model).
 */
export function analysePiece(piece: Piece, opts: Partial<AnalysisOptions> = {}): PieceAnalysis {
  const maxBars = opts.maxBars ?? 64
  const barTicks = piece.ppq * PAPER_ROLL.beatsPerBar
  const bars = Math.min(maxBars, Math.max(1, Math.ceil(pieceLength(piece) / barTicks)))
  const config: RollConfig = { ...PAPER_ROLL, bars }
  const { roll } = pieceToRoll(piece, config)
  const metrics = computeMetrics(roll, config, { threshold: 0.5 })
  const ssm = selfSimilarity(metricContext(roll, config, 0.5), { level: 'bar', feature: 'roll' })
  return { metrics, ssm, bars }
}
