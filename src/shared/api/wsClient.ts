import { ApiError, type ApiResult } from './errors'
import type { Channel } from './channels'
import { EVENT_TYPES, type ApiEvent, type ApiEventType, type EventSubscriber } from './events'
import { buildClient, type Invoke } from './client'
import type { ComposerApi } from './table'

// The serve-mode transport: the same typed client over a WebSocket. Pure TS: the socket class is passed in (the
// browser's WebSocket, or the `ws` package in Node tests).

/** The part of a WebSocket the client uses (browser WebSocket and `ws` both fit). */
export interface SocketLike {
  readyState: number
  send(data: string): void
  close(): void
  addEventListener(type: 'open' | 'close' | 'error', listener: () => void): void
  addEventListener(type: 'message', listener: (ev: { data: unknown }) => void): void
}

/** A constructor of sockets. */
export type SocketFactory = (url: string) => SocketLike

/** Messages the server sends: a call's result, or a pushed event. */
export type ServerMessage = { id: number; result: ApiResult } | { event: ApiEvent }

/** Messages the client sends: one call. */
export interface ClientMessage {
  id: number
  channel: Channel
  args: unknown
}

/** The WebSocket client: the typed API, a promise that settles when the socket opens, and close(). */
export interface WsClient {
  api: ComposerApi
  ready: Promise<void>
  close(): void
}

const LOST = () => new ApiError('failed', 'Lost the connection to the Bytes to Beats server.')

/** Connect to a serve-mode server and build the typed client over it. */
export function connectWs(url: string, open: SocketFactory): WsClient {
  const socket = open(url)
  const pending = new Map<number, (r: ApiResult) => void>()
  const listeners = new Map<ApiEventType, Set<(e: ApiEvent) => void>>()
  let nextId = 1
  let closed = false
  const ready = new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve())
    socket.addEventListener('error', () => reject(LOST()))
    socket.addEventListener('close', () => {
      closed = true
      reject(LOST())
      for (const settle of pending.values()) settle({ ok: false, error: LOST().toShape() })
      pending.clear()
    })
  })
  ready.catch(() => undefined)
  socket.addEventListener('message', (ev) => {
    let msg: ServerMessage
    try {
      msg = JSON.parse(String(ev.data)) as ServerMessage
    } catch {
      return
    }
    if ('event' in msg) {
      for (const l of listeners.get(msg.event.type) ?? []) l(msg.event)
    } else {
      pending.get(msg.id)?.(msg.result)
      pending.delete(msg.id)
    }
  })
  const invoke: Invoke = async (channel, args) => {
    await ready
    if (closed) throw LOST()
    const id = nextId++
    return new Promise<ApiResult>((resolve) => {
      pending.set(id, resolve)
      socket.send(JSON.stringify({ id, channel, args } satisfies ClientMessage))
    })
  }
  const events: EventSubscriber = {
    on(type, listener) {
      if (!EVENT_TYPES.includes(type)) throw new ApiError('invalid_args', `unknown event ${type}`)
      const set = listeners.get(type) ?? new Set()
      listeners.set(type, set)
      const l = listener as (e: ApiEvent) => void
      set.add(l)
      return () => set.delete(l)
    }
  }
  return { api: buildClient(invoke, events), ready, close: () => socket.close() }
}
