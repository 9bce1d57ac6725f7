import type { Domain, MethodName } from '../../shared/api/channels'
import type { ParsedArgsOf, ResultOf } from '../../shared/api/table'
import type { BackendInfo } from '../../shared/api/types'
import type { Piece } from '../../shared/music/piece'
import type { GrantKind } from '../app/grants'
import type { z } from 'zod'
import type { SegmentOptions } from '../../shared/api/domains/datasets'

// The typed interfaces the handlers call: the services in this folder implement them over the library, the workers
// and the engine; the CLI uses the same services.

type MaybePromise<T> = T | Promise<T>

/** A service that answers some of a domain's methods with the API's own argument and result types. */
export type PortOf<D extends Domain, Ms extends MethodName<D>> = {
  [M in Ms]: (args: ParsedArgsOf<D, M>) => MaybePromise<ResultOf<D, M>>
}

/** The piece library (src/main/library). */
export type PiecesPort = PortOf<'pieces', MethodName<'pieces'>>

/** Training runs (src/main/ml trainer + src/main/library). */
export type RunsPort = PortOf<'runs', MethodName<'runs'>>

/** Generation (src/main/ml). */
export type GenerationPort = PortOf<'generation', MethodName<'generation'>>

/** What an import needs once the source id is resolved to real paths. */
export interface ImportRequest {
  name: string
  kind: GrantKind
  paths: string[]
  labelsPath?: string
  labelFilter?: string[]
  segments?: z.output<typeof SegmentOptions>
}

/** Datasets and their import (src/main/data/import + dataset + library). */
export type DatasetsPort = PortOf<
  'datasets',
  | 'list'
  | 'get'
  | 'segments'
  | 'cancelImport'
  | 'resumeImport'
  | 'rename'
  | 'remove'
  | 'marks'
  | 'mark'
> & {
  startImport(request: ImportRequest): MaybePromise<{ jobId: string; datasetId: string }>
}

/** Listening-test answers (src/main/library). */
export type ListeningPort = PortOf<'listening', MethodName<'listening'>>

/** The engine's backend choice (src/main/ml backend). */
export interface EnginePort {
  backend(): BackendInfo | null
}

/** Writes a piece as a Standard MIDI File (src/main/data/midi writer). */
export type MidiWriter = (piece: Piece) => Uint8Array

/** Native dialogs (desktop only; src/main/app/electron/dialogs.ts). */
export interface Dialogs {
  /** Absolute paths the composer chose, or null when cancelled. */
  chooseSource(kind: GrantKind): Promise<string[] | null>
  /** Where to save a file, or null when cancelled. */
  chooseSavePath(defaultName: string, format: 'mid' | 'wav' | 'png'): Promise<string | null>
}

/** The desktop shell (desktop only; src/main/app/electron/desktop.ts). */
export interface Desktop {
  showInFolder(file: string): void
  openFolder(dir: string): Promise<void>
}
