import { spawn } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { serveDialogs } from '../../../src/main/serve/dialogs'
import { ROOT, tempDataDir, testServices } from '../../helpers/api'

const tmp = tempDataDir('b2b-serve-cli-')
afterAll(tmp.cleanup)

describe('serve mode', () => {
  it('`bytes-to-beats serve` prints a URL with a token that serves the app, and stops on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      [join(ROOT, 'bin/bytes-to-beats.js'), 'serve', '--port', '0', '--data', tmp.dir],
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe']
      }
    )
    let out = ''
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d) => {
        out += String(d)
        const m = out.match(/http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+/)
        if (m) resolve(m[0])
      })
      child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${out}`)))
    })
    expect((await fetch(url)).status).toBe(200)
    expect((await fetch(url.replace(/token=.*/, 'token=nope'))).status).toBe(401)
    // A second serve on the same data folder refuses and says who holds it (issue 11.6).
    const second = spawn(
      process.execPath,
      [join(ROOT, 'bin/bytes-to-beats.js'), 'serve', '--port', '0', '--data', tmp.dir],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] }
    )
    let err = ''
    second.stderr.on('data', (d) => (err += String(d)))
    expect(await new Promise((resolve) => second.once('exit', resolve))).toBe(1)
    expect(err).toContain(`is in use by another Bytes to Beats (serve, process ${child.pid} on`)
    expect((await fetch(url)).status).toBe(200)
    const code = await new Promise((resolve) => {
      child.once('exit', resolve)
      child.kill('SIGTERM')
    })
    expect(code).toBe(0)
  })

  it('offers the --music folder to Import in the browser, and says how otherwise', async () => {
    const music = join(tmp.dir, 'music')
    mkdirSync(music)
    writeFileSync(join(music, 'a.mid'), 'x')
    const { services, cleanup } = testServices({ dialogs: serveDialogs(music) })
    const grant = await services.handlers.datasets.chooseSource(
      { kind: 'midi-folder' },
      { transport: 'ws' }
    )
    expect(grant).toMatchObject({ label: 'music', fileCount: 1 })
    await expect(serveDialogs(undefined).chooseSource('midi-folder')).rejects.toMatchObject({
      code: 'not_available',
      message: expect.stringContaining('--music')
    })
    await expect(serveDialogs(music).chooseSavePath('x.mid', 'mid')).rejects.toMatchObject({
      code: 'not_available'
    })
    await services.close()
    cleanup()
  })
})
