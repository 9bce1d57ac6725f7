// Issue 16's round trip on CPU: export a tiny library run, one step in PyTorch vs one step in the engine from the
// same state (fixed batch and noise, dropout off), torchrun --nproc_per_node=2 with gloo, import back, generate.
import { JobRegistry } from '../../../../src/main/app/jobs'
import { EventBus } from '../../../../src/main/ipc/events'
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { main } from '../../../../src/main/cli'
import { libraryGeneration } from '../../../../src/main/services/generation/generation'
import { EngineClient } from '../../../../src/main/ml/engineClient'
import {
  LibraryStore,
  getRun,
  listCheckpoints,
  metricRowsAfter
} from '../../../../src/main/library/index'
import { ExactAdam } from '../../../../src/main/ml/adam'
import { initBackend } from '../../../../src/main/ml/backend'
import { loadCheckpoint } from '../../../../src/main/ml/checkpoint'
import { buildGan, disposeGan, generator, paramCounts } from '../../../../src/main/ml/models'
import { presetConfig, type ModelConfig, type TrainConfig } from '../../../../src/main/ml/config'
import { generateFromNoise, loadGenerator, noiseForSeed } from '../../../../src/main/ml/generate'
import { restoreState, snapshotState } from '../../../../src/main/ml/state'
import { criticStep, generatorStep } from '../../../../src/main/ml/steps'
import { tf } from '../../../../src/main/ml/tf'
import type { CheckpointMeta } from '../../../../src/main/ml/trainer'
import { Trainer } from '../../../../src/main/ml/trainer'
import { openDatasetSource } from '../../../../src/main/ml/datasetSource'
import { encodeNpz } from '../../../../src/main/ml/torch/npz'
import { readSafetensors } from '../../../../src/main/ml/torch/safetensors'
import { fromTorch, toTorch } from '../../../../src/main/ml/torch/tensorMap'
import { readRunExport } from '../../../../src/main/ml/torch/importRun'
import type { StoredTensor } from '../../../../src/main/ml/checkpoint'
import { mulberry32 } from '../../../../src/shared/random'
import { tempDataDir } from '../../../helpers/api'
import { tinyDataset, tinyRun } from './tinyRun'

const PY = '/usr/bin/python3'
const PY_DIR = resolve(__dirname, '../../../../python')
const probe = spawnSync(PY, ['-c', 'import torch, numpy; print(torch.__version__)'], {
  encoding: 'utf8'
})
const torchVersion = probe.status === 0 ? probe.stdout.trim() : null
const SKIP = torchVersion
  ? false
  : `${PY} has no torch (install Debian's python3-torch python3-numpy): ${probe.stderr || probe.error}`
if (SKIP) console.warn(`skipping the PyTorch round trip: ${SKIP}`)

const data = tempDataDir('b2b-ddp-')
const out = join(data.dir, 'export')
let runId = 0
afterAll(() => data.cleanup())

async function cli(...argv: string[]) {
  const lines: string[] = []
  const log = vi.spyOn(console, 'log').mockImplementation((...a) => void lines.push(a.join(' ')))
  const err = vi.spyOn(console, 'error').mockImplementation((...a) => void lines.push(a.join(' ')))
  try {
    return { code: await main(argv), out: lines.join('\n') }
  } finally {
    log.mockRestore()
    err.mockRestore()
  }
}

function python(args: string[], timeout = 60_000, cwd?: string) {
  const env = { ...process.env, OMP_NUM_THREADS: '1' }
  const r = spawnSync(PY, args, { encoding: 'utf8', timeout, env, cwd })
  if (r.status !== 0)
    throw new Error(`${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`)
  return r.stdout
}

/** torchrun --nproc_per_node=2 on the export folder for `steps` steps (gloo, one thread per process). */
function torchrun(steps: number, options: string[] = []) {
  // --redirects 2 --tee 2: torch 1.13's torchrun on Python 3.11 cannot parse the default '0' (python/README.md)
  const rdzv = [
    '--nnodes=1',
    '--nproc_per_node=2',
    '--rdzv_backend=c10d',
    '--rdzv_endpoint=localhost:0'
  ]
  const args = [...rdzv, '--redirects', '2', '--tee', '2', join(out, 'python', 'train_ddp.py'), out]
  return spawnSync(
    '/usr/bin/torchrun',
    [...args, '--max-steps', String(steps), '--threads', '1', ...options],
    {
      encoding: 'utf8',
      timeout: 150_000,
      env: { ...process.env, OMP_NUM_THREADS: '1' }
    }
  )
}

function normals(n: number, rand: () => number): Float32Array {
  const out = new Float32Array(n)
  for (let i = 0; i < n; i++)
    out[i] = Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand())
  return out
}

/** A grown export's checkpoint in the engine's names and layouts, as import-run reads it. */
function grownTensors(folder: string, step: number): StoredTensor[] {
  const manifest = readRunExport(folder)
  const file = join(folder, 'checkpoints', `ckpt-${String(step).padStart(10, '0')}.safetensors`)
  const byName = new Map(readSafetensors(file).tensors.map((t) => [t.name, t]))
  return manifest.tensors.map((spec) =>
    fromTorch(
      byName.get(spec.torch)! as StoredTensor,
      spec,
      spec.engineShape,
      manifest.config.model
    )
  )
}

const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let m = 0
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]))
  return m
}

const title = SKIP ? `skipped: ${SKIP}` : `torch ${torchVersion}`
describe.skipIf(SKIP)(`PyTorch DDP round trip (${title})`, () => {
  beforeAll(async () => {
    await initBackend('cpu')
    const store = LibraryStore.open(data.dir)
    const dsId = await tinyDataset(store, 'tiny set')
    store.close()
    runId = await tinyRun(data.dir, dsId, 'tiny set', 5)
  })

  it('python/ unit tests pass, and its G and D have the engine parameter counts for every preset', () => {
    python(['-m', 'unittest', 'discover', '-s', 'tests', '-t', '.'], 60_000, PY_DIR)
    const presets = (['paper', 'small', 'improved', 'test'] as const).map((p) => presetConfig(p))
    const cfgFile = join(data.dir, 'presets.json')
    writeFileSync(cfgFile, JSON.stringify(presets))
    const counts = JSON.parse(python([join(PY_DIR, 'model.py'), cfgFile]))
    presets.forEach((c, i) => {
      const gan = buildGan(c.model, 1)
      expect(counts[i], c.preset).toEqual(paramCounts(gan))
      disposeGan(gan)
    })
  }, 120_000)

  it('export-run writes run.json, a safetensors checkpoint, packed shards and the python package', async () => {
    const r = await cli('export-run', 'tiny', '--to', out, '--data', data.dir, '--shard-size', '10')
    expect(r.code, r.out).toBe(0)
    expect(r.out).toMatch(
      /exported step 5 to .*: \d+ tensors, 24 segments in 3 shards, 5 loss rows/
    )
    const run = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'))
    expect(run.source).toMatchObject({ runId, runName: 'tiny', step: 5 })
    expect(run.tensors).toContainEqual(
      expect.objectContaining({ engine: 'g/l0/w', torch: 'G.l1.conv.weight', transform: 'conv' })
    )
    expect(existsSync(join(out, 'python', 'train_ddp.py'))).toBe(true)
    // a second export into the same folder refuses and leaves it as it was
    const again = await cli('export-run', 'tiny', '--to', out, '--data', data.dir)
    expect(again.code).toBe(1)
    expect(again.out).toMatch(/is not empty/)
  })

  // The run's own config (paper-style batch-norm critic, WGAN-GP), then the layer-norm critic of the 'improved'
  // preset and the paper's BCE baseline (same tensors, config overridden on both sides).
  interface Variant {
    label: string
    criticNorm?: 'layer'
    loss?: 'gan'
    straightThrough?: boolean
    statsMatching?: number
    matchInstrumentation?: boolean
    statsOnSoftOutput?: boolean
    statsSharpness?: number
    polyphonyMatching?: number
    statsInSd?: boolean
    shareMatching?: number
    shareDistribution?: boolean
    shareCounts?: boolean
    diffAugment?: number
    /** Grown by grow.py (track stats in D, track gate in G) rather than set by a flag. */
    trackStats?: boolean
    /** Grown by grow.py: the critic's share branch (model.criticShares). */
    shares?: boolean
    /** Widened by grow.py --widen-last: G's last hidden layer's channels. */
    widen?: number
    /** grow.py --fresh-critic: a fresh critic of these widths (model.dChannels). */
    freshCritic?: number[]
    /** grow.py --fresh-generator: a fresh generator of these widths (model.gChannels). */
    freshGenerator?: number[]
  }
  const ST = { criticNorm: 'layer', straightThrough: true } as const
  const SHARP = { ...ST, statsMatching: 0.5, statsOnSoftOutput: true, statsSharpness: 3 } as const
  const VARIANTS: Variant[] = [
    { label: 'batch-norm critic, wgan-gp' },
    { label: 'layer-norm critic', criticNorm: 'layer' },
    { label: "loss 'gan' (BCE)", loss: 'gan' },
    { label: 'straight-through binary outputs', ...ST },
    {
      label: 'stats matching (feature matching on the track stats), straight-through',
      ...ST,
      statsMatching: 0.5
    },
    {
      label: 'stats matching with instrumentation, straight-through',
      ...ST,
      statsMatching: 0.5,
      matchInstrumentation: true
    },
    {
      label: 'stats matching on the soft output, straight-through',
      ...ST,
      statsMatching: 0.5,
      statsOnSoftOutput: true
    },
    { label: 'stats matching on the sharpened soft output, straight-through', ...SHARP },
    {
      label: 'polyphony matching on the sharpened soft output, straight-through',
      ...SHARP,
      polyphonyMatching: 50
    },
    {
      label: 'stats matching in the real batch sds, on the sharpened soft output',
      ...SHARP,
      statsInSd: true
    },
    { label: 'share matching on the binary notes, straight-through', ...ST, shareMatching: 2 },
    {
      label: 'share matching with the counts of pitches and tracks, straight-through',
      ...ST,
      shareMatching: 2,
      shareCounts: true
    },
    {
      label: 'share distribution matching (MMD) on the binary notes, straight-through',
      ...ST,
      shareMatching: 20,
      shareDistribution: true
    },
    {
      label: 'grown by grow.py: track stats in D, track gate in G; straight-through',
      ...ST,
      trackStats: true
    },
    {
      label: 'grown by grow.py: track stats and shares in D, track gate in G; share matching',
      ...ST,
      trackStats: true,
      shares: true,
      shareMatching: 2
    },
    { label: "widened by grow.py: G's last hidden layer 4 -> 7 channels", ...ST, widen: 7 },
    {
      label: 'a fresh, wider critic from grow.py --fresh-critic',
      ...ST,
      freshCritic: [6, 8, 8, 16, 16]
    },
    {
      // Not straight through: a fresh G's cells sit near 0.5, where float rounding flips the threshold differently in
      // each library.
      label: 'a run from scratch at other widths: grow.py --fresh-generator and --fresh-critic',
      criticNorm: 'layer',
      freshGenerator: [16, 12, 8, 8, 6],
      freshCritic: [4, 8, 8, 8, 16]
    },
    {
      label:
        'DiffAugment: the critic sees pieces shifted by up to 2 rows; share matching, straight-through',
      ...ST,
      shareMatching: 2,
      diffAugment: 2
    }
  ]
  /** grow.py's arguments for a grown variant, and the folder its copy of the export lives in (null: not grown). */
  const growthOf = (v: Variant): { folder: string; args: string[] } | null => {
    if (v.widen) return { folder: 'widened', args: ['--widen-last', String(v.widen)] }
    const fresh = [
      ...(v.freshCritic ? ['--fresh-critic', v.freshCritic.join(',')] : []),
      ...(v.freshGenerator ? ['--fresh-generator', v.freshGenerator.join(',')] : [])
    ]
    if (fresh.length)
      return { folder: v.freshGenerator ? 'fresh-both' : 'fresh-critic', args: fresh }
    if (!v.trackStats) return null
    const args = ['--track-stats', '--track-gate', ...(v.shares ? ['--shares'] : [])]
    return { folder: v.shares ? 'grown-shares' : 'grown', args }
  }
  /** Each piece's move (bars, rows) under diffAugment, the same on both sides: real, fake and G's batch. */
  const AUGMENT = {
    real: [
      [0, 2],
      [0, -1],
      [0, 0],
      [1, 1]
    ],
    fake: [
      [0, -2],
      [0, 1],
      [1, 2],
      [0, 0]
    ],
    gen: [
      [0, 1],
      [0, -2],
      [0, 0],
      [1, 2]
    ]
  } as const
  /** check_step.py's overrides for a variant: the same config on the python side. */
  const flagsOf = (v: Variant): string[] => [
    ...(v.criticNorm ? ['--critic-norm', v.criticNorm] : []),
    ...(v.loss ? ['--loss', v.loss] : []),
    ...(v.straightThrough ? ['--straight-through'] : []),
    ...(v.statsMatching ? ['--stats-matching', String(v.statsMatching)] : []),
    ...(v.matchInstrumentation ? ['--match-instrumentation'] : []),
    ...(v.statsOnSoftOutput ? ['--stats-on-soft-output'] : []),
    ...(v.statsSharpness ? ['--stats-sharpness', String(v.statsSharpness)] : []),
    ...(v.polyphonyMatching ? ['--polyphony-matching', String(v.polyphonyMatching)] : []),
    ...(v.statsInSd ? ['--stats-in-sd'] : []),
    ...(v.shareMatching ? ['--share-matching', String(v.shareMatching)] : []),
    ...(v.shareDistribution ? ['--share-distribution'] : []),
    ...(v.shareCounts ? ['--share-counts'] : []),
    ...(v.diffAugment ? ['--diff-augment', String(v.diffAugment)] : [])
  ]
  const lossesOf = new Map<string, Record<string, number>>()
  it.each(VARIANTS)(
    'one step in PyTorch from the exported state = one step in the engine ($label): losses and every tensor after it',
    async (v) => {
      const store = LibraryStore.open(data.dir)
      const ck = listCheckpoints(store.db, runId).at(-1)!
      const { meta, tensors } = loadCheckpoint<CheckpointMeta>(store.files.toAbs(ck.file))
      const shape: [number, number, number] = [16, 12, 17]
      const ds = await openDatasetSource(
        store.files.datasetDir(getRun(store.db, runId)!.datasetId!),
        'tiny set',
        shape
      )
      store.close()
      const B = 4
      const zDim = meta.config.model.zDim
      const rand = mulberry32(99)
      const real = await ds.batch([3, 7, 11, 19])
      await ds.close()
      const z = normals(B * zDim, rand)
      const zg = normals(B * zDim, rand)
      const eps = Float32Array.from({ length: B }, () => rand())
      const inputs = join(data.dir, 'inputs.npz')
      writeFileSync(
        inputs,
        encodeNpz([
          { name: 'real', shape: [B, ...shape], data: real },
          { name: 'z', shape: [B, zDim], data: z },
          { name: 'zg', shape: [B, zDim], data: zg },
          { name: 'eps', shape: [B], data: eps },
          ...(['real', 'fake', 'gen'] as const).map((k) => ({
            name: `aug_${k}`,
            shape: [B, 2],
            data: Float32Array.from(AUGMENT[k].flat())
          }))
        ])
      )
      const post = join(data.dir, 'post.safetensors')
      // The grown variant: a copy of the export that grow.py changed.
      const growth = growthOf(v)
      const folder = growth ? join(data.dir, growth.folder) : out
      if (growth) {
        cpSync(out, folder, { recursive: true })
        python([join(folder, 'python', 'grow.py'), folder, ...growth.args])
      }
      const script = join(folder, 'python', 'check_step.py')
      const torchLoss = JSON.parse(python([script, folder, inputs, post, ...flagsOf(v)]))

      const model: ModelConfig = {
        ...meta.config.model,
        dropout: 0,
        criticNorm: v.criticNorm ?? 'batch',
        criticTrackStats: v.trackStats ?? false,
        criticShares: v.shares ?? false,
        generatorTrackGate: v.trackStats ?? false,
        gChannels: readRunExport(folder).config.model.gChannels,
        dChannels: readRunExport(folder).config.model.dChannels
      }
      const t: TrainConfig = {
        ...meta.config.train,
        loss: v.loss ?? 'wgan-gp',
        straightThrough: v.straightThrough ?? false,
        statsMatching: v.statsMatching ?? 0,
        matchInstrumentation: v.matchInstrumentation ?? false,
        statsOnSoftOutput: v.statsOnSoftOutput ?? false,
        statsSharpness: v.statsSharpness ?? 0,
        polyphonyMatching: v.polyphonyMatching ?? 0,
        statsInSd: v.statsInSd ?? false,
        shareMatching: v.shareMatching ?? 0,
        shareDistribution: v.shareDistribution ?? false,
        shareCounts: v.shareCounts ?? false,
        diffAugment: v.diffAugment ?? 0
      }
      const gan = buildGan(model, t.seed)
      const [optG, optD] = [
        new ExactAdam(meta.lr.g, t.beta1, t.beta2),
        new ExactAdam(meta.lr.d, t.beta1, t.beta2)
      ]
      const start = growth ? grownTensors(folder, meta.step) : tensors
      await restoreState(gan, optG, optD, start)
      if (v.freshCritic) expect(model.dChannels).toEqual(v.freshCritic)
      if (v.freshGenerator) {
        expect(model.gChannels).toEqual(v.freshGenerator)
        // Fresh, G's Adam state starts over at zero.
        const grownG = start.filter((x) => x.name.startsWith('optG/'))
        expect(grownG.length).toBeGreaterThan(0)
        for (const x of grownG) expect(maxDiff(x.data, new Float32Array(x.data.length))).toBe(0)
      }
      if (v.widen) {
        // Widened, G plays exactly as before (the new channels feed the output layer through zeros).
        expect(model.gChannels[4]).toBe(v.widen)
        const before = buildGan({ ...model, gChannels: meta.config.model.gChannels }, t.seed)
        const opts = [new ExactAdam(1e-3, 0.5, 0.9), new ExactAdam(1e-3, 0.5, 0.9)] as const
        await restoreState(before, ...opts, tensors)
        const zs = tf.tensor2d(z, [B, zDim])
        const [a, b] = [generator(before, zs, 'eval'), generator(gan, zs, 'eval')]
        expect(maxDiff(a.dataSync(), b.dataSync())).toBeLessThan(1e-6)
        tf.dispose([zs, a, b])
        disposeGan(before)
        opts.forEach((o) => o.dispose())
      }
      const fixed = {
        z: tf.tensor2d(z, [B, zDim]),
        eps: tf.tensor4d(eps, [B, 1, 1, 1]),
        augment: { real: AUGMENT.real, fake: AUGMENT.fake }
      }
      const seeds = {
        z: 0,
        eps: 0,
        dropFake: 0,
        dropReal: 0,
        dropInterp: 0,
        augReal: 0,
        augFake: 0
      }
      const d = criticStep(gan, optD, tf.tensor4d(real, [B, ...shape]), t, seeds, fixed)
      const realBatch = tf.tensor4d(real, [B, ...shape])
      const gLoss = generatorStep(gan, optG, B, t, 0, 0, {
        fixedZ: tf.tensor2d(zg, [B, zDim]),
        real: realBatch,
        augment: AUGMENT.gen
      })
      realBatch.dispose()
      const mine = { dLoss: d.dLoss, gp: d.gp, wDist: d.wasserstein, gLoss }
      // float32 tolerance: relative 2e-6 (the sums run in another order in each library)
      for (const k of ['dLoss', 'gp', 'wDist', 'gLoss'] as const)
        expect(Math.abs(torchLoss[k] - mine[k]), k).toBeLessThan(
          2e-6 * Math.max(1, Math.abs(mine[k]))
        )
      if (t.loss === 'wgan-gp') expect(mine.gp).toBeGreaterThan(0)
      lossesOf.set(v.label, mine)
      // Binarised fakes change what the critic scores: the same step without them gives other losses.
      if (v.straightThrough && !v.trackStats)
        expect(mine.wDist).not.toBeCloseTo(lossesOf.get('layer-norm critic')!.wDist, 3)
      // Matching adds to G's loss only: D's step is the plain one, G's loss is larger by the weighted gap.
      if (v.statsMatching) {
        const plain = lossesOf.get('straight-through binary outputs')!
        expect(mine.dLoss).toBeCloseTo(plain.dLoss, 4)
        expect(mine.gLoss).toBeGreaterThan(plain.gLoss + 1e-3)
      }
      // The instrumentation terms add to the gap: the same step's G loss is larger again.
      if (v.matchInstrumentation) {
        const matched = lossesOf.get(
          'stats matching (feature matching on the track stats), straight-through'
        )!
        expect(mine.gLoss).toBeGreaterThan(matched.gLoss + 1e-4)
      }
      // On the soft output the gap is another number than on the binary notes, from the same state.
      if (v.statsOnSoftOutput) {
        const binary = lossesOf.get(
          'stats matching (feature matching on the track stats), straight-through'
        )!
        expect(Math.abs(mine.gLoss - binary.gLoss)).toBeGreaterThan(1e-3)
        expect(mine.dLoss).toBeCloseTo(binary.dLoss, 4)
      }
      // Sharpened, the soft output's gap is another number again (nearer the binary notes' gap).
      if (v.statsSharpness && !v.polyphonyMatching && !v.statsInSd) {
        const soft = lossesOf.get('stats matching on the soft output, straight-through')!
        expect(Math.abs(mine.gLoss - soft.gLoss)).toBeGreaterThan(1e-3)
        expect(mine.dLoss).toBeCloseTo(soft.dLoss, 4)
      }
      // The polyphony gap adds to the sharpened gap: the same step's G loss is larger.
      if (v.polyphonyMatching) {
        const sharp = lossesOf.get('stats matching on the sharpened soft output, straight-through')!
        expect(mine.gLoss).toBeGreaterThan(sharp.gLoss + 1e-4)
        expect(mine.dLoss).toBeCloseTo(sharp.dLoss, 4)
      }
      // In sds the same gap is another, larger number (a feature the four real pieces share weighs up to 100x).
      if (v.statsInSd) {
        const sharp = lossesOf.get('stats matching on the sharpened soft output, straight-through')!
        expect(mine.gLoss).toBeGreaterThan(sharp.gLoss + 1e-2)
        expect(mine.dLoss).toBeCloseTo(sharp.dLoss, 4)
      }
      // The counts add to the share gap: the same step's G loss is larger again.
      if (v.shareCounts) {
        const shares = lossesOf.get('share matching on the binary notes, straight-through')!
        expect(mine.gLoss).toBeGreaterThan(shares.gLoss + 1e-4)
      }
      // The critic scores moved pieces: D's step is another than the plain share-matching one.
      if (v.diffAugment) {
        const still = lossesOf.get('share matching on the binary notes, straight-through')!
        expect(Math.abs(mine.dLoss - still.dLoss)).toBeGreaterThan(1e-4)
      }
      // The share gap adds to the plain straight-through G loss; D's step is the plain one.
      if (v.shareMatching && !v.trackStats && !v.diffAugment) {
        const plain = lossesOf.get('straight-through binary outputs')!
        expect(mine.gLoss).toBeGreaterThan(plain.gLoss + 1e-3)
        expect(mine.dLoss).toBeCloseTo(plain.dLoss, 4)
      }
      // Both models fresh: D scores other pieces with other weights, so its step is not the plain one.
      if (v.freshGenerator) {
        const plain = lossesOf.get('layer-norm critic')!
        expect(Math.abs(mine.dLoss - plain.dLoss)).toBeGreaterThan(1e-4)
      }
      // The branch starts at zero, so D's first step is the plain critic's; G's step then sees the branch.
      if (v.trackStats) {
        const plain = lossesOf.get('straight-through binary outputs')!
        expect(mine.dLoss).toBeCloseTo(plain.dLoss, 4)
        expect(mine.gLoss).not.toBeCloseTo(plain.gLoss, 4)
      }
      // The share branch, also at zero, leaves D's first step as it was; after it, G's loss is another number.
      if (v.shares) {
        const withoutShares = lossesOf.get(
          'grown by grow.py: track stats in D, track gate in G; straight-through'
        )!
        expect(mine.dLoss).toBeCloseTo(withoutShares.dLoss, 4)
        expect(mine.gLoss).not.toBeCloseTo(withoutShares.gLoss, 3)
      }

      const after = (await snapshotState(gan, optG, optD)).map((x) => toTorch(x, model))
      const theirs = new Map(readSafetensors(post).tensors.map((x) => [x.name, x]))
      // Conv biases right before a norm and attention key biases have a zero (batch norm, softmax's per-query
      // constant) or nearly zero gradient: rounding noise, which Adam's m / sqrt(v) turns into a step of about
      // lr (up to ~1.6 lr with betas 0.5 / 0.9), differently in each library: those may differ by two such steps;
      // every other tensor may not. Attention query biases reach the loss only through gamma (near zero here):
      // their Adam moments carry 2-10e-6 relative noise, so they are held to the parameter check too.
      const NOISE =
        /^(opt[GD]\.exp_avg(_sq)?\.)?(G\.l[1-5]\.conv\.bias|D\.c[2-5]\.conv\.bias|[GD]\.attn\.(key|query)\.bias)$/
      let compared = 0
      for (const x of after) {
        const y = theirs.get(x.name)!
        expect(y.shape, x.name).toEqual(x.shape)
        const diff = maxDiff(x.data, y.data)
        if (NOISE.test(x.name)) {
          if (!x.name.startsWith('opt')) expect(diff, x.name).toBeLessThan(4 * meta.lr.d)
          continue
        }
        const scale = Math.max(1e-12, ...Array.from(x.data, Math.abs))
        // In sds the stats gap weighs some features up to 100x: G's gradients sum larger terms that cancel, and
        // float32 rounding in each library's order reaches the first layers' parameters at a few 1e-5.
        // The critic's share branch hands G products of neighbouring cells' gradients: a few 1e-5 there too. So
        // does share matching (products of neighbours, through the straight-through threshold): 1.4e-5 on G's second
        // batch norm's shift on some CPUs (its sum over every cell), below 1e-5 on others.
        const tolerance = v.statsInSd ? 2e-4 : v.shares || v.shareMatching ? 5e-5 : 1e-5
        expect(diff / scale, x.name).toBeLessThan(tolerance)
        compared++
      }
      expect(compared).toBeGreaterThan(60)
      disposeGan(gan)
      optG.dispose()
      optD.dispose()
      tf.dispose([fixed.z, fixed.eps])
    },
    120_000
  )

  it('torchrun --nproc_per_node=2 (gloo) trains, import-run brings it back with curves, generation uses it', async () => {
    const r = torchrun(4)
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0)
    expect(r.stdout).toMatch(/limit at step 9/)
    const imp = await cli('import-run', out, '--data', data.dir)
    expect(imp.code, imp.out).toBe(0)
    expect(imp.out).toMatch(
      /imported run \d+ "tiny \(DDP\)": checkpoints at step 8, 9, 9 loss rows/
    )
    const newId = Number(/imported run (\d+)/.exec(imp.out)![1])

    const store = LibraryStore.open(data.dir)
    try {
      const run = getRun(store.db, newId)!
      expect(run).toMatchObject({
        status: 'stopped',
        backend: 'pytorch-ddp',
        resumedFromRunId: runId
      })
      expect(run.backendReason).toMatch(/2 x gloo on cpu/)
      // curves: the engine's 5 rows, then torchrun's 4 (means over the two replicas), as logged
      const logged = readFileSync(join(out, 'losses.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l))
      const rows = metricRowsAfter(store.db, newId, -1)
      expect(rows.map((r) => r.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9])
      expect(rows.map((r) => r.dLoss)).toEqual(logged.map((r) => r.dLoss))
      expect(rows.filter((r) => r.gLoss !== null).map((r) => r.step)).toEqual([2, 4, 6, 8])
      const curve = store.curves([newId], 'step', 100)[0]
      expect(curve.x.at(-1)).toBe(9)

      // generation through the app's generation domain, and its raw output = PyTorch's G (eval) on the same noise
      const ck = listCheckpoints(store.db, newId).at(-1)!
      const engine = new EngineClient()
      const gen = libraryGeneration(store, () => 'cpu', engine, new JobRegistry(new EventBus()))
      const models = gen.models({} as never) as { id: string; runId: string }[]
      expect(models.some((m) => m.id === String(ck.id) && m.runId === String(newId))).toBe(true)
      const g = await gen.generate({ modelId: String(ck.id), seed: 3, count: 2, threshold: 0.5 })
      await engine.close()
      expect(g.items.map((i) => i.seed)).toEqual([3, 4])
      const loaded = loadGenerator(store.files.toAbs(ck.file))
      const zs = [noiseForSeed(3, loaded.gan.model.zDim), noiseForSeed(4, loaded.gan.model.zDim)]
      const raw = (await generateFromNoise(loaded, zs)).raw
      const zDim = loaded.gan.model.zDim
      const flat = new Float32Array(2 * zDim)
      zs.forEach((z, i) => flat.set(z, i * zDim))
      const inputs = join(data.dir, 'noise.npz')
      const real = new Float32Array(2 * 16 * 12 * 17)
      const one = new Float32Array(2).fill(0.5)
      writeFileSync(
        inputs,
        encodeNpz([
          { name: 'real', shape: [2, 16, 12, 17], data: real },
          { name: 'z', shape: [2, zDim], data: flat },
          { name: 'zg', shape: [2, zDim], data: flat },
          { name: 'eps', shape: [2], data: one },
          { name: 'znoise', shape: [2, zDim], data: flat }
        ])
      )
      const post = join(data.dir, 'gen.safetensors')
      const ddpCkpt = join(out, 'checkpoints', 'ckpt-0000000009.safetensors')
      python([join(out, 'python', 'check_step.py'), out, inputs, post, '--start', ddpCkpt])
      const theirs = readSafetensors(post).tensors.find((t) => t.name === 'gen')!
      expect(maxDiff(raw, theirs.data)).toBeLessThan(1e-5)

      // the imported run trains on in the engine from its checkpoint (weights, running stats and both Adams)
      const shape: [number, number, number] = [16, 12, 17]
      const src = await openDatasetSource(store.files.datasetDir(run.datasetId!), 'tiny set', shape)
      const t = await Trainer.open({
        config: loaded.config,
        source: src,
        dir: store.files.runDir(newId),
        resumeFrom: store.files.toAbs(ck.file)
      })
      expect(t.step).toBe(9)
      const row = await t.trainStep()
      expect(row.step).toBe(10)
      expect(Number.isFinite(row.dLoss)).toBe(true)
      t.dispose()
      await src.close()
    } finally {
      store.close()
    }
  }, 180_000)

  it('train_ddp.py resumes from its newest checkpoint after a kill that logged past it', () => {
    const log = join(out, 'losses.jsonl')
    // what a kill between a step's log row and the next checkpoint leaves: a row past step 9 and a torn line
    writeFileSync(
      log,
      readFileSync(log, 'utf8') + '{"step": 10, "epoch": 1, "dLoss": 12345}\n{"step": 11, "ep'
    )
    const r = torchrun(1)
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0)
    expect(r.stdout).toMatch(/step 10 epoch 1 /)
    expect(r.stdout).toMatch(/limit at step 10/)
    const rows = readFileSync(log, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
    expect(rows.map((x) => x.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    expect(rows[9].dLoss).not.toBe(12345)
    expect(existsSync(join(out, 'checkpoints', 'ckpt-0000000010.safetensors'))).toBe(true)
  }, 180_000)

  it('train_ddp.py --critic-only-until STEP trains the critic alone before that step (a fresh critic catching up)', () => {
    const r = torchrun(2, ['--critic-only-until', '13', '--epochs', '9'])
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0)
    const rows = readFileSync(join(out, 'losses.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
    expect(
      rows.slice(-2).map((x) => [x.step, x.gLoss]),
      r.stdout
    ).toEqual([
      [11, null],
      [12, null]
    ])
    const tensorsAt = (step: number) =>
      new Map(
        readSafetensors(
          join(out, 'checkpoints', `ckpt-${String(step).padStart(10, '0')}.safetensors`)
        ).tensors.map((x) => [x.name, x.data])
      )
    const [before, after] = [tensorsAt(10), tensorsAt(12)]
    // G's batch-norm statistics move in the critic's steps (G makes the fakes in train mode); its weights may not.
    const changed = (prefix: string) =>
      [...before].filter(
        ([k, v]) => k.startsWith(prefix) && !k.includes('running') && maxDiff(v, after.get(k)!) > 0
      ).length
    expect(changed('G.')).toBe(0)
    expect(changed('optG.')).toBe(0)
    expect(changed('D.')).toBeGreaterThan(5)
  }, 180_000)

  it('scripts/band-from-scratch.sh: the pulls off until PULLS_FROM, then the recipe; EMA checkpoints cut into OUT', () => {
    const folder = join(data.dir, 'from-scratch')
    cpSync(out, folder, { recursive: true })
    const runFile = join(folder, 'run.json')
    const run = JSON.parse(readFileSync(runFile, 'utf8'))
    Object.assign(run.config.train, { epochs: 50, shareMatching: 2, statsMatching: 0.5 })
    writeFileSync(runFile, JSON.stringify(run))
    python([join(folder, 'python', 'grow.py'), folder, '--fresh-generator', '16,12,8,8,6'])
    const start = Math.max(
      ...readdirSync(join(folder, 'checkpoints')).map((f) => Number(f.replace(/\D/g, '')))
    )
    const sh = join(resolve(__dirname, '../../../..'), 'scripts', 'band-from-scratch.sh')
    const target = join(data.dir, 'from-scratch-out')
    const args = [folder, String(start + 2), String(start + 5), target, '1000']
    const r = spawnSync('sh', [sh, ...args], {
      encoding: 'utf8',
      timeout: 170_000,
      env: { ...process.env, PYTHON: PY, THREADS: '1', OMP_NUM_THREADS: '1', PORT: '29661' }
    })
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0)
    // What each chunk trained with, as the script wrote it into run.json.
    const phases = r.stdout.split('\n').filter((l) => l.startsWith('phase'))
    expect(phases).toEqual([
      `phase 1, step ${start} to ${start + 2}: statsMatching 0 grooveMatching 0 polyphonyMatching 0 shareMatching 0`,
      `phase 2, step ${start + 2} to ${start + 5}: statsMatching 0.5 grooveMatching 0 polyphonyMatching 0 shareMatching 2`
    ])
    expect(r.stdout).toContain(`done at step ${start + 5}`)
    // Back to the recipe as it was, pulls included.
    const after = JSON.parse(readFileSync(runFile, 'utf8')).config.train
    expect(after).toMatchObject({ shareMatching: 2, statsMatching: 0.5 })
    const steps = readFileSync(join(folder, 'losses.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).step)
    expect(steps.slice(-5)).toEqual([1, 2, 3, 4, 5].map((k) => start + k))
    // OUT: each EMA checkpoint cut in parts that put together give the file again.
    const name = `ema-ckpt-${String(start + 5).padStart(10, '0')}.safetensors`
    const parts = readdirSync(target)
      .filter((f) => f.startsWith(`${name}.part-`))
      .sort()
    expect(parts.length).toBeGreaterThan(0)
    const whole = Buffer.concat(parts.map((f) => readFileSync(join(target, f))))
    expect(
      whole.equals(
        readFileSync(join(folder, 'ema', `ckpt-${String(start + 5).padStart(10, '0')}.safetensors`))
      )
    ).toBe(true)
    expect(existsSync(join(target, 'losses.jsonl'))).toBe(true)
  }, 180_000)
})
