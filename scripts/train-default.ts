// Export a training run as the shipped default model (resources/models/default), its example pieces
// (resources/examples) and the README's images (docs/): see scripts/train-default.sh for the whole recipe.
// Usage: tsx scripts/train-default.ts --data DIR --run RUN --log TRAIN_LOG --wall-seconds N [--checkpoint FILE]
//        (TRAIN_LOG: the `train` command's stderr, or a run export's losses.jsonl when PyTorch DDP trained it)
//        [--dataset shared] [--count 128] [--real 1024] [--seed 0] [--threshold 0.9]
//        [--compare-log OTHER_TRAIN_LOG]   (docs/loss-compare.png: that log's curves above this run's)
//        [--fine-tuned [MODEL_JSON]]   (the run started from the shipped default's generator, or from the model
//        whose model.json is given: that record goes into startedFrom)
//        [--model ID --name NAME]   (another shipped model: resources/models/ID named NAME, e.g. --model piano
//        --name 'Piano model'; its example files and docs/ images take the prefix ID-, its example titles the
//        name, so the default's stay apart)
import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join, resolve } from 'node:path'
import { parseArgs } from '../src/main/cli/command'
import { resolveDataset, resolveRun } from '../src/main/cli/datasetRef'
import { initBackend } from '../src/main/ml/backend'
import { assertSelfTest } from '../src/main/ml/selfTest'
import { listCheckpoints } from '../src/main/ml/checkpoint'
import { openDatasetSource } from '../src/main/ml/datasetSource'
import { permutation } from '../src/main/ml/data'
import { encodePng, rollToPng } from '../src/main/ml/png'
import { rollConfigOf } from '../src/main/ml/config'
import { disposeGenerator, generateFromSeeds, loadGenerator } from '../src/main/ml/generate'
import type { LoadedGenerator } from '../src/main/ml/generate'
import { writeMidi } from '../src/main/data/midi/write'
import { metricContext, selfSimilarity } from '../src/shared/music/metrics'
import type { RollConfig } from '../src/shared/music/pianoroll'
import {
  GENERATOR_FILE,
  readDefaultModel,
  type DefaultModelRecord,
  type ExampleRecord
} from '../src/main/firstRun/defaultModel'
import {
  compareToReal,
  examplePiece,
  formatComparison,
  summarizeRolls
} from '../src/main/firstRun/evaluate'
import { jsonlToTrainLog, readTrainLog, writeGeneratorOnly } from '../src/main/firstRun/exportModel'

const ROOT = resolve(__dirname, '..')
/** The model folder's name under resources/models (--model); another than 'default' prefixes its files. */
let MODEL_ID = 'default'
let MODEL_DIR = join(ROOT, 'resources', 'models', MODEL_ID)
const prefixed = (file: string) => (MODEL_ID === 'default' ? file : `${MODEL_ID}-${file}`)
const EXAMPLES_DIR = join(ROOT, 'resources', 'examples')
const DOCS_DIR = join(ROOT, 'docs')
const PLOT = join(ROOT, 'bench/engine/plotLog.ts')
/** The paper's binarisation threshold; --threshold overrides it for the record and the examples. */
let THRESHOLD = 0.9

/** The shipped examples: four single seeds and one 16-bar slerp path between two of them. */
let EXAMPLES: ExampleRecord[] = [
  { file: 'first-light.json', title: 'First light (seed 7)', seeds: [7], pathSteps: 1 },
  { file: 'four-bars.json', title: 'Four bars (seed 42)', seeds: [42], pathSteps: 1 },
  { file: 'night-drive.json', title: 'Night drive (seed 1234)', seeds: [1234], pathSteps: 1 },
  { file: 'small-hours.json', title: 'Small hours (seed 2026)', seeds: [2026], pathSteps: 1 },
  { file: 'journey.json', title: 'Journey, seed 7 to 42 (16 bars)', seeds: [7, 42], pathSteps: 4 }
]

/** Grey-scale image of a self-similarity matrix (white = 1), `scale` pixels per cell, written into rgb at (x0, y0). */
function drawSsm(
  rgb: Uint8Array,
  w: number,
  values: Float64Array,
  n: number,
  x0: number,
  y0: number,
  scale: number
) {
  for (let i = 0; i < n * scale; i++)
    for (let j = 0; j < n * scale; j++) {
      const v = values[Math.floor(i / scale) * n + Math.floor(j / scale)]
      const c = Math.round(255 * Math.max(0, Math.min(1, Number.isFinite(v) ? v : 0)))
      rgb.set([c, c, c], ((y0 + i) * w + x0 + j) * 3)
    }
}

/** docs/ssm-real-vs-generated.png: top row real segments, bottom row generated pieces (step-level, roll feature). */
function ssmFigure(
  real: Float32Array,
  gen: Float32Array,
  rc: RollConfig,
  count: number,
  file: string
) {
  const n = rc.bars * rc.beatsPerBar * rc.stepsPerBeat
  const size = n * rc.pitchCount * 17
  const scale = 3
  const pad = 8
  const w = count * (n * scale + pad) + pad
  const h = 2 * (n * scale + pad) + pad
  const rgb = new Uint8Array(w * h * 3).fill(40)
  ;[real, gen].forEach((rolls, row) => {
    for (let k = 0; k < count; k++) {
      const th = row === 0 ? 0.5 : THRESHOLD
      const ctx = metricContext(rolls.subarray(k * size, (k + 1) * size), rc, th)
      const s = selfSimilarity(ctx, { level: 'step', feature: 'roll' })
      drawSsm(
        rgb,
        w,
        s.values,
        s.n,
        pad + k * (n * scale + pad),
        pad + row * (n * scale + pad),
        scale
      )
    }
  })
  writeFileSync(file, encodePng(w, h, rgb))
}

async function realRolls(
  data: string,
  dataset: string,
  g: LoadedGenerator,
  count: number,
  seed: number
) {
  const m = g.config.model
  const src = await openDatasetSource(resolveDataset(data, dataset).dir, dataset, [
    m.steps,
    m.pitches,
    m.tracks
  ])
  const idx = permutation(src.count, seed).slice(0, Math.min(count, src.count))
  const rolls = await src.batch(idx)
  await src.close()
  return { rolls, n: idx.length, identity: src.identity }
}

async function writeExamples(g: LoadedGenerator): Promise<void> {
  mkdirSync(EXAMPLES_DIR, { recursive: true })
  for (const e of EXAMPLES) {
    const piece = await examplePiece(g, e, THRESHOLD)
    writeFileSync(join(EXAMPLES_DIR, e.file), JSON.stringify(piece))
    writeFileSync(join(EXAMPLES_DIR, e.file.replace(/\.json$/, '.mid')), writeMidi(piece))
  }
}

/** The progress lines of a train log up to a step (the loss curve ends at the shipped checkpoint). */
function logUpTo(text: string, step: number): string {
  return text
    .split('\n')
    .filter((l) => Number(/^step (\d+)\//.exec(l)?.[1] ?? Infinity) <= step)
    .join('\n')
}

/** The threshold at which the generated rolls are as dense as the real ones (a figure for the report). */
function calibrated(real: Float32Array, gen: Float32Array): string {
  let on = 0
  for (const v of real) on += v >= 0.5 ? 1 : 0
  const sorted = Float32Array.from(gen).sort()
  const k = Math.min(sorted.length - 1, Math.floor(sorted.length * (1 - on / real.length)))
  return `${sorted[k].toFixed(3)} (real density ${(on / real.length).toFixed(4)})`
}

/** The dataset's file count and the credited collections its files come from (by folder name). */
function sourceFiles(data: string, dataset: string): { files: number; sources: string[] } {
  const manifest = JSON.parse(
    readFileSync(join(resolveDataset(data, dataset).dir, 'manifest.json'), 'utf8')
  ) as { files: { file: string }[] }
  const has = (part: string) => manifest.files.some((f) => f.file.toLowerCase().includes(part))
  const sources = [
    ...(has('freedoom') ? ['Freedoom (BSD-3-Clause)'] : []),
    ...(has('pop909') ? ['POP909 (MIT)'] : [])
  ]
  return { files: manifest.files.length, sources }
}

/** A DDP run's losses.jsonl as a progress-line log in a temp file; a `train` log as it is. */
function progressLog(file: string, totalSteps: number): string {
  if (!file.endsWith('.jsonl')) return file
  const out = join(tmpdir(), `b2b-default-ddp-${process.pid}.log`)
  writeFileSync(out, jsonlToTrainLog(readFileSync(file, 'utf8'), totalSteps))
  return out
}

function newestCheckpoint(dir: string): string {
  const all = listCheckpoints(dir) // newest first
  if (!all.length) throw new Error(`no checkpoint in ${dir}`)
  return all[0]
}

/** docs/: SSMs of real and generated music side by side, and a piano roll of each. */
function writeImages(
  real: Float32Array,
  gen: Float32Array,
  rc: RollConfig,
  shape: [number, number, number]
) {
  mkdirSync(DOCS_DIR, { recursive: true })
  ssmFigure(real, gen, rc, 4, join(DOCS_DIR, prefixed('ssm-real-vs-generated.png')))
  writeFileSync(join(DOCS_DIR, prefixed('roll-generated.png')), rollToPng(gen, shape, THRESHOLD))
  writeFileSync(join(DOCS_DIR, prefixed('roll-real.png')), rollToPng(real, shape, 0.5))
}

/** losses.json and the loss curves (model folder and docs/), cut at the exported step. */
function writeLosses(file: string, spe: number, step: number, other?: string) {
  const log = readTrainLog(file, spe, step)
  writeFileSync(join(MODEL_DIR, 'losses.json'), JSON.stringify(log))
  const png = join(MODEL_DIR, 'loss.png')
  const cut = join(tmpdir(), `b2b-default-${process.pid}.log`)
  writeFileSync(cut, logUpTo(readFileSync(file, 'utf8'), step))
  execFileSync('npx', ['tsx', PLOT, png, cut], {
    stdio: 'inherit'
  })
  writeFileSync(join(DOCS_DIR, prefixed('default-model-loss.png')), readFileSync(png))
  if (other)
    execFileSync('npx', ['tsx', PLOT, join(DOCS_DIR, prefixed('loss-compare.png')), other, cut], {
      stdio: 'inherit'
    })
}

async function main(): Promise<void> {
  const { flags } = parseArgs(process.argv.slice(2))
  const str = (k: string, d?: string) => (typeof flags[k] === 'string' ? (flags[k] as string) : d)
  const data = resolve(str('data', '/tmp/b2b-default')!)
  const dataset = str('dataset', 'shared')!
  const count = Number(str('count', '128'))
  const seed = Number(str('seed', '0'))
  const ckpt =
    str('checkpoint') ?? newestCheckpoint(resolveRun(data, str('run', 'default-improved')!).dir)
  THRESHOLD = Number(str('threshold', String(THRESHOLD)))
  MODEL_ID = str('model', MODEL_ID)!
  if (!/^[a-z0-9-]+$/.test(MODEL_ID))
    throw new Error(`--model ${MODEL_ID}: a folder name (a-z, 0-9, -)`)
  MODEL_DIR = join(ROOT, 'resources', 'models', MODEL_ID)
  EXAMPLES = EXAMPLES.map((e) => ({ ...e, file: prefixed(e.file) }))
  const name = str('name', 'Default model')!
  if (MODEL_ID !== 'default')
    EXAMPLES = EXAMPLES.map((e) => ({ ...e, title: `${name}: ${e.title}` }))
  const fineTuned = flags['fine-tuned']
  const previous =
    fineTuned === true
      ? readDefaultModel(join(ROOT, 'resources', 'models', 'default'))
      : typeof fineTuned === 'string'
        ? (JSON.parse(readFileSync(fineTuned, 'utf8')) as DefaultModelRecord)
        : undefined
  const backend = await initBackend(null)
  assertSelfTest()
  mkdirSync(MODEL_DIR, { recursive: true })
  const out = writeGeneratorOnly(ckpt, join(MODEL_DIR, GENERATOR_FILE))
  const g = loadGenerator(join(MODEL_DIR, GENERATOR_FILE))
  const rc = rollConfigOf(g.config.model)
  const real = await realRolls(data, dataset, g, Number(str('real', '1024')), seed)
  const gen = await generateFromSeeds(
    g,
    Array.from({ length: count }, (_, i) => seed + i)
  )
  const metrics = compareToReal(
    summarizeRolls(real.rolls, real.n, rc, 0.5),
    summarizeRolls(gen.raw, count, rc, THRESHOLD)
  )
  console.log(formatComparison(metrics))
  console.log(
    `calibrated threshold (generated density = real density): ${calibrated(real.rolls, gen.raw)}`
  )
  await writeExamples(g)
  writeImages(real.rolls, gen.raw, rc, gen.shape.slice(1) as [number, number, number])
  const spe = Math.floor(out.meta.dataset.count / g.config.train.batchSize)
  const log = progressLog(str('log', join(data, 'train.log'))!, spe * g.config.train.epochs)
  writeLosses(log, spe, out.meta.step, str('compare-log'))
  const record: DefaultModelRecord = {
    name,
    config: g.config,
    step: out.meta.step,
    epoch: out.meta.epoch,
    epochsTrained: out.meta.step / spe,
    wallSeconds: Number(str('wall-seconds', '0')),
    backend: out.meta.backend ?? backend.name,
    dataset: { ...out.meta.dataset, ...sourceFiles(data, dataset) },
    ...(previous && {
      startedFrom: {
        name: previous.name,
        step: previous.startedFrom ? previous.startedFrom.step + previous.step : previous.step,
        epochsTrained: previous.epochsTrained,
        wallSeconds: previous.wallSeconds,
        dataset: previous.dataset
      }
    }),
    generator: { file: GENERATOR_FILE, sha256: out.sha256, bytes: out.bytes, dtype: 'float32' },
    threshold: THRESHOLD,
    evaluation: { count, seed, metrics, realCount: real.n },
    lossCurve: 'loss.png',
    losses: 'losses.json',
    examples: EXAMPLES,
    trainedAt: out.meta.createdAt,
    checkpoint: basename(ckpt)
  }
  writeFileSync(join(MODEL_DIR, 'model.json'), JSON.stringify(record, null, 2) + '\n')
  disposeGenerator(g)
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
