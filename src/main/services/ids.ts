import { ApiError } from '../../shared/api/errors'

/** The library's integer row id behind an API id ('42'); anything else is not found (never a lookup by text). */
export function rowId(id: string, what: string, field = 'id'): number {
  if (!/^[1-9][0-9]{0,14}$/.test(id)) throw new ApiError('not_found', `no such ${what}`, field)
  return Number(id)
}

/** A library timestamp (ms since 1970) as the API's ISO string. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString()
}
