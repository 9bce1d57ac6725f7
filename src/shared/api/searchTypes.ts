// Results of the latent-search methods (inpaint, continue) and of nearest training music, as the API returns them.
import type { Piece } from '../music/piece'

/** One regenerated version of a piece and how well the search matched the kept notes (at the threshold). */
export interface InpaintCandidate {
  piece: Piece
  precision: number
  recall: number
  f1: number
}

/** The best few versions, best first, and the match random starting points gave before the search. */
export interface InpaintResult {
  candidates: InpaintCandidate[]
  f1Before: number
  steps: number
  cancelled: boolean
}

/** How a continuation joins: bar-level similarity across a seam, and how well the window matched its context. */
export interface Seam {
  /** First new bar (0-based) of one search. */
  bar: number
  similarity: number
  contextF1: number
}

/** A continued piece (the given bars unchanged) and its seams, next to the original's mean adjacent-bar similarity. */
export interface ContinueResult {
  piece: Piece
  seams: Seam[]
  adjacentBefore: number
  cancelled: boolean
}

/** How close real bars come to bars of other files: the percentiles that flag possible copying. */
export interface NearestBaseline {
  samples: number
  p95: number
  p99: number
  /** Source files of the dataset: below MIN_BASELINE_FILES the percentiles say little. */
  files: number
  /** Similarity above which a bar is flagged: p99, raised to a floor when the dataset has few files. */
  flagAbove: number
}

/** One training bar close to a bar of the piece: its segment, bar, similarity and source file. */
export interface NearestMatch {
  segment: number
  bar: number
  similarity: number
  file: string
  /** The bar of the source file (0-based). */
  fileBar: number
}

/** The closest training bars of one bar of the piece; `copying` when closer than the real-vs-real p99. */
export interface NearestBar {
  bar: number
  cells: number
  matches: NearestMatch[]
  copying: boolean
}

/** Nearest training music of a piece: per bar, the baseline, the flagged bars and the dataset's size. */
export interface NearestReport {
  bars: NearestBar[]
  baseline: NearestBaseline
  flagged: number[]
  segments: number
}

/** The report as the API returns it: which dataset, and how long the scan took. */
export interface NearestResult extends NearestReport {
  datasetId: string
  datasetName: string
  ms: number
}
