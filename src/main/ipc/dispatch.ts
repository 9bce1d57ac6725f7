import type { z } from 'zod'
import { ApiError, type ApiErrorShape, type ApiResult } from '../../shared/api/errors'
import { CHANNELS, type ChannelEntry } from '../../shared/api/channels'
import { specOf, type ApiHandlers, type CallContext } from '../../shared/api/table'
import { isDiskFull } from '../library/failures'

/** What a call that failed on a full disk answers (SQLite rolled its write back; nothing was half-saved). */
export const DISK_FULL_MESSAGE =
  'The disk is full, so nothing was saved. Free some space and try again.'

/** What a call answers when a row it refers to is gone (SQLite's raw "FOREIGN KEY constraint failed"). */
export const GONE_MESSAGE =
  'Something this refers to was deleted meanwhile, so nothing was changed. Reload and try again.'

/** Handlers slower than this are reported (L3: nothing in main may block for more than 50 ms). */
export const SLOW_HANDLER_MS = 50

/** Validates and runs calls by channel name; the one path every transport (IPC, WebSocket, tests) goes through. */
export interface Dispatcher {
  /** Run one call: unknown channel or bad arguments never reach a handler; errors come back as values. */
  call(channel: unknown, args: unknown, ctx: CallContext): Promise<ApiResult>
}

/** Options of the dispatcher: where to report slow handlers and unexpected errors. */
export interface DispatcherOptions {
  onSlow?: (channel: string, ms: number) => void
  onInternalError?: (channel: string, err: unknown) => void
  now?: () => number
}

/** Turn zod issues into one invalid_args error naming the first field at fault. */
export function validationError(error: z.ZodError): ApiErrorShape {
  const issue = error.issues[0]
  const path = issue?.path.map(String) ?? []
  if (issue?.code === 'unrecognized_keys' && issue.keys.length > 0) path.push(issue.keys[0])
  const field = path.join('.')
  const where = field === '' ? 'the arguments' : field
  return { code: 'invalid_args', message: `${where}: ${issue?.message ?? 'invalid'}`, field }
}

function fail(error: ApiErrorShape): ApiResult {
  return { ok: false, error }
}

/** Build the dispatcher over a full handler table. */
export function createDispatcher(handlers: ApiHandlers, opts: DispatcherOptions = {}): Dispatcher {
  const now = opts.now ?? (() => performance.now())
  const byChannel = new Map<string, ChannelEntry>(CHANNELS.map((c) => [c.channel, c]))
  return {
    async call(channel, args, ctx) {
      const entry = typeof channel === 'string' ? byChannel.get(channel) : undefined
      const spec = entry && specOf(entry.domain, entry.method)
      if (!entry || !spec) return fail({ code: 'forbidden', message: 'unknown API method' })
      const parsed = spec.args.safeParse(args)
      if (!parsed.success) return fail(validationError(parsed.error))
      const domain = handlers[entry.domain] as Record<
        string,
        (a: unknown, c: CallContext) => Promise<unknown>
      >
      const started = now()
      try {
        const value = await domain[entry.method](parsed.data, ctx)
        return { ok: true, value }
      } catch (err) {
        if (err instanceof ApiError) return fail(err.toShape())
        opts.onInternalError?.(entry.channel, err)
        if (isDiskFull(err)) return fail({ code: 'failed', message: DISK_FULL_MESSAGE })
        const code = (err as { code?: unknown } | null)?.code
        if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY')
          return fail({ code: 'conflict', message: GONE_MESSAGE })
        const message = err instanceof Error ? err.message : String(err)
        return fail({ code: 'internal', message })
      } finally {
        const ms = now() - started
        if (ms > SLOW_HANDLER_MS) opts.onSlow?.(entry.channel, ms)
      }
    }
  }
}
