import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'
import type { ApiResult } from '../../shared/api/errors'
import type { ServerMessage } from '../../shared/api/wsClient'
import type { Dispatcher } from '../ipc/dispatch'
import type { EventBus } from '../ipc/events'
import { newToken, sameOrigin, sameToken, tokenCookie, tokenOf } from './auth'
import { serveStatic } from './static'

/** What serve mode needs: where to listen, what to serve, and the API to answer. */
export interface ServeOptions {
  host?: string
  port?: number
  token?: string
  rendererDir: string
  dispatcher: Dispatcher
  bus: EventBus
}

/** A running server: its address, the URL to open (with the token) and close(). */
export interface RunningServer {
  origin: string
  url: string
  token: string
  port: number
  close(): Promise<void>
}

const REFUSED =
  'This Bytes to Beats server needs the link with its token (printed where it was started).\n'
const MAX_MESSAGE = 400 * 1024 * 1024

function badMessage(message: string): ApiResult {
  return { ok: false, error: { code: 'invalid_args', message, field: '' } }
}

async function answer(ws: WebSocket, raw: string, dispatcher: Dispatcher): Promise<void> {
  let msg: { id?: unknown; channel?: unknown; args?: unknown }
  try {
    msg = JSON.parse(raw)
  } catch {
    ws.send(JSON.stringify({ id: null, result: badMessage('not JSON') }))
    return
  }
  const id = typeof msg?.id === 'number' ? msg.id : null
  const result =
    id === null
      ? badMessage('a call needs a numeric id')
      : await dispatcher.call(msg.channel, msg.args, { transport: 'ws' })
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id, result }))
}

/** Start serve mode: the built renderer over HTTP and the API over a WebSocket at /api, both behind one token. */
export async function startServer(opts: ServeOptions): Promise<RunningServer> {
  const host = opts.host ?? '127.0.0.1'
  const token = opts.token ?? newToken()
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE })
  const authorised = (req: IncomingMessage) => sameToken(tokenOf(req).token, token)

  const server = createServer((req, res) => {
    if (!authorised(req)) {
      res.writeHead(401, { 'Content-Type': 'text/plain; charset=utf-8' }).end(REFUSED)
      return
    }
    const headers: Record<string, string> = tokenOf(req).fromQuery
      ? { 'Set-Cookie': tokenCookie(token) }
      : {}
    serveStatic(req, res, opts.rendererDir, headers).catch(() => res.destroy())
  })
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname
    if (path !== '/api' || !authorised(req) || !sameOrigin(req)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n')
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req))
  })
  wss.on('connection', (ws: WebSocket) => {
    ws.on('message', (data) => void answer(ws, String(data), opts.dispatcher))
  })
  const unsubscribe = opts.bus.subscribe((event) => {
    const text = JSON.stringify({ event } satisfies ServerMessage)
    for (const ws of wss.clients) if (ws.readyState === ws.OPEN) ws.send(text)
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, host, () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`
  return {
    origin,
    url: `${origin}/?token=${token}`,
    token,
    port,
    close: async () => {
      unsubscribe()
      for (const ws of wss.clients) ws.terminate()
      wss.close()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
}
