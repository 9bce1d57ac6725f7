import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { ApiEvent } from '../../../src/shared/api/events'
import { HARD_QUEUE_BYTES, MAX_JSON_DEPTH, MAX_MESSAGE_BYTES } from '../../../src/main/serve/limits'
import { startServer } from '../../../src/main/serve/server'
import { MAX_PIECE_NOTES } from '../../../src/shared/api/piece'
import { ROOT, serveForTest } from '../../helpers/api'

// Issue 11 item 7: serve mode bounds what one client can make the server hold: one message (8 MB, refused from the
// frame header), JSON nesting (refused before parsing), and what queues for a client that stops reading.

let ctx: Awaited<ReturnType<typeof serveForTest>>
beforeAll(async () => {
  ctx = await serveForTest()
})
afterAll(async () => {
  await ctx.close()
})

const apiUrl = () => `ws://127.0.0.1:${ctx.server.port}/api?token=${ctx.server.token}`

function openRaw(): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(apiUrl())
    ws.once('open', () => resolve(ws))
    ws.once('error', reject)
  })
}

const totalCalls = () => [...ctx.calls.values()].reduce((a, b) => a + b, 0)

describe('serve-mode limits', () => {
  it('names the token cookie per instance (port), so two instances never overwrite each other', async () => {
    const other = await startServer({
      rendererDir: join(ROOT, 'out/renderer'),
      dispatcher: ctx.services.dispatcher,
      bus: ctx.services.bus
    })
    try {
      const cookieOf = async (url: string) =>
        ((await fetch(url)).headers.get('set-cookie') ?? '').split(';')[0]
      const mine = await cookieOf(ctx.server.url)
      const theirs = await cookieOf(other.url)
      expect(mine).toBe(`b2b_token_${ctx.server.port}=${ctx.server.token}`)
      expect(theirs).toBe(`b2b_token_${other.port}=${other.token}`)
      // A browser sends both cookies to both ports: each instance picks its own.
      const both = { cookie: `${theirs}; ${mine}` }
      expect((await fetch(`${ctx.server.origin}/index.html`, { headers: both })).status).toBe(200)
      expect((await fetch(`${other.origin}/index.html`, { headers: both })).status).toBe(200)
      const onlyTheirs = { cookie: theirs.replace(`_${other.port}=`, `_${ctx.server.port}=`) }
      expect((await fetch(`${ctx.server.origin}/`, { headers: onlyTheirs })).status).toBe(401)
    } finally {
      await other.close()
    }
  })

  it('refuses an oversized message from its frame header and closes the socket', async () => {
    const ws = await openRaw()
    const before = totalCalls()
    const t0 = performance.now()
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)))
    ws.on('error', () => undefined)
    // Three times the limit (the 316 MB pieces:save took 88 s and blocked every other client for 62 s).
    ws.send(Buffer.alloc(3 * MAX_MESSAGE_BYTES, 0x20))
    expect(await closed).toBe(1009)
    expect(performance.now() - t0).toBeLessThan(5000)
    expect(totalCalls()).toBe(before)
    expect((await ctx.client.api.app.info()).mode).toBe('serve')
  })

  it('refuses JSON nested deeper than the limit before parsing it; normal calls still answer', async () => {
    const ws = await openRaw()
    const replies: { id: number | null; result: { ok: boolean; error?: { message: string } } }[] =
      []
    ws.on('message', (d) => replies.push(JSON.parse(String(d))))
    const before = totalCalls()
    const deep = (n: number) => '['.repeat(n) + ']'.repeat(n)
    // 4 million levels, just under the 8 MB limit: the 10M-deep message took 12 s.
    const levels = MAX_MESSAGE_BYTES / 2 - 64
    ws.send(`{"id":1,"channel":"app:info","args":${deep(levels)}}`)
    ws.send(`{"id":2,"channel":"app:info","args":{"x":${deep(MAX_JSON_DEPTH)}}}`)
    ws.send(`{"id":3,"channel":"app:info","args":{}}`)
    while (replies.length < 3) await new Promise((r) => setTimeout(r, 10))
    expect(replies.slice(0, 2).map((r) => r.result.error?.message)).toEqual([
      `nested deeper than ${MAX_JSON_DEPTH} levels`,
      `nested deeper than ${MAX_JSON_DEPTH} levels`
    ])
    expect(replies[2]).toMatchObject({ id: 3, result: { ok: true } })
    expect(totalCalls()).toBe(before + 1)
    ws.close()
  })

  it('refuses a piece over the note cap with a plain message; the largest real piece (10,013 notes) is far below', async () => {
    const notes = Array.from({ length: MAX_PIECE_NOTES / 2 + 1 }, (_, i) => ({
      pitch: 60,
      start: i * 10,
      duration: 10,
      velocity: 90
    }))
    const track = { name: 'Piano', family: 1, program: 0, isDrum: false, notes }
    const tracks = [track, { ...track, name: 'Piano 2' }]
    const piece = { title: 'Huge', ppq: 480, tempos: [], timeSignatures: [], tracks }
    const before = totalCalls()
    await expect(ctx.client.api.pieces.save({ title: 'Huge', piece })).rejects.toMatchObject({
      code: 'invalid_args',
      message: expect.stringContaining('at most 100,000 notes')
    })
    expect(totalCalls()).toBe(before)
  })

  it('a client that stops reading does not grow the server’s memory: progress is skipped, then it is closed', async () => {
    const slow = await openRaw()
    // Stop reading at the TCP level: everything sent to it now queues in the server.
    ;(slow as unknown as { _socket: { pause(): void } })._socket.pause()
    const seen: string[] = []
    const off = ctx.client.api.events.on('job:status', (e) => seen.push(e.job.id))
    const label = 'x'.repeat(64 * 1024)
    const job = (i: number): ApiEvent => ({
      type: 'job:status',
      job: { id: `j${i}`, kind: 'import', label, state: 'running', progress: null }
    })
    const progress = (step: number): ApiEvent => ({
      type: 'run:progress',
      runId: '1',
      step,
      epoch: 0,
      epochs: 1,
      totalSteps: 1000,
      stepsPerSecond: 1,
      etaSeconds: null,
      losses: { g: 0, d: 0, gp: 0, wasserstein: 0 }
    })
    const mem0 = process.memoryUsage()
    let sent = 0
    for (let i = 0; i < 600; i++) {
      ctx.services.bus.publish(job(i))
      for (let s = 0; s < 10; s++) ctx.services.bus.publish(progress(i * 10 + s))
      sent += label.length
      await new Promise((r) => setImmediate(r)) // the reading client reads between publishes
    }
    slow.terminate() // its paused socket never reads the server's close
    off()
    const stats = ctx.server.stats
    if (process.env.B2B_FIGURES) console.log({ sent, ...stats })
    expect(sent).toBeGreaterThan(2 * HARD_QUEUE_BYTES)
    expect(stats.skippedEvents).toBeGreaterThan(0)
    expect(stats.slowClientsClosed).toBe(1)
    expect(stats.maxQueuedBytes).toBeLessThanOrEqual(HARD_QUEUE_BYTES)
    const grown = process.memoryUsage()
    expect(grown.external + grown.arrayBuffers - mem0.external - mem0.arrayBuffers).toBeLessThan(
      2 * HARD_QUEUE_BYTES
    )
    // The client that reads got every event and still answers.
    while (seen.length < 600) await new Promise((r) => setTimeout(r, 10))
    expect(seen.at(-1)).toBe('j599')
    expect((await ctx.client.api.app.info()).mode).toBe('serve')
  })
})
