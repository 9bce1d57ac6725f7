import { readFileSync, existsSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { CHANNELS, type Channel } from '../../../src/shared/api/channels'
import { ApiError } from '../../../src/shared/api/errors'
import { connectWs } from '../../../src/shared/api/wsClient'
import { EXAMPLES } from '../../helpers/examples'
import { nodeSocket, serveForTest } from '../../helpers/api'

let ctx: Awaited<ReturnType<typeof serveForTest>>

beforeAll(async () => {
  ctx = await serveForTest()
})
afterAll(async () => {
  await ctx.close()
})

function call(channel: Channel, args: unknown): Promise<unknown> {
  const [domain, method] = channel.split(':')
  const api = ctx.client.api as unknown as Record<
    string,
    Record<string, (a: unknown) => Promise<unknown>>
  >
  return api[domain][method](args)
}

async function outcome(
  channel: Channel,
  args: unknown
): Promise<{ value?: unknown; error?: ApiError }> {
  try {
    return { value: await call(channel, args) }
  } catch (err) {
    return { error: err as ApiError }
  }
}

describe('the API over the WebSocket transport', () => {
  it('has an example for every channel', () => {
    expect(Object.keys(EXAMPLES).sort()).toEqual(CHANNELS.map((c) => c.channel).sort())
  })

  describe.each(CHANNELS.map((c) => c.channel))('%s', (channel) => {
    it('a valid call reaches its handler and answers (a value or the handler’s own error)', async () => {
      const before = ctx.calls.get(channel) ?? 0
      const { error } = await outcome(channel, EXAMPLES[channel].valid)
      expect(ctx.calls.get(channel)).toBe(before + 1)
      if (error) {
        expect(error).toBeInstanceOf(ApiError)
        expect(error.code).not.toBe('invalid_args')
        expect(error.code).not.toBe('forbidden')
        expect(error.code).not.toBe('internal')
      }
    })

    it('bad arguments give a validation error naming the field and change nothing', async () => {
      const settingsFile = ctx.services.deps.settings.file
      const settingsBefore = existsSync(settingsFile) ? readFileSync(settingsFile, 'utf8') : null
      const before = ctx.calls.get(channel) ?? 0
      const { error } = await outcome(channel, EXAMPLES[channel].bad)
      expect(error?.code).toBe('invalid_args')
      expect(error?.field).toBe(EXAMPLES[channel].field)
      expect(error?.message).toContain(EXAMPLES[channel].field || 'the arguments')
      expect(ctx.calls.get(channel) ?? 0).toBe(before)
      const settingsAfter = existsSync(settingsFile) ? readFileSync(settingsFile, 'utf8') : null
      expect(settingsAfter).toBe(settingsBefore)
    })
  })

  it('settings:set changes the settings and settings:get reads them back', async () => {
    await ctx.client.api.settings.set({ patch: { threshold: 0.75, lastView: 'library' } })
    const s = await ctx.client.api.settings.get()
    expect(s.threshold).toBe(0.75)
    expect(s.lastView).toBe('library')
    expect(JSON.parse(readFileSync(ctx.services.deps.settings.file, 'utf8')).threshold).toBe(0.75)
  })

  it('app:info reports serve mode, the node version and the data folder', async () => {
    const info = await ctx.client.api.app.info()
    expect(info.mode).toBe('serve')
    expect(info.versions.node).toBe(process.versions.node)
    expect(info.dataDir).toBe(ctx.services.deps.facts.dataDir)
  })

  it('pushes events to the socket', async () => {
    const got = new Promise((resolve) => ctx.client.api.events.on('job:status', resolve))
    ctx.services.deps.jobs.start('import', 'Importing test')
    expect(await got).toMatchObject({
      type: 'job:status',
      job: { label: 'Importing test', state: 'running' }
    })
  })
})

describe('the token', () => {
  async function upgrade(url: string, headers: Record<string, string> = {}): Promise<string> {
    return new Promise((resolve) => {
      const ws = new WebSocket(url, { headers })
      ws.on('open', () => {
        ws.close()
        resolve('open')
      })
      ws.on('error', (err) => resolve(String(err.message)))
    })
  }

  it('refuses a WebSocket without the token or with a wrong one', async () => {
    const base = `ws://127.0.0.1:${ctx.server.port}/api`
    expect(await upgrade(base)).toMatch(/401/)
    expect(await upgrade(`${base}?token=wrong`)).toMatch(/401/)
    expect(await upgrade(`${base}?token=${ctx.server.token.slice(0, -1)}`)).toMatch(/401/)
    expect(await upgrade(`${base}?token=${ctx.server.token}`)).toBe('open')
  })

  it('refuses a WebSocket opened by another web page (Origin), even with the token', async () => {
    const url = `ws://127.0.0.1:${ctx.server.port}/api?token=${ctx.server.token}`
    expect(await upgrade(url, { Origin: 'https://evil.example' })).toMatch(/401/)
  })

  it('refuses calls from a client whose socket never opened', async () => {
    const c = connectWs(`ws://127.0.0.1:${ctx.server.port}/api?token=nope`, nodeSocket)
    await expect(c.api.app.info()).rejects.toMatchObject({ code: 'failed' })
  })

  it('refuses HTTP requests without the token and sets a cookie when it is given', async () => {
    const origin = ctx.server.origin
    expect((await fetch(`${origin}/`)).status).toBe(401)
    expect((await fetch(`${origin}/?token=wrong`)).status).toBe(401)
    const ok = await fetch(ctx.server.url)
    expect(ok.status).toBe(200)
    expect(ok.headers.get('content-security-policy')).toContain("script-src 'self'")
    const cookie = ok.headers.get('set-cookie') ?? ''
    expect(cookie).toContain('HttpOnly')
    const again = await fetch(`${origin}/index.html`, { headers: { cookie: cookie.split(';')[0] } })
    expect(again.status).toBe(200)
  })

  it('does not serve files outside the renderer folder', async () => {
    const headers = { cookie: `b2b_token_${ctx.server.port}=${ctx.server.token}` }
    for (const p of ['/../package.json', '/%2e%2e/package.json', '/..%2fpackage.json', '/%00']) {
      const res = await fetch(`${ctx.server.origin}${p}`, { headers })
      expect(res.status, p).toBe(404)
    }
  })
})
