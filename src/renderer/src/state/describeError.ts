import { ApiError } from '@shared/api/errors'

/** An error in words a composer understands: what happened, never a stack trace or an error class name. */
export function describeError(err: unknown, action?: string): string {
  const prefix = action ? `${action}: ` : ''
  if (err instanceof ApiError) {
    switch (err.code) {
      case 'invalid_args':
        return `${prefix}the app did not accept ${err.field ? `the value of “${err.field}”` : 'that request'} (${err.message}).`
      case 'not_available':
        return `${prefix}${err.message}`
      case 'not_found':
        return `${prefix}it is not there any more. ${err.message}`
      case 'forbidden':
        return `${prefix}not allowed. ${err.message}`
      case 'cancelled':
        return `${prefix}cancelled.`
      case 'conflict':
      case 'failed':
        return `${prefix}${err.message}`
      case 'internal':
        return `${prefix}something went wrong inside the app (${err.message}). Your saved work is safe; try again.`
    }
  }
  const message = err instanceof Error ? err.message : String(err)
  return `${prefix}something went wrong (${message}).`
}
