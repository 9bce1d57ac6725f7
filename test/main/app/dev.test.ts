import { spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ROOT, tempDataDir } from '../../helpers/api'

// scripts/dev.mjs (npm run dev): electron-vite's dev mode on the binary npm start finds. Electron is absent here, so a
// stand-in binary records what the desktop app would be handed and fetches the page it would load.

const tmp = tempDataDir('b2b-dev-')
afterAll(tmp.cleanup)
// Built into a temporary folder: out/ belongs to the build the e2e tests run against.
const dev = (env: Record<string, string>) =>
  spawnSync(
    process.execPath,
    [join(ROOT, 'scripts', 'dev.mjs'), '--outDir', join(tmp.dir, 'out')],
    {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 150_000,
      env: { ...process.env, ...env }
    }
  )

describe('npm run dev', () => {
  it('says in words that it needs the Electron binary, before building anything', () => {
    const r = dev({ ELECTRON_OVERRIDE_DIST_PATH: join(tmp.dir, 'none') })
    expect(r.status).toBe(1)
    expect(r.stderr).toMatch(/needs the Electron binary/)
    expect(r.stderr).toMatch(/npm start/)
    expect(r.stdout + r.stderr).not.toMatch(/built|Error|at .*:\d+/)
  })

  it('builds main and preload, serves the renderer and starts the app with the dev server’s URL', () => {
    const dist = join(tmp.dir, 'electron')
    const seen = join(tmp.dir, 'seen.txt')
    mkdirSync(dist)
    // The stand-in "electron": fetch the page at ELECTRON_RENDERER_URL as the window would, write both down, exit.
    const fetchPage = `fetch(process.env.ELECTRON_RENDERER_URL).then((r) => r.text()).then((t) => require('fs').writeFileSync(${JSON.stringify(seen)}, process.env.ELECTRON_RENDERER_URL + '\\n' + t))`
    writeFileSync(
      join(dist, 'electron'),
      `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} -e ${JSON.stringify(fetchPage)}\n`
    )
    chmodSync(join(dist, 'electron'), 0o755)
    const r = dev({ ELECTRON_OVERRIDE_DIST_PATH: dist })
    expect(r.stdout).toMatch(/electron main process built successfully/)
    expect(r.stdout).toMatch(/electron preload scripts built successfully/)
    expect(r.status).toBe(0)
    expect(existsSync(join(tmp.dir, 'out', 'main', 'index.js'))).toBe(true)
    const [url, ...page] = readFileSync(seen, 'utf8').split('\n')
    expect(url).toMatch(/^http:\/\/localhost:\d+$/)
    // Vite's client (hot updates) and the renderer's entry, served from source.
    expect(page.join('\n')).toContain('/@vite/client')
    expect(page.join('\n')).toContain('/src/main.ts')
  }, 180_000)
})
