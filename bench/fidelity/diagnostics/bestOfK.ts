// Picking pieces by the hand features: does it make them more like real music, or only fool the classifier that reads
// the same features? A logistic regression is fitted on TRAINING-side real segments against other generated pieces
// (never the held-out files); for each of 256 pieces the most real-looking of k candidates (consecutive seeds) is kept,
// and the two-sample test against the held-out files is run again. --save-rolls writes real.u8 and kK.u8 for
// roll_cnn.py --generated kK, the check that does not read the features. A diagnostic, not a sampler we ship.
//   npx tsx bench/fidelity/diagnostics/bestOfK.ts --checkpoint FILE --dataset DIR [--threshold 0.5] [--k 1,4,16]
//     [--fit 2048] [--save-rolls DIR]
import { resolve } from 'node:path'
import { parseArgs } from '../../../src/main/cli/command'
import { DatasetReader } from '../../../src/main/data/dataset/reader'
import { splitSegments } from '../../../src/main/data/dataset/split'
import { decision, fit, twoSampleTest } from '../../../src/main/fidelity/classifier'
import { FEATURE_NAMES, featureVector, pieceStats } from '../../../src/main/fidelity/features'
import { nearestSimilarity, onCells, quantile } from '../../../src/main/fidelity/nearest'
import { writeRolls } from '../../../src/main/fidelity/rolls'
import { initBackend } from '../../../src/main/ml/backend'
import { rollConfigOf } from '../../../src/main/ml/config'
import { disposeGenerator, generateFromSeeds, loadGenerator } from '../../../src/main/ml/generate'

const PIECES = 256
const FIT_SEED = 1_000_000 // the filter's generated pieces: seeds far from the candidates' 0..

async function main(): Promise<void> {
  const { flags } = parseArgs(process.argv.slice(2))
  const threshold = Number(flags.threshold ?? 0.5)
  const ks = String(flags.k ?? '1,4,16')
    .split(',')
    .map(Number)
  const fitCount = Number(flags.fit ?? 2048)
  await initBackend(null)
  const reader = await DatasetReader.open(String(flags.dataset))
  const g = loadGenerator(String(flags.checkpoint))
  const m = g.config.model
  const rc = rollConfigOf(m)
  const size = m.steps * m.pitches * m.tracks
  const generate = async (first: number, n: number) => {
    const raw = (
      await generateFromSeeds(
        g,
        Array.from({ length: n }, (_, i) => first + i)
      )
    ).raw
    return Array.from({ length: n }, (_, i) => raw.subarray(i * size, (i + 1) * size))
  }
  const features = (rolls: ArrayLike<number>[], t: number) =>
    rolls.map((r) => featureVector(pieceStats(r, rc, t)))
  const readAll = async (idx: number[]) => {
    const out: ArrayLike<number>[] = []
    for (const i of idx) out.push(await reader.read(i))
    return out
  }
  const heldRolls = await readAll(splitSegments(reader.manifest, 'heldout'))
  const trainRolls = await readAll(splitSegments(reader.manifest, 'train'))
  await reader.close()
  const trainX = features(trainRolls, 0.5)
  const fitX = features(await generate(FIT_SEED, fitCount), threshold)
  const filter = fit([...trainX, ...fitX], [...trainX.map(() => 0), ...fitX.map(() => 1)])
  const candidates = await generate(0, PIECES * Math.max(...ks))
  disposeGenerator(g)
  const candX = features(candidates, threshold)
  const score = candX.map((x) => decision(filter, x))
  const heldX = features(heldRolls, 0.5)
  const trainCells = trainRolls.map((r) => onCells(r, 0.5))
  const p99 = quantile(
    nearestSimilarity(
      heldRolls.slice(0, PIECES).map((r) => onCells(r, 0.5)),
      trainCells,
      size
    ),
    0.99
  )
  const saved: Record<string, { rolls: ArrayLike<number>[]; threshold: number }> = {
    real: { rolls: heldRolls, threshold: 0.5 }
  }
  console.log(
    `filter: ${trainX.length} training-side real segments against ${fitCount} generated pieces`
  )
  for (const k of ks) {
    const picked = Array.from({ length: PIECES }, (_, p) => {
      let best = p * k
      for (let j = p * k + 1; j < (p + 1) * k; j++) if (score[j] < score[best]) best = j
      return best
    })
    const t = twoSampleTest(
      heldX,
      picked.map((i) => candX[i]),
      FEATURE_NAMES,
      5,
      0
    )
    const nn = nearestSimilarity(
      picked.map((i) => onCells(candidates[i], threshold)),
      trainCells,
      size
    )
    const gaps = t.gaps
      .slice(0, 4)
      .map((x) => `${x.name} ${x.gap.toFixed(2)}`)
      .join(', ')
    console.log(
      `best of ${k}: classifier ${t.accuracy.toFixed(3)} ± ${t.sd.toFixed(3)}; nearest max ${Math.max(...nn).toFixed(3)}, ${nn.filter((v) => v > p99).length} above the real p99 ${p99.toFixed(3)}; largest gaps ${gaps}`
    )
    saved[`k${k}`] = { rolls: picked.map((i) => candidates[i]), threshold }
  }
  if (typeof flags['save-rolls'] === 'string')
    writeRolls(resolve(flags['save-rolls']), [m.steps, m.pitches, m.tracks], saved)
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
