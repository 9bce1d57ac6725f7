// Ctrl+C on a CLI `train` always ends in a recorded state (issue 11): stopped with a checkpoint at the last step, or,
// when no step was done, stopped with none; never `running`. A real child process gets real SIGINTs, two at a time as
// `npx tsx` delivers them to a busy child (the process group's, then the one tsx relays 30 ms later).
import { spawn } from 'node:child_process'
import { copyFileSync, mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDataDir } from '../../helpers/api'
import { FIXTURE_MIDI } from '../../helpers/fixtures'
import { runCli, TINY_SEGMENTS } from '../../helpers/cli'

const ROOT = resolve(__dirname, '../../..')
const data = tempDataDir('cli-sigint-')
afterAll(() => data.cleanup())

beforeAll(async () => {
  const dir = join(data.dir, 'doom')
  mkdirSync(dir)
  for (const f of ['d_intro.mid', 'd_dm2ttl.mid'])
    copyFileSync(join(FIXTURE_MIDI, 'freedoom', f), join(dir, f))
  const lib = join(data.dir, 'lib')
  const r = await runCli('import', dir, '--dataset', 'doom', '--data', lib, ...TINY_SEGMENTS)
  expect(r.code, r.err).toBe(0)
}, 60_000)

interface Recorded {
  status: string | null
  checkpoints: number[]
  lastMetricStep: number | null
}

function recorded(run: string): Recorded {
  const db = new Database(join(data.dir, 'lib', 'library.sqlite'), { readonly: true })
  try {
    const row = db.prepare('SELECT id, status FROM runs WHERE name = ?').get(run) as
      { id: number; status: string } | undefined
    if (!row) return { status: null, checkpoints: [], lastMetricStep: null }
    const checkpoints = (
      db.prepare('SELECT step FROM checkpoints WHERE run_id = ? ORDER BY step').all(row.id) as {
        step: number
      }[]
    ).map((c) => c.step)
    const m = db.prepare('SELECT MAX(step) AS s FROM metrics WHERE run_id = ?').get(row.id) as {
      s: number | null
    }
    return { status: row.status, checkpoints, lastMetricStep: m.s }
  } finally {
    db.close()
  }
}

const TRAIN = ['--dataset', 'doom', '--preset', 'test', '--epochs', '200', '--batch-size', '1']

/**
 * Start `train` in a child; `when` decides (on each poll, given stderr) when to send the two SIGINTs (or, with
 * `signal` SIGKILL, one SIGKILL).
 */
async function interrupted(
  run: string,
  when: (err: string) => boolean,
  args = TRAIN,
  signal: 'SIGINT' | 'SIGKILL' = 'SIGINT'
): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(
    process.execPath,
    ['--require', 'tsx/cjs', join(ROOT, 'src/main/cli.ts'), 'train', ...args, '--run', run].concat([
      '--data',
      join(data.dir, 'lib'),
      '--backend',
      'wasm'
    ]),
    { cwd: ROOT }
  )
  let out = ''
  let err = ''
  child.stdout.on('data', (b: Buffer) => (out += b.toString()))
  child.stderr.on('data', (b: Buffer) => (err += b.toString()))
  const exited = new Promise<number | null>((done) => child.on('exit', done))
  const poll = setInterval(() => {
    if (!when(err)) return
    clearInterval(poll)
    child.kill(signal)
    if (signal === 'SIGINT') setTimeout(() => child.kill('SIGINT'), 5)
  }, 10)
  const code = await exited
  clearInterval(poll)
  return { code, out, err }
}

describe('Ctrl+C on CLI train', () => {
  it('before the first step (the worker still starting): the run is recorded stopped, never running', async () => {
    // The moment the run's row exists: the worker is loading its backend and data, no step is done.
    const r = await interrupted('early', () => recorded('early').status !== null)
    expect(r.code, r.err).toBe(130)
    const rec = recorded('early')
    expect(rec.status).toBe('stopped')
    const stop = /^stop at step (\d+)$/m.exec(r.out)
    expect(stop, r.out + r.err).not.toBeNull()
    if (rec.lastMetricStep === null) {
      expect(rec.checkpoints).toEqual([])
      expect(stop![1]).toBe('0')
    } else expect(rec.checkpoints.at(-1)).toBe(rec.lastMetricStep)
  }, 90_000)

  it('mid-run: stopped with a checkpoint at the last step done', async () => {
    const r = await interrupted('mid', (err) => /^step 3\//m.test(err))
    expect(r.code, r.err).toBe(130)
    const rec = recorded('mid')
    expect(rec.status).toBe('stopped')
    const step = Number(/^stop at step (\d+)$/m.exec(r.out)?.[1])
    expect(step).toBeGreaterThanOrEqual(3)
    expect(rec.checkpoints.at(-1)).toBe(step)
    expect(rec.lastMetricStep).toBe(step)
  }, 90_000)

  // `npx tsx` SIGKILLs its child when the child has not taken a Ctrl+C within 60 ms (tsx 4's signal relay), which a
  // busy machine hits. No process can record anything on a SIGKILL, so the next command on the folder does.
  it('killed outright (SIGKILL): the next train on the folder records it interrupted and resumes it', async () => {
    const killed = await interrupted('killed', (err) => /^step 3\//m.test(err), TRAIN, 'SIGKILL')
    expect(killed.code).toBeNull()
    const before = recorded('killed')
    expect(before.status).toBe('running')
    const resumed = await interrupted('killed', (err) => /^step \d+\//m.test(err), ['--resume'])
    expect(resumed.code, resumed.err).toBe(130)
    expect(resumed.err).toContain('run "killed" was interrupted')
    const from = Number(/starting at (\d+)/.exec(resumed.err)?.[1])
    expect(from).toBe(before.checkpoints.at(-1) ?? 0)
    const rec = recorded('killed')
    expect(rec.status).toBe('stopped')
    expect(rec.checkpoints.at(-1)).toBe(rec.lastMetricStep)
  }, 120_000)
})
