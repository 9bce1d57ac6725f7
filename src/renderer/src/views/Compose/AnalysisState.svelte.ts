import type { Piece } from '@shared/music/piece'
import { analysePiece, type PieceAnalysis } from './analysis'

/** Options of the AnalysisState. */
export interface AnalysisStateOptions {
  /** Milliseconds to wait after an edit before recomputing (drags commit once, typing nudges often). */
  debounceMs: number
}

/**
 * The metrics/SSM panel's state (Svelte 5 runes): recomputed shortly after every committed edit, with
 * the real data's values (mean, sd per metric) when the API provides them.
 */
export class AnalysisState {
  current = $state.raw<PieceAnalysis | null>(null)
  reference = $state.raw<Record<string, { mean: number; sd: number | null }> | null>(null)
  /** Milliseconds the last analysis took. */
  millis = $state(0)
  private timer: ReturnType<typeof setTimeout> | undefined
  private readonly opts: AnalysisStateOptions

  constructor(opts: Partial<AnalysisStateOptions> = {}) {
    this.opts = { ...AnalysisState.getDefaults(), ...opts }
  }

  /** 120 ms. */
  static getDefaults(): AnalysisStateOptions {
    return { debounceMs: 120 }
  }

  /** Schedule an analysis of this piece (replaces a pending one). */
  update(piece: Piece): void {
    clearTimeout(this.timer)
    this.timer = setTimeout(() => this.now(piece), this.opts.debounceMs)
  }

  /** Analyse at once. */
  now(piece: Piece): void {
    clearTimeout(this.timer)
    const t0 = performance.now()
    this.current = analysePiece(piece)
    this.millis = performance.now() - t0
  }

  /** Stop a pending analysis. */
  dispose(): void {
    clearTimeout(this.timer)
  }
}
