// Issue 11 item 6: one lock on the data folder for app, serve and CLI; a second process refuses and says who
// holds it; a holder that is gone is detected (on another computer: by its heartbeat); nobody else's start-up deletes
// the holder's *.tmp mid-write.
import { existsSync, mkdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { join, resolve } from 'node:path'
import type { ChildProcess } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createServices } from '../../../src/main/app/services'
import {
  acquireDataLock,
  AWAY_MS,
  DataFolderInUse,
  HEARTBEAT_MS,
  LOCK_FILE,
  lockHolder,
  LibraryStore
} from '../../../src/main/library/index'
import { bundleChild, exited, spawnChild, tempDir } from './helpers/child'

let bundle: ReturnType<typeof bundleChild>
beforeAll(() => {
  bundle = bundleChild(resolve(__dirname, 'fixtures/lockHolder.ts'))
})
afterAll(() => bundle.dispose())

/** Start a child holding `dir`; resolves with it, its pid and its in-flight tmp file. */
async function holder(dir: string, mode = 'serve') {
  const child: ChildProcess = spawnChild(bundle.file, [dir, mode])
  let out = ''
  const line = await new Promise<string>((res, rej) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString()
      if (out.includes('\n')) res(out.split('\n')[0])
    })
    child.once('exit', (code) => rej(new Error(`holder exited ${code}`)))
  })
  const [, pid, tmp] = line.split(' ')
  return { child, pid: Number(pid), tmp }
}

describe('the data-folder lock', () => {
  it('a second process refuses clearly, naming the holder, and deletes none of its *.tmp', async () => {
    const t = tempDir()
    try {
      const h = await holder(t.dir, 'serve')
      const err = (() => {
        try {
          createServices({ dataDir: t.dir, mode: 'desktop', version: '0' })
        } catch (e) {
          return e
        }
      })()
      expect(err).toBeInstanceOf(DataFolderInUse)
      const msg = (err as Error).message
      expect(msg).toContain(`serve, process ${h.pid} on ${hostname()}`)
      expect(msg).toContain(t.dir)
      expect(() => LibraryStore.open(t.dir, { lockAs: 'cli import' })).toThrow(
        /in use by another Bytes to Beats \(serve/
      )
      expect(lockHolder(t.dir)).toMatchObject({ pid: h.pid, mode: 'serve' })
      expect(existsSync(join(t.dir, h.tmp))).toBe(true)
      // Once the holder is killed its lock is stale: the next process takes the folder over, and its start-up
      // removes the dead writer's interrupted file.
      h.child.kill('SIGKILL')
      await exited(h.child)
      expect(lockHolder(t.dir)).toBeNull()
      const s = createServices({ dataDir: t.dir, mode: 'desktop', version: '0' })
      await s.ready
      expect(JSON.parse(readFileSync(join(t.dir, LOCK_FILE), 'utf8'))).toMatchObject({
        pid: process.pid,
        mode: 'desktop'
      })
      expect(existsSync(join(t.dir, h.tmp))).toBe(false)
      const report = await s.handlers.app.startupReport({}, { transport: 'direct' })
      expect(report.interrupted.runs).toEqual([])
      expect(report.tmpRemoved).toEqual([h.tmp])
      await s.close()
      expect(existsSync(join(t.dir, LOCK_FILE))).toBe(false)
    } finally {
      t.dispose()
    }
  })

  it('is shared by nested opens in one process and released by the last', () => {
    const t = tempDir()
    try {
      const a = acquireDataLock(t.dir, 'serve')
      const b = LibraryStore.open(t.dir, { lockAs: 'cli' })
      b.close()
      expect(existsSync(join(t.dir, LOCK_FILE))).toBe(true)
      a()
      a()
      expect(existsSync(join(t.dir, LOCK_FILE))).toBe(false)
    } finally {
      t.dispose()
    }
  })

  it('takes over a lock whose process is gone, and refuses one held on another host', () => {
    const t = tempDir()
    try {
      mkdirSync(t.dir, { recursive: true })
      const dead = { pid: 2 ** 22 + 17, host: hostname(), mode: 'cli train', startedAt: 'then' }
      writeFileSync(join(t.dir, LOCK_FILE), JSON.stringify(dead))
      acquireDataLock(t.dir, 'serve')()
      const far = { ...dead, host: 'another-machine' }
      writeFileSync(join(t.dir, LOCK_FILE), JSON.stringify(far))
      expect(() => acquireDataLock(t.dir, 'serve')).toThrow(
        /cli train, process \d+ on another-machine.*expires 10 minutes after its last heartbeat/
      )
    } finally {
      t.dispose()
    }
  })

  it('takes over another computer’s lock with no heartbeat for 10 minutes, and keeps its own touched', () => {
    const t = tempDir()
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    try {
      mkdirSync(t.dir, { recursive: true })
      const file = join(t.dir, LOCK_FILE)
      const far = { pid: 4242, host: 'another-machine', mode: 'desktop', startedAt: 'then' }
      writeFileSync(file, JSON.stringify(far))
      const ago = (ms: number) => new Date(Date.now() - ms)
      utimesSync(file, ago(AWAY_MS - 60_000), ago(AWAY_MS - 60_000)) // 9 minutes: still there
      expect(() => acquireDataLock(t.dir, 'serve')).toThrow(DataFolderInUse)
      utimesSync(file, ago(AWAY_MS + 60_000), ago(AWAY_MS + 60_000)) // 11 minutes: gone
      const release = acquireDataLock(t.dir, 'serve')
      expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({
        pid: process.pid,
        host: hostname()
      })
      // This holder's heartbeat: an old mtime is renewed within one beat, so other computers see it alive.
      utimesSync(file, ago(AWAY_MS * 2), ago(AWAY_MS * 2))
      vi.advanceTimersByTime(HEARTBEAT_MS)
      expect(Date.now() - statSync(file).mtimeMs).toBeLessThan(5_000)
      release()
      expect(existsSync(file)).toBe(false)
      expect(vi.getTimerCount()).toBe(0) // the heartbeat stopped with the lock
    } finally {
      vi.useRealTimers()
      t.dispose()
    }
  })
})
