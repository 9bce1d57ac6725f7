// Batch import: files in, one result per file out (in input order), parsed in the worker pool with progress and cancel.
import { stat } from 'node:fs/promises'
import type { Piece } from '../../../shared/music/piece'
import type { ImportErrorData } from '../midi/errors'
import type { PitchRange } from '../midi/toPiece'
import { IMPORT_EXTENSIONS } from './parse'
import { ImportPool, type PoolOptions } from './pool'
import { walkFiles } from './walk'
import { unpackPiece, type ParseReply } from './protocol'
import type { ImportReport } from './report'

/** One file's outcome: a report and piece, or one typed error. sha256 is set whenever the file could be read. */
export interface ImportResult {
  file: string
  sha256?: string
  report?: ImportReport
  piece?: Piece
  error?: ImportErrorData
}

/** Progress after each finished file. */
export interface ImportProgress {
  done: number
  total: number
  /** The file just finished. */
  current: string
  imported: number
  failed: number
}

/** Options of importFiles. */
export interface ImportFilesOptions extends PoolOptions {
  pitchRange?: PitchRange
  onProgress?: (p: ImportProgress) => void
  signal?: AbortSignal
  /** Send pieces back from the workers (default true; false when only reports matter). */
  wantPiece?: boolean
  /** Use this pool instead of starting one (it is then left open). */
  pool?: ImportPool
}

function toResult(file: string, r: ParseReply): ImportResult {
  if (!r.ok) return { file, sha256: r.sha256, error: r.error }
  return { file, sha256: r.sha256, report: r.report, piece: r.piece && unpackPiece(r.piece) }
}

/**
 * Import files in worker threads. Yields one result per path, in input order; a bad file yields its error and the rest go on.
 * On abort it stops starting files, terminates the workers and ends the iteration.
 */
export async function* importFiles(
  paths: string[],
  options: ImportFilesOptions = {}
): AsyncGenerator<ImportResult> {
  const pool = options.pool ?? new ImportPool(options)
  const { signal, onProgress, pitchRange } = options
  const onAbort = () => void pool.close()
  signal?.addEventListener('abort', onAbort)
  const window = 2 * Math.max(1, options.lanes ?? 2)
  const pending: Promise<ParseReply>[] = []
  const start = (i: number) =>
    pool.run({ file: paths[i], pitchRange, wantPiece: options.wantPiece ?? true })
  let next = 0
  let imported = 0
  try {
    if (signal?.aborted) return
    while (next < paths.length && pending.length < window) pending.push(start(next++))
    for (let done = 0; done < paths.length; done++) {
      const reply = await (pending.shift() as Promise<ParseReply>)
      if (signal?.aborted) return
      if (next < paths.length) pending.push(start(next++))
      const result = toResult(paths[done], reply)
      if (!result.error) imported++
      onProgress?.({
        done: done + 1,
        total: paths.length,
        current: result.file,
        imported,
        failed: done + 1 - imported
      })
      yield result
    }
  } finally {
    signal?.removeEventListener('abort', onAbort)
    if (!options.pool) await pool.close()
  }
}

/** Expand folders (recursively) into the importable files they hold, sorted; plain files are kept as given. */
export async function collectFiles(inputs: string[]): Promise<string[]> {
  const out: string[] = []
  for (const input of inputs) {
    if ((await stat(input)).isDirectory()) out.push(...(await walkFiles(input, IMPORT_EXTENSIONS)))
    else out.push(input)
  }
  return out.sort()
}
