import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { mimeOf, resolveRendererFile, SECURITY_HEADERS } from '../app/protocol'

/** Serve one file of the built renderer (GET/HEAD only; paths cannot leave rendererDir). */
export async function serveStatic(
  req: IncomingMessage,
  res: ServerResponse,
  rendererDir: string,
  extraHeaders: Record<string, string> = {}
): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD' }).end()
    return
  }
  const pathname = new URL(req.url ?? '/', 'http://x').pathname
  const file = resolveRendererFile(pathname, rendererDir)
  const info = file ? await stat(file).catch(() => null) : null
  if (!file || !info?.isFile()) {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found')
    return
  }
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    ...extraHeaders,
    'Content-Type': mimeOf(file),
    'Content-Length': String(info.size),
    'Cache-Control': 'no-store'
  })
  if (req.method === 'HEAD') res.end()
  else createReadStream(file).pipe(res)
}
