import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'
import type { ApiResult } from '../../shared/api/errors'
import type { ServerMessage } from '../../shared/api/wsClient'
import type { Dispatcher } from '../ipc/dispatch'
import type { EventBus } from '../ipc/events'
import { newToken, sameOrigin, sameToken, tokenCookie, tokenCookieName, tokenOf } from './auth'
import { MAX_JSON_DEPTH, MAX_MESSAGE_BYTES, jsonDepth, sendBounded, type SendStats } from './limits'
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
  /** What the send limits did so far (skipped progress events, slow clients closed, the most bytes queued). */
  stats: SendStats
  close(): Promise<void>
}

const REFUSED =
  'This Bytes to Beats server needs the link with its token (printed where it was started).\n'

function badMessage(message: string): ApiResult {
  return { ok: false, error: { code: 'invalid_args', message, field: '' } }
}

async function answer(
  ws: WebSocket,
  raw: string,
  dispatcher: Dispatcher,
  stats: SendStats
): Promise<void> {
  const reply = (id: number | null, result: ApiResult) =>
    sendBounded(ws, JSON.stringify({ id, result }), null, stats)
  // Checked before parsing: a deeply nested message costs a parse (and a validation) far beyond its size.
  if (jsonDepth(raw) > MAX_JSON_DEPTH)
    return reply(null, badMessage(`nested deeper than ${MAX_JSON_DEPTH} levels`))
  let msg: { id?: unknown; channel?: unknown; args?: unknown }
  try {
    msg = JSON.parse(raw)
  } catch {
    return reply(null, badMessage('not JSON'))
  }
  const id = typeof msg?.id === 'number' ? msg.id : null
  const result =
    id === null
      ? badMessage('a call needs a numeric id')
      : await dispatcher.call(msg.channel, msg.args, { transport: 'ws' })
  reply(id, result)
}

/** Start serve mode: the built renderer over HTTP and the API over a WebSocket at /api, both behind one token. */
export async function startServer(opts: ServeOptions): Promise<RunningServer> {
  const host = opts.host ?? '127.0.0.1'
  const token = opts.token ?? newToken()
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES })
  const stats: SendStats = { skippedEvents: 0, slowClientsClosed: 0, maxQueuedBytes: 0 }
  let cookie = ''
  const authorised = (req: IncomingMessage) => sameToken(tokenOf(req, cookie).token, token)

  const server = createServer((req, res) => {
    if (!authorised(req)) {
      res.writeHead(401, { 'Content-Type': 'text/plain; charset=utf-8' }).end(REFUSED)
      return
    }
    const headers: Record<string, string> = tokenOf(req, cookie).fromQuery
      ? { 'Set-Cookie': tokenCookie(cookie, token) }
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
    // A frame over maxPayload (or any protocol error) ends this client only, never the server.
    ws.on('error', () => ws.terminate())
    ws.on('message', (data) => void answer(ws, String(data), opts.dispatcher, stats))
  })
  const unsubscribe = opts.bus.subscribe((event) => {
    const text = JSON.stringify({ event } satisfies ServerMessage)
    for (const ws of wss.clients) sendBounded(ws, text, event.type, stats)
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, host, () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  cookie = tokenCookieName(port)
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`
  return {
    origin,
    url: `${origin}/?token=${token}`,
    token,
    port,
    stats,
    close: async () => {
      unsubscribe()
      for (const ws of wss.clients) ws.terminate()
      wss.close()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
}
