import type { Piece } from '@shared/music/piece'
import type { ListeningAnswer } from './scoring'

/** A real segment of a dataset as a piece, with an id that is stable for the dataset. */
export interface RealSegment {
  id: string
  piece: Piece
}

/**
 * Calls the listening test and the real-data SSM need that the shared API table does not have yet
 * (asked of the shell): listening answers stored per run, and real segments of a dataset. The shapes
 * are what the views use; once the table has them this becomes a Pick of ComposerApi.
 */
export interface ListeningClient {
  listening: {
    save(args: { runId: string; answers: ListeningAnswer[] }): Promise<{ id: string }>
    results(args: { ids: string[] }): Promise<{ runId: string; answers: ListeningAnswer[] }[]>
  }
  datasets: {
    segments(args: { id: string; count: number; seed: number }): Promise<RealSegment[]>
  }
}
