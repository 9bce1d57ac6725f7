// export-run ships the segments the run trained on (the training side of the dataset's held-out split, never the
// held-out files the fidelity benchmark judges the model against); train_ddp.py --ema and import-run --ema.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LibraryStore } from '../../../../src/main/library/index'
import { initBackend } from '../../../../src/main/ml/backend'
import { exportRun } from '../../../../src/main/ml/torch/exportRun'
import { importRun } from '../../../../src/main/ml/torch/importRun'
import { encodeCheckpoint, loadCheckpoint, writeAtomic } from '../../../../src/main/ml/checkpoint'
import { readSafetensors } from '../../../../src/main/ml/torch/safetensors'
import { DatasetReader, splitSegments } from '../../../../src/main/data/dataset'
import { tempDataDir } from '../../../helpers/api'
import { tinyDataset, tinyRun } from './tinyRun'

const PY = '/usr/bin/python3'
const hasTorch = spawnSync(PY, ['-c', 'import torch, numpy'], { encoding: 'utf8' }).status === 0
const data = tempDataDir('b2b-export-split-')
afterAll(() => data.cleanup())

describe('export-run and the held-out split', () => {
  let heldOut: number[] = []
  let train: number[] = []
  beforeAll(async () => {
    await initBackend('cpu')
    const store = LibraryStore.open(data.dir)
    const dsId = await tinyDataset(store, 'split set', 12)
    const reader = await DatasetReader.open(store.files.datasetDir(dsId))
    heldOut = splitSegments(reader.manifest, 'heldout')
    train = splitSegments(reader.manifest, 'train')
    await reader.close()
    store.close()
    await tinyRun(data.dir, dsId, 'split set', 2)
  }, 120_000)

  it('the dataset holds files out (the premise of this test)', () => {
    expect(heldOut.length).toBeGreaterThan(0)
    expect(train.length).toBeGreaterThan(0)
  })

  it('writes only the training side, with each row numbered as in the dataset', async () => {
    const out = join(data.dir, 'export')
    const store = LibraryStore.open(data.dir)
    try {
      const r = await exportRun(store, 'tiny', out, 10)
      expect(r.segments).toBe(train.length)
    } finally {
      store.close()
    }
    const run = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'))
    expect(run.dataset.identity.count).toBe(train.length)
    const counts = run.dataset.shards.map((s: { count: number }) => s.count)
    expect(counts.reduce((a: number, b: number) => a + b, 0)).toBe(train.length)
    if (!hasTorch) return
    // python reads the shards back: every row's index is a training segment, in order, none held out
    const py = resolve(out, 'python')
    const code = [
      'import json, sys, numpy as np',
      `sys.path.insert(0, ${JSON.stringify(py)})`,
      'import exchange',
      `run = exchange.load_run(${JSON.stringify(out)})`,
      `print(len(exchange.load_packed(${JSON.stringify(out)}, run)))`,
      `print(json.dumps([int(i) for s in run["dataset"]["shards"] for i in np.load(${JSON.stringify(out)} + "/" + s["file"])["index"]]))`
    ].join('\n')
    const p = spawnSync(PY, ['-c', code], { encoding: 'utf8' })
    expect(p.status, p.stderr).toBe(0)
    const [n, index] = p.stdout.trim().split('\n')
    expect(Number(n)).toBe(train.length)
    expect(JSON.parse(index)).toEqual(train)
  }, 60_000)

  it("--start-generator: G from another checkpoint, G's Adam state afresh, the critic the run's own", async () => {
    const store = LibraryStore.open(data.dir)
    try {
      const run = join(data.dir, 'export')
      const runCk = readSafetensors(
        join(run, 'checkpoints', readdirSync(join(run, 'checkpoints'))[0])
      )
      const own = loadCheckpoint(
        readdirSync(join(data.dir, 'runs', '1'))
          .filter((f) => f.endsWith('.b2bckpt'))
          .map((f) => join(data.dir, 'runs', '1', f))
          .pop()!
      )
      // a generator-only file whose weights are the run's doubled (as a model trained elsewhere would differ)
      const gen = own.tensors.filter((t) => t.name.startsWith('g/') || t.name.startsWith('gs/'))
      const doubled = gen.map((t) => ({ ...t, data: (t.data as Float32Array).map((v) => v * 2) }))
      const file = join(data.dir, 'other-generator.b2bckpt')
      writeAtomic(file, encodeCheckpoint({ meta: own.meta, tensors: doubled }))
      const out = join(data.dir, 'export-ft')
      await exportRun(store, 'tiny', out, 10, file)
      const ft = readSafetensors(join(out, 'checkpoints', readdirSync(join(out, 'checkpoints'))[0]))
      const t = (c: typeof ft, name: string) => c.tensors.find((x) => x.name === name)!.data
      const w0 = t(runCk, 'G.l1.conv.weight')
      expect(t(ft, 'G.l1.conv.weight')).toEqual((w0 as Float32Array).map((v) => v * 2))
      expect(t(ft, 'D.c1.conv.weight')).toEqual(t(runCk, 'D.c1.conv.weight'))
      expect(t(ft, 'optD.exp_avg.D.c1.conv.weight')).toEqual(
        t(runCk, 'optD.exp_avg.D.c1.conv.weight')
      )
      expect(Array.from(t(ft, 'optG.step'))).toEqual([0])
      expect((t(ft, 'optG.exp_avg.G.l1.conv.weight') as Float32Array).every((v) => v === 0)).toBe(
        true
      )
      // a generator of another shape is refused, and nothing is left behind
      const wrong = [{ ...gen[0], shape: [1, ...gen[0].shape] }, ...gen.slice(1)]
      writeAtomic(file, encodeCheckpoint({ meta: own.meta, tensors: wrong }))
      await expect(
        exportRun(store, 'tiny', join(data.dir, 'export-bad'), 10, file)
      ).rejects.toThrow(/does not have the run's model shape/)
      expect(existsSync(join(data.dir, 'export-bad'))).toBe(false)
    } finally {
      store.close()
    }
  }, 60_000)

  it.skipIf(!hasTorch)(
    'train_ddp.py --ema writes ema/ beside checkpoints/ (SIGTERM stops it with one), import-run --ema brings it back',
    async () => {
      const out = join(data.dir, 'export')
      // no step limit: SIGTERM to torchrun after step 5 (G stepped at 4: nCritic 2) asks every process to checkpoint and end
      const args = ['-m', 'torch.distributed.run', '--nproc_per_node=1', '--rdzv_backend=c10d']
      args.push('--rdzv_endpoint=localhost:0', '--redirects', '2', '--tee', '2')
      args.push(join(out, 'python', 'train_ddp.py'), out, '--threads', '1', '--ema', '0.5')
      const t = spawn(PY, args, { env: { ...process.env, OMP_NUM_THREADS: '1' } })
      let log = ''
      const ended = new Promise<void>((done) => t.on('close', () => done()))
      t.stdout.on('data', (b) => {
        log += String(b)
        if (/^step 5 /m.test(log) && t.exitCode === null && !t.killed) t.kill('SIGTERM')
      })
      t.stderr.on('data', (b) => void (log += String(b)))
      await ended
      const stopped = /^stopped at step (\d+)/m.exec(log)
      expect(stopped, log).not.toBeNull()
      const last = Math.max(...[...log.matchAll(/^step (\d+) /gm)].map((m) => Number(m[1])))
      expect(Number(stopped![1])).toBe(last) // the checkpoint holds every step that was logged
      const store = LibraryStore.open(data.dir)
      try {
        const plain = await importRun(store, out)
        const ema = await importRun(store, out, undefined, true)
        expect(ema.name).toBe('tiny (DDP, EMA)')
        expect(ema.checkpoints.map((c) => c.step)).toEqual(plain.checkpoints.map((c) => c.step))
        const weights = (file: string) =>
          loadCheckpoint(file).tensors.find((x) => x.name === 'g/l0/w')!.data
        const a = weights(plain.checkpoints[0].file)
        const b = weights(ema.checkpoints[0].file)
        // a G update at decay 0.5 leaves the EMA halfway between the start and G
        expect(a.length).toBe(b.length)
        expect(a.some((v, i) => v !== b[i])).toBe(true)
        const critic = (file: string) =>
          loadCheckpoint(file).tensors.find((x) => x.name === 'd/c0/w')!.data
        expect(critic(ema.checkpoints[0].file)).toEqual(critic(plain.checkpoints[0].file))
      } finally {
        store.close()
      }
    },
    180_000
  )
})
