/** Why an API call failed, as a code the UI can turn into plain words (never a stack trace). */
export type ApiErrorCode =
  | 'invalid_args'
  | 'not_available'
  | 'not_found'
  | 'forbidden'
  | 'conflict'
  | 'cancelled'
  | 'failed'
  | 'internal'

/** Every code, for exhaustive tables (the UI's wording, tests). */
export const API_ERROR_CODES: readonly ApiErrorCode[] = [
  'invalid_args',
  'not_available',
  'not_found',
  'forbidden',
  'conflict',
  'cancelled',
  'failed',
  'internal'
]

/** The serialisable form of an error that crosses IPC or the WebSocket. */
export interface ApiErrorShape {
  code: ApiErrorCode
  message: string
  /** The argument at fault, as a dotted path ('piece.tracks.0.notes'), for invalid_args. */
  field?: string
}

/** An error a handler throws on purpose; the transports carry its code, message and field to the renderer. */
export class ApiError extends Error {
  readonly code: ApiErrorCode
  readonly field?: string
  constructor(code: ApiErrorCode, message: string, field?: string) {
    super(message)
    this.name = 'ApiError'
    this.code = code
    this.field = field
  }

  /** The shape that crosses the process boundary. */
  toShape(): ApiErrorShape {
    return this.field === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, field: this.field }
  }

  /** Rebuild an ApiError from its wire shape (renderer side). */
  static fromShape(shape: ApiErrorShape): ApiError {
    return new ApiError(shape.code, shape.message, shape.field)
  }
}

/** Thrown by a handler whose service has not been built or cannot run in this mode. */
export function notAvailable(what: string): ApiError {
  return new ApiError('not_available', what)
}

/** A call's outcome on the wire: transports never throw across the boundary, they send one of these. */
export type ApiResult<T = unknown> = { ok: true; value: T } | { ok: false; error: ApiErrorShape }

/** True when a value looks like an ApiErrorShape (used when unwrapping wire results). */
export function isApiErrorShape(v: unknown): v is ApiErrorShape {
  if (typeof v !== 'object' || v === null) return false
  const o = v as Record<string, unknown>
  return typeof o.message === 'string' && API_ERROR_CODES.includes(o.code as ApiErrorCode)
}
