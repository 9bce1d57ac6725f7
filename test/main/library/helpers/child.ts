import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createRequire } from 'node:module'

const root = resolve(__dirname, '../../../..')

// esbuild is tsx's own dependency (not a direct one of this project), so npm may nest it under tsx: load it
// from tsx's point of view.
const fromTsx = createRequire(require.resolve('tsx/package.json', { paths: [root] }))
const { buildSync } = fromTsx('esbuild') as {
  buildSync: (options: Record<string, unknown>) => unknown
}

/**
 * Bundle a TypeScript child script (and the library code it imports) to one CommonJS file, so each of the
 * hundreds of spawned children starts in plain node (~50 ms) instead of through tsx (~0.5 s). The real
 * library code runs; only the TS-to-JS step is done once up front.
 */
export function bundleChild(
  entry: string,
  /** Leave every npm package to be required at run time (children that load TensorFlow.js). */
  packagesExternal = false
): { file: string; dispose: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'b2b-child-'))
  const file = join(dir, 'child.cjs')
  buildSync({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['better-sqlite3'],
    ...(packagesExternal && { packages: 'external' }),
    outfile: file,
    logLevel: 'error'
  })
  return { file, dispose: () => rmSync(dir, { recursive: true, force: true }) }
}

/** Spawn a bundled child with the project's node_modules on its require path. */
export function spawnChild(file: string, args: string[]): ChildProcess {
  return spawn(process.execPath, [file, ...args], {
    env: { ...process.env, NODE_PATH: join(root, 'node_modules') },
    stdio: ['ignore', 'pipe', 'pipe']
  })
}

/** Wait for a child to exit; resolves with its exit code and signal. */
export function exited(
  child: ChildProcess
): Promise<{ code: number | null; signal: string | null }> {
  return new Promise((res) => {
    if (child.exitCode !== null || child.signalCode !== null)
      return res({ code: child.exitCode, signal: child.signalCode })
    child.once('exit', (code, signal) => res({ code, signal }))
  })
}

/** A fresh temp folder for one test's library (a real file on disk, not :memory:). */
export function tempDir(prefix = 'b2b-lib-'): { dir: string; dispose: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) }
}
