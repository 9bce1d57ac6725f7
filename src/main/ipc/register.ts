import type { ApiResult } from '../../shared/api/errors'
import { CHANNELS, type Channel } from '../../shared/api/channels'
import type { CallContext } from '../../shared/api/table'
import type { Dispatcher } from './dispatch'
import { isAppUrl } from '../app/protocol'

// The only file that touches ipcMain; it receives it from the composition root, so it never imports electron itself.

/** The part of Electron's WebFrameMain the sender check reads. */
export interface FrameLike {
  url: string
  parent: unknown
}

/** The part of Electron's IpcMainInvokeEvent the wrapper reads. */
export interface InvokeEventLike {
  senderFrame: FrameLike | null
}

/** The part of Electron's ipcMain the wrapper needs. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: any, ...args: unknown[]) => Promise<unknown>): void
  removeHandler(channel: string): void
}

/** True when the call comes from the app's own top-level page (app://, not a frame inside it, not a remote page). */
export function isTrustedSender(
  event: InvokeEventLike | null | undefined,
  devOrigin?: string
): boolean {
  const frame = event?.senderFrame
  if (!frame || typeof frame.url !== 'string') return false
  if (frame.parent !== null && frame.parent !== undefined) return false
  if (devOrigin !== undefined && sameOrigin(frame.url, devOrigin)) return true
  return isAppUrl(frame.url)
}

function sameOrigin(url: string, origin: string): boolean {
  try {
    return new URL(url).origin === new URL(origin).origin
  } catch {
    return false
  }
}

const FORBIDDEN: ApiResult = {
  ok: false,
  error: { code: 'forbidden', message: 'calls are accepted only from the app’s own window' }
}

/** Options of the IPC binding: desktop-only abilities taken from the calling event (startDrag). */
export interface RegisterOptions<E extends InvokeEventLike> {
  contextFor?: (event: E) => Partial<CallContext>
  /** electron-vite's dev server origin, trusted only when running unpackaged in development. */
  devOrigin?: string
}

/**
 * Bind every channel of the API table to ipcMain through one wrapper (E2): sender frame checked, exactly one argument,
 * parsed by the method's strict schema in the dispatcher before any handler runs. Returns the bound channels.
 */
export function registerIpc<E extends InvokeEventLike>(
  ipcMain: IpcMainLike,
  dispatcher: Dispatcher,
  opts: RegisterOptions<E> = {}
): Channel[] {
  const bound: Channel[] = []
  for (const { channel } of CHANNELS) {
    ipcMain.handle(channel, async (event: E, ...args: unknown[]) => {
      if (!isTrustedSender(event, opts.devOrigin)) return FORBIDDEN
      if (args.length > 1) {
        return {
          ok: false,
          error: { code: 'invalid_args', message: 'one argument object expected', field: '' }
        }
      }
      const ctx: CallContext = { ...opts.contextFor?.(event), transport: 'ipc' }
      return dispatcher.call(channel, args[0], ctx)
    })
    bound.push(channel)
  }
  return bound
}

/** Remove every handler registerIpc bound (window reload in development, tests). */
export function unregisterIpc(ipcMain: IpcMainLike): void {
  for (const { channel } of CHANNELS) ipcMain.removeHandler(channel)
}
