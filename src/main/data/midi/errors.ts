/** Every reason an import can fail; the UI and CLI branch on these, never on message text. */
export type ImportErrorCode =
  | 'io'
  | 'empty'
  | 'not-midi'
  | 'too-large'
  | 'too-many-events'
  | 'bad-header'
  | 'bad-division'
  | 'bad-chunk'
  | 'bad-chunk-length'
  | 'missing-tracks'
  | 'bad-vlq'
  | 'bad-status'
  | 'bad-running-status'
  | 'bad-event'
  | 'bad-tempo'
  | 'invalid-result'
  | 'bad-zip'
  | 'zip-limits'
  | 'bad-npy'
  | 'bad-lpd'
  | 'unsupported'
  | 'timeout'
  | 'worker-crash'
  | 'cancelled'

/** A typed per-file import failure (reliability M1/M2): carries the file and a stable code, never a bare string. */
export class ImportError extends Error {
  override readonly name = 'ImportError'
  constructor(
    readonly file: string,
    readonly code: ImportErrorCode,
    message: string
  ) {
    super(message)
  }

  /** Plain data for worker messages and JSON output. */
  toJSON(): ImportErrorData {
    return { file: this.file, code: this.code, message: this.message }
  }
}

/** An ImportError as plain data (what crosses worker and IPC boundaries). */
export interface ImportErrorData {
  file: string
  code: ImportErrorCode
  message: string
}

/** Turn anything thrown into ImportErrorData; unknown throws (strings, TypeErrors) become 'invalid-result' with their text. */
export function toImportError(file: string, err: unknown): ImportErrorData {
  if (err instanceof ImportError) return err.toJSON()
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err)
  return { file, code: 'invalid-result', message: `unexpected failure: ${text}` }
}
