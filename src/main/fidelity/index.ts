// The fidelity benchmark (issue 18): generated pieces against real segments of files the model did not train on.
import { isAbsolute, relative, sep } from 'node:path'
import { DatasetReader, splitSegments } from '../data/dataset'
import { FAMILIES } from '../../shared/music/families'
import { PAPER_THRESHOLD, rollSize } from '../../shared/music/pianoroll'
import { rollConfigOf } from '../ml/config'
import { disposeGenerator, generateFromSeeds, loadGenerator } from '../ml/generate'
import { binarizeByTrack, calibrateFamilyThresholds, tracksSounding } from './calibrate'
import { twoSampleTest, type TwoSampleResult } from './classifier'
import { FEATURE_NAMES, featureVector, pieceStats, type PieceStats } from './features'
import { formatFidelity, type NearestFigures } from './format'
import { nearestSimilarity, onCells, quantile } from './nearest'
import { writeRolls } from './rolls'
import { rollSheet } from './sheet'
import { summarizeFidelity, type FidelitySummary } from './summary'

export { formatFidelity } from './format'

/** What to measure. */
export interface FidelityOptions {
  /** A training checkpoint or a generator-only file (the shipped model's generator.b2bckpt). */
  checkpoint: string
  /** A built dataset folder (manifest.json + cache). */
  datasetDir: string
  /** Generated pieces (seeds seed..seed+count-1). */
  count?: number
  seed?: number
  /** Binarisation threshold of the generated rolls. */
  threshold?: number
  /**
   * One threshold per family (17, each >= threshold's role is taken over), or 'calibrate': each family raised until
   * it sounds in as many pieces as in the training side's real segments (calibrate.ts).
   */
  familyThresholds?: readonly number[] | 'calibrate'
  /** Spread of z (the truncation trick; 1 = as trained). */
  variety?: number
  /** At most this many held-out real segments (a seeded sample when there are more). */
  realLimit?: number
  folds?: number
  /**
   * A folder to write the binary rolls to (real.u8 held out, generated.u8, train.u8 the floor's training-side
   * segments; one byte per cell, [steps][pitches][tracks] per piece; rolls.json the shape and counts), for a
   * classifier on the rolls themselves (bench/fidelity/diagnostics/roll_cnn.py).
   */
  rollsDir?: string
  onProgress?: (line: string) => void
}

/** The benchmark's figures (JSON-able) and its image sheet. */
export interface FidelityResult {
  checkpoint: { file: string; step: number; trainedOn: { name: string; count: number } }
  dataset: {
    name: string
    files: number
    heldOutFiles: number
    heldOutSegments: number
    trainSegments: number
  }
  /** Set when the model trained on segments of the held-out files too (the figures then flatter it). */
  warning?: string
  options: {
    count: number
    seed: number
    threshold: number
    variety: number
    /** Per family, when the pieces were binarised per family (calibrated or given). */
    familyThresholds?: number[]
  }
  summary: FidelitySummary
  classifier: TwoSampleResult
  /** The same classifier between held-out and training-side real segments: what 'indistinguishable' reaches here. */
  realFloor: TwoSampleResult
  nearest: NearestFigures
  seconds: { generate: number; real: number; classifier: number; nearest: number; total: number }
  sheet: Buffer
}

const nearestOf = (xs: number[]) => ({
  mean: xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length),
  p95: quantile(xs, 0.95),
  p99: quantile(xs, 0.99),
  max: Math.max(...xs)
})

/** Every-kth sample of a list, at most `limit` of them, deterministic. */
function spread<T>(xs: readonly T[], limit: number): T[] {
  if (xs.length <= limit) return [...xs]
  return Array.from({ length: limit }, (_, i) => xs[Math.floor((i * xs.length) / limit)])
}

/**
 * The checkpoint's path as the report records it (results are committed): relative to the working folder when
 * inside it, else its last three parts ("runs/8/ckpt-….b2bckpt" of a data folder), never a machine's absolute path.
 */
function recordedPath(file: string): string {
  const rel = relative(process.cwd(), file)
  if (!rel.startsWith('..') && !isAbsolute(rel)) return rel
  return file.split(sep).slice(-3).join('/')
}

/** Run the benchmark. */
export async function runFidelity(o: FidelityOptions): Promise<FidelityResult> {
  const reader = await DatasetReader.open(o.datasetDir)
  try {
    return await measure(o, reader)
  } finally {
    await reader.close()
  }
}

async function measure(o: FidelityOptions, reader: DatasetReader): Promise<FidelityResult> {
  const t0 = performance.now()
  const clock = () => (performance.now() - t0) / 1000
  const log = o.onProgress ?? (() => {})
  const count = o.count ?? 256
  const seed = o.seed ?? 0
  const threshold = o.threshold ?? PAPER_THRESHOLD
  const variety = o.variety ?? 1
  const man = reader.manifest
  const held = splitSegments(man, 'heldout')
  if (held.length < 2)
    throw new Error(`${o.datasetDir}: no held-out files (too few files to split)`)
  const g = loadGenerator(o.checkpoint)
  const m = g.config.model
  const rc = rollConfigOf(m)
  const seeds = Array.from({ length: count }, (_, i) => seed + i)
  const trainedOn = { step: g.step, dataset: g.dataset ?? { name: '?', count: 0 } }
  let gen: Awaited<ReturnType<typeof generateFromSeeds>>
  try {
    if (rollSize(man.config) !== m.steps * m.pitches * m.tracks)
      throw new Error(`dataset rolls do not match the model's ${m.steps}x${m.pitches}x${m.tracks}`)
    gen = await generateFromSeeds(g, seeds, variety)
  } finally {
    disposeGenerator(g)
  }
  const tGen = clock()
  log(`generated ${count} pieces in ${tGen.toFixed(1)} s`)
  const heldSet = new Set(held)
  const train = man.segments.map((_, i) => i).filter((i) => !heldSet.has(i))
  const realIdx = spread(held, o.realLimit ?? 1024)
  const size = m.steps * m.pitches * m.tracks
  const realStats: PieceStats[] = []
  const realCells: Int32Array[] = []
  const sheetReal = new Float32Array(8 * size)
  const kept = { real: [] as ArrayLike<number>[], train: [] as ArrayLike<number>[] } // for rollsDir only
  const onSheet = new Map(spread(realIdx, 8).map((i, k) => [i, k]))
  for (const i of realIdx) {
    const roll = await reader.read(i)
    realStats.push(pieceStats(roll, rc, 0.5))
    realCells.push(onCells(roll, 0.5))
    if (o.rollsDir) kept.real.push(roll)
    if (onSheet.has(i)) sheetReal.set(roll, onSheet.get(i)! * size)
  }
  const dims = [m.steps, m.pitches, m.tracks] as const
  const sounding = new Array<number>(m.tracks).fill(0)
  const trainCells: Int32Array[] = []
  const trainFeatures: number[][] = []
  const forFloor = new Set(spread(train, Math.min(256, realIdx.length)))
  for (const i of train) {
    const roll = await reader.read(i)
    trainCells.push(onCells(roll, 0.5))
    tracksSounding(roll, dims).forEach((on, f) => (sounding[f] += on ? 1 : 0))
    if (!forFloor.has(i)) continue
    trainFeatures.push(featureVector(pieceStats(roll, rc, 0.5)))
    if (o.rollsDir) kept.train.push(roll)
  }
  const familyThresholds =
    o.familyThresholds === 'calibrate'
      ? calibrateFamilyThresholds(
          gen.raw,
          count,
          dims,
          sounding.map((k) => k / Math.max(1, train.length)),
          threshold
        )
      : o.familyThresholds && [...o.familyThresholds]
  // Per-family thresholds: the pieces binarised once, then read at 0.5 like the real segments.
  const genRolls = familyThresholds ? binarizeByTrack(gen.raw, dims, familyThresholds) : gen.raw
  const genThreshold = familyThresholds ? 0.5 : threshold
  const genPieces = seeds.map((_, i) => genRolls.subarray(i * size, (i + 1) * size))
  const genStats = genPieces.map((roll) => pieceStats(roll, rc, genThreshold))
  if (o.rollsDir)
    writeRolls(o.rollsDir, dims, {
      real: { rolls: kept.real, threshold: 0.5 },
      generated: { rolls: genPieces, threshold: genThreshold },
      train: { rolls: kept.train, threshold: 0.5 }
    })
  const tReal = clock()
  log(
    `read ${realIdx.length} held-out and ${train.length} training segments in ${(tReal - tGen).toFixed(1)} s`
  )
  const classifier = twoSampleTest(
    realStats.map(featureVector),
    genStats.map(featureVector),
    FEATURE_NAMES,
    o.folds ?? 5,
    seed
  )
  // The floor: the same test between held-out and training-side real segments (files differ, so not exactly 0.5).
  const realFloor = twoSampleTest(
    realStats.map(featureVector),
    trainFeatures,
    FEATURE_NAMES,
    o.folds ?? 5,
    seed
  )
  const tCls = clock()
  log(`classifier in ${(tCls - tReal).toFixed(1)} s`)
  const genCells = genPieces.map((roll) => onCells(roll, genThreshold))
  const nnGen = nearestSimilarity(genCells, trainCells, size)
  const nnReal = nearestSimilarity(spread(realCells, 256), trainCells, size)
  const real = nearestOf(nnReal)
  const nearest = {
    generated: nearestOf(nnGen),
    real,
    aboveRealP99: nnGen.filter((v) => v > real.p99).length
  }
  const tNn = clock()
  log(`nearest neighbours in ${(tNn - tCls).toFixed(1)} s`)
  const fullCount = man.segmentCount
  return {
    checkpoint: {
      file: recordedPath(o.checkpoint),
      step: trainedOn.step,
      trainedOn: trainedOn.dataset
    },
    dataset: {
      name: man.name,
      files: man.files.length,
      heldOutFiles: new Set(held.map((i) => man.segments[i].source)).size,
      heldOutSegments: held.length,
      trainSegments: train.length
    },
    ...(trainedOn.dataset.count >= fullCount && {
      warning: `the model trained on ${trainedOn.dataset.count} segments of "${trainedOn.dataset.name}" (this dataset has ${fullCount}): the held-out files were probably in its training data`
    }),
    options: { count, seed, threshold, variety, ...(familyThresholds && { familyThresholds }) },
    summary: summarizeFidelity(realStats, genStats),
    classifier,
    realFloor,
    nearest,
    seconds: {
      generate: tGen,
      real: tReal - tGen,
      classifier: tCls - tReal,
      nearest: tNn - tCls,
      total: tNn
    },
    sheet: rollSheet(sheetReal, genRolls, [m.steps, m.pitches, m.tracks], {
      real: 0.5,
      generated: genThreshold
    })
  }
}

/** The report text of a result. */
export function fidelityText(r: FidelityResult): string {
  const head = [
    `checkpoint ${r.checkpoint.file} (step ${r.checkpoint.step}, trained on ${r.checkpoint.trainedOn.name}: ${r.checkpoint.trainedOn.count} segments)`,
    `dataset ${r.dataset.name}: ${r.dataset.files} files; held out ${r.dataset.heldOutFiles} files / ${r.dataset.heldOutSegments} segments; training side ${r.dataset.trainSegments} segments`,
    `${r.options.count} pieces, seeds ${r.options.seed}.., threshold ${r.options.threshold}, variety ${r.options.variety}`,
    ...(r.options.familyThresholds
      ? [
          `per-family thresholds: ${r.options.familyThresholds.map((t, f) => `${FAMILIES[f].name} ${t}`).join(', ')}`
        ]
      : []),
    ...(r.warning ? [`WARNING: ${r.warning}`] : []),
    ''
  ]
  const tail = `\ntime: generate ${r.seconds.generate.toFixed(1)} s, real ${r.seconds.real.toFixed(1)} s, classifier ${r.seconds.classifier.toFixed(1)} s, nearest ${r.seconds.nearest.toFixed(1)} s, total ${r.seconds.total.toFixed(1)} s`
  return head.join('\n') + formatFidelity(r.summary, r.classifier, r.nearest, r.realFloor) + tail
}
