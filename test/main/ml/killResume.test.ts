import { spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { initBackend } from '../../../src/main/ml/backend'
import { Trainer, type StepMetrics } from '../../../src/main/ml/trainer'
import { listCheckpoints, loadLatestCheckpoint } from '../../../src/main/ml/checkpoint'
import { KILL_CONFIG, killSource } from './fixtures/trainChild'

const CHILD = resolve(__dirname, 'fixtures/trainChild.ts')
const dir = mkdtempSync(join(tmpdir(), 'b2b-kill-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Run the child; SIGKILL it `kill.ms` after its `kill.rows`-th training row (never, when null). */
function runChild(
  kill: { rows: number; ms: number } | null
): Promise<{ rows: StepMetrics[]; hash: string | null }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--require', 'tsx/cjs', CHILD, dir], {
      stdio: ['ignore', 'pipe', 'pipe']
    })
    const rows: StepMetrics[] = []
    let hash: string | null = null
    let buf = ''
    let armed = false
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString()
      const lines = buf.split('\n')
      buf = lines.pop()!
      for (const l of lines) {
        if (l.startsWith('row ')) rows.push(JSON.parse(l.slice(4)))
        if (l.startsWith('done ')) hash = l.slice(5)
        if (l.startsWith('row ') && !armed && kill !== null && rows.length >= kill.rows) {
          armed = true
          setTimeout(() => child.kill('SIGKILL'), kill.ms)
        }
      }
    })
    let err = ''
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    child.on('exit', (code, signal) => {
      if (code !== 0 && signal !== 'SIGKILL') fail(new Error(`child failed: ${err}`))
      else done({ rows, hash })
    })
  })
}

describe('T2: exact resume after random SIGKILLs (cpu backend)', () => {
  it('20 kills, then resume to the end: final state and loss history bit-identical', async () => {
    await initBackend('cpu')
    const refRows: StepMetrics[] = []
    const ref = await Trainer.open({
      config: KILL_CONFIG,
      source: killSource(),
      dir: mkdtempSync(join(tmpdir(), 'b2b-ref-')),
      hooks: { onMetrics: (r) => refRows.push(r) }
    })
    await ref.run()
    const refHash = await ref.stateHash()
    ref.dispose()

    const seen = new Map<number, StepMetrics>()
    const key = (r: StepMetrics) =>
      JSON.stringify([r.dLoss, r.gLoss, r.gp, r.wasserstein, r.lrG, r.lrD])
    let rand = 12345
    const next = () => (rand = (rand * 1103515245 + 12345) >>> 0) / 2 ** 32
    let kills = 0
    let hash: string | null = null
    while (hash === null) {
      // kill after 1-2 rows plus 0-150 ms: anywhere in a step, a checkpoint write or the start-up
      const r = await runChild(
        kills < 20 ? { rows: 1 + Math.floor(next() * 2), ms: Math.floor(next() * 150) } : null
      )
      if (r.hash === null) kills++
      hash = r.hash
      for (const row of r.rows) {
        const prev = seen.get(row.step)
        if (prev) expect(key(row)).toBe(key(prev))
        seen.set(row.step, row)
      }
      // a kill mid-write may leave one temp file, which the next start-up removes; at most 3 checkpoints
      const tmps = readdirSync(dir).filter((f) => f.endsWith('.tmp'))
      expect(tmps.length).toBeLessThanOrEqual(r.hash === null ? 1 : 0)
      expect(listCheckpoints(dir).length).toBeLessThanOrEqual(3)
      if (listCheckpoints(dir).length) expect(loadLatestCheckpoint(dir)!.skipped).toEqual([])
    }
    expect(kills).toBe(20)
    expect(hash).toBe(refHash)
    const steps = [...seen.keys()].sort((a, b) => a - b)
    expect(steps).toEqual(refRows.map((r) => r.step))
    for (const r of refRows) expect(key(seen.get(r.step)!)).toBe(key(r))
  }, 240_000)
})
