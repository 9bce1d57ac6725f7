import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ROOT, tempDataDir } from '../../helpers/api'

// scripts/start.mjs (npm start): where the Electron binary is and what it says when it is not.

const tmp = tempDataDir('b2b-start-')
afterAll(tmp.cleanup)
const script = join(ROOT, 'scripts', 'start.mjs')

describe('npm start', () => {
  it('finds the Electron binary only where path.txt names an existing file', async () => {
    const { electronBinary } = (await import(script)) as {
      electronBinary: (dir: string) => string | null
    }
    const pkg = join(tmp.dir, 'electron')
    mkdirSync(join(pkg, 'dist'), { recursive: true })
    expect(electronBinary(pkg)).toBeNull() // installed with ELECTRON_SKIP_BINARY_DOWNLOAD: no path.txt
    writeFileSync(join(pkg, 'path.txt'), 'electron')
    expect(electronBinary(pkg)).toBeNull() // path.txt but no binary
    writeFileSync(join(pkg, 'dist', 'electron'), '')
    expect(electronBinary(pkg)).toBe(join(pkg, 'dist', 'electron'))
    expect(electronBinary(join(ROOT, 'node_modules', 'electron'))).toBeNull() // this machine
  })

  it('explains the missing binary in one plain paragraph that names the way forward', async () => {
    const { NO_ELECTRON_MESSAGE } = (await import(script)) as { NO_ELECTRON_MESSAGE: string }
    expect(NO_ELECTRON_MESSAGE).toMatch(/serve mode/)
    expect(NO_ELECTRON_MESSAGE).toMatch(/npm install electron/)
    expect(NO_ELECTRON_MESSAGE.split('\n\n')).toHaveLength(1)
    expect(NO_ELECTRON_MESSAGE).not.toMatch(/Error|at .*:\d+/)
  })
})
