// Messages between the main thread and the engine (generation) worker: plain objects and typed arrays only.
import type { VelocityMode } from '../../shared/music/rollToPiece'
import type { Piece } from '../../shared/music/piece'
import type { Region } from '../../shared/music/regions'
import type { ContinueResult, InpaintResult } from '../../shared/api/searchTypes'
import type { BackendChoice, BackendName } from './backend'

/** Raw outputs the worker keeps for re-binarising (the newest few generations). */
export const KEEP_GENERATIONS = 20

/**
 * The noise G runs on: one vector per seed, or the slerp path between two seeds; `variety` scales it (the truncation
 * trick: below 1 more typical, less varied pieces; 1 or absent is the training distribution).
 */
export type NoiseSpec = (
  | { kind: 'seeds'; seeds: number[] }
  | { kind: 'slerp'; seedA: number; seedB: number; steps: number }
) & { variety?: number }

/** How raw output becomes pieces: threshold (one, or per family), enabled tracks, velocities, a title per piece. */
export interface Binarize {
  threshold: number
  /** Per family (17), over `threshold`. */
  familyThresholds?: number[]
  tracks?: boolean[]
  titles?: string[]
  /** Flat 100 (default), or each note's velocity from the generator's confidence in it. */
  velocity?: VelocityMode
  /** Semitones the pitched tracks are moved after binarising (drums stay; notes pushed past MIDI 0..127 drop). */
  transpose?: number
}

/** Requests: generate (the worker keeps the model of the last file loaded, and the raw output under the id). */
export type EngineRequest =
  | {
      type: 'generate'
      id: number
      /** Under this id the raw output stays in the worker for `binarize` (the newest KEEP_GENERATIONS). */
      generationId: string
      file: string
      noise: NoiseSpec
      /** A forced backend; null = the best available. */
      backend: BackendName | null
      binarize: Binarize
      /** Also send the raw output back (tests, benchmarks). */
      wantRaw?: boolean
    }
  | { type: 'binarize'; id: number; generationId: string; binarize: Binarize }
  | {
      type: 'search'
      id: number
      file: string
      backend: BackendName | null
      spec: SearchSpec
      settings: SearchSettingsMessage
    }
  /** Answered at once, not queued: the search with id `searchId` stops at its next progress report. */
  | { type: 'cancel'; id: number; searchId: number }

/** How hard a search works and how its output becomes notes (threshold(s), velocities, the key it is moved to). */
export type SearchSettingsMessage = Pick<
  Binarize,
  'threshold' | 'familyThresholds' | 'velocity' | 'transpose'
> & {
  steps: number
  restarts: number
  seed: number
}

/** A latent search: keep bars x tracks of a piece and regenerate the rest, or continue a piece. */
export type SearchSpec =
  | { kind: 'inpaint'; piece: Piece; keep: Region; fromBar: number; count: number }
  | { kind: 'continue'; piece: Piece; bars: number; context: number }

/** What a generate answers besides the pieces. */
export interface GenerateInfo {
  step: number
  backend: BackendChoice
  /** True when the model was already loaded for an earlier call. */
  warm: boolean
  /** Time in the worker (load if cold + G + binarising). */
  ms: number
  raw?: { shape: [number, number, number, number]; data: Float32Array }
}

/** Answers. `fatal`: the wasm module trapped (its heap may be corrupt), so the client replaces the worker. */
export type EngineReply =
  | { type: 'pieces'; id: number; pieces: Piece[]; info?: GenerateInfo }
  | { type: 'failed'; id: number; message: string; code?: 'not_kept'; fatal: boolean }
  | { type: 'progress'; id: number; done: number; loss: number }
  | { type: 'searched'; id: number; result: InpaintResult | ContinueResult }
