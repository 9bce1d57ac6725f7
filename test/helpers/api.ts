import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import WebSocket from 'ws'
import { createServices, type Services, type ServicesOptions } from '../../src/main/app/services'
import { startServer, type RunningServer } from '../../src/main/serve/server'
import { connectWs, type SocketLike, type WsClient } from '../../src/shared/api/wsClient'
import type { Domain } from '../../src/shared/api/channels'
import type { ApiEvent } from '../../src/shared/api/events'
import type { JobStatus } from '../../src/shared/api/types'
import type { EventBus } from '../../src/main/ipc/events'

/** The repository root (tests resolve the built renderer and the shared data from it). */
export const ROOT = resolve(__dirname, '../..')

/** A fresh data folder under the OS temp folder, removed by the returned cleanup. */
export function tempDataDir(prefix = 'b2b-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

/** Services over a temp data folder (serve mode facts), with every handler call counted per channel. */
export function testServices(opts: Partial<ServicesOptions> = {}): {
  services: Services
  calls: Map<string, number>
  cleanup: () => void
} {
  const { dir, cleanup } = tempDataDir()
  const services = createServices({ dataDir: dir, mode: 'serve', version: '0.0.0-test', ...opts })
  const calls = new Map<string, number>()
  for (const domain of Object.keys(services.handlers) as Domain[]) {
    const table = services.handlers[domain] as Record<string, (...a: unknown[]) => Promise<unknown>>
    for (const [method, fn] of Object.entries(table)) {
      table[method] = (...a) => {
        calls.set(`${domain}:${method}`, (calls.get(`${domain}:${method}`) ?? 0) + 1)
        return fn(...a)
      }
    }
  }
  return { services, calls, cleanup }
}

/** Open the `ws` package's WebSocket as the client's SocketLike. */
export function nodeSocket(url: string, headers: Record<string, string> = {}): SocketLike {
  return new WebSocket(url, { headers }) as unknown as SocketLike
}

/** A serve-mode server over test services (options go to createServices, e.g. firstRun) plus a connected client. */
export async function serveForTest(
  options: Partial<ServicesOptions> = {},
  rendererDir = join(ROOT, 'out/renderer')
): Promise<{
  server: RunningServer
  client: WsClient
  services: Services
  calls: Map<string, number>
  close: () => Promise<void>
}> {
  const { services, calls, cleanup } = testServices(options)
  await services.ready
  const server = await startServer({
    rendererDir,
    dispatcher: services.dispatcher,
    bus: services.bus
  })
  const client = connectWs(`ws://127.0.0.1:${server.port}/api?token=${server.token}`, nodeSocket)
  await client.ready
  return {
    server,
    client,
    services,
    calls,
    close: async () => {
      client.close()
      await server.close()
      await services.close()
      cleanup()
    }
  }
}

/** Segment options that cut a dataset for the engine's tiny 'test' model: 4 bars at 1 step a beat x 12 pitches from C4. */
export const TEST_MODEL_SEGMENTS = {
  stepsPerBeat: 1,
  bars: 4,
  lowestPitch: 60,
  pitchCount: 12,
  minActiveSteps: 1,
  minNotesPerSegment: 1
}

/** A job's end on the event bus (done, failed or cancelled: a pause is no end), with every event seen until then. */
export function jobEnded(
  bus: EventBus,
  jobId: string
): Promise<{ job: JobStatus; events: ApiEvent[] }> {
  const events: ApiEvent[] = []
  return new Promise((done) => {
    const off = bus.subscribe((e) => {
      events.push(e)
      if (e.type !== 'job:status' || e.job.id !== jobId) return
      if (['done', 'failed', 'cancelled'].includes(e.job.state)) {
        off()
        done({ job: e.job, events })
      }
    })
  })
}
