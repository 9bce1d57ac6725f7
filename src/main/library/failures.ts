// Failures of background work in words a composer can act on (issue 11 item 4): a full disk is named as such, never
// left as raw SQLite or errno text ("database or disk is full", "ENOSPC: no space left on device, write").

const DISK_FULL_CODES = new Set(['ENOSPC', 'EDQUOT', 'SQLITE_FULL'])

/** True when an error (or its message, after crossing a worker boundary) means the disk is full. */
export function isDiskFull(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code
  if (typeof code === 'string' && DISK_FULL_CODES.has(code)) return true
  return /ENOSPC|no space left on device|database or disk is full|SQLITE_FULL|EDQUOT/i.test(
    errorText(err)
  )
}

/** The first line of an error's message (no stack). */
export function errorText(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err)
  return text.split('\n')[0]
}

/** One line for a failed job: what stopped, why in plain words, and what to do next when the disk is full. */
export function failureMessage(what: string, err: unknown, next: string): string {
  if (isDiskFull(err)) return `${what} stopped: the disk is full. Free some space, then ${next}.`
  return `${what} stopped: ${errorText(err)}`
}
