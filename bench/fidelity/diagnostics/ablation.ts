// Which of the classifier's feature groups give the generated pieces away: each group of the generated pieces'
// features is replaced by a training-side real segment's (other files than the held-out ones), and the two-sample
// test's accuracy is measured again; then the groups are made real one after another, largest drop first, to show
// how far fixing them together would go. A diagnostic for choosing what to train on next, not a figure to report.
//   npx tsx bench/fidelity/diagnostics/ablation.ts --checkpoint FILE --dataset DIR [--threshold 0.5] [--count 256]
import { parseArgs } from '../../../src/main/cli/command'
import { DatasetReader } from '../../../src/main/data/dataset/reader'
import { splitSegments } from '../../../src/main/data/dataset/split'
import { initBackend } from '../../../src/main/ml/backend'
import { rollConfigOf } from '../../../src/main/ml/config'
import { disposeGenerator, generateFromSeeds, loadGenerator } from '../../../src/main/ml/generate'
import { crossValidate } from '../../../src/main/fidelity/classifier'
import { FEATURE_NAMES, featureVector, pieceStats } from '../../../src/main/fidelity/features'
import { permutation } from '../../../src/shared/random'

const HISTOGRAMS = [
  'family share',
  'pitch-class share',
  'note length',
  'drum onset step',
  'onset step',
  'drum class',
  'pitch row mod 4'
]

/** Feature groups: each metric and count on its own, each histogram as one group. */
function groups(): Map<string, number[]> {
  const out = new Map<string, number[]>()
  FEATURE_NAMES.forEach((name, j) => {
    const key = HISTOGRAMS.find((h) => name.startsWith(h)) ?? name
    out.set(key, [...(out.get(key) ?? []), j])
  })
  return out
}

async function main(): Promise<void> {
  const { flags } = parseArgs(process.argv.slice(2))
  const count = Number(flags.count ?? 256)
  const threshold = Number(flags.threshold ?? 0.5)
  await initBackend(null)
  const reader = await DatasetReader.open(String(flags.dataset))
  const g = loadGenerator(String(flags.checkpoint))
  const rc = rollConfigOf(g.config.model)
  const size = g.config.model.steps * g.config.model.pitches * g.config.model.tracks
  const gen = await generateFromSeeds(
    g,
    Array.from({ length: count }, (_, i) => i)
  )
  disposeGenerator(g)
  const fake = Array.from({ length: count }, (_, i) =>
    featureVector(pieceStats(gen.raw.subarray(i * size, (i + 1) * size), rc, threshold))
  )
  const read = async (idx: number[]) => {
    const out: number[][] = []
    for (const i of idx) out.push(featureVector(pieceStats(await reader.read(i), rc, 0.5)))
    return out
  }
  const held = splitSegments(reader.manifest, 'heldout')
  const train = splitSegments(reader.manifest, 'train')
  const real = await read(
    permutation(held.length, 1)
      .slice(0, count)
      .map((k) => held[k])
  )
  const donors = await read(
    permutation(train.length, 2)
      .slice(0, count)
      .map((k) => train[k])
  )
  await reader.close()
  const n = Math.min(real.length, fake.length)
  const acc = (f: number[][]) => {
    const xs = [...real.slice(0, n), ...f.slice(0, n)]
    const ys = xs.map((_, i) => (i < n ? 0 : 1))
    const folds = crossValidate(xs, ys, 5, 0)
    return folds.reduce((a, b) => a + b, 0) / folds.length
  }
  const made = (cols: number[]) =>
    fake.map((x, i) => x.map((v, j) => (cols.includes(j) ? donors[i % donors.length][j] : v)))
  const base = acc(fake)
  console.log(`accuracy ${base.toFixed(3)} (${n} per class); each group made real:`)
  const drops = [...groups()].map(([name, cols]) => ({ name, cols, a: acc(made(cols)) }))
  drops.sort((x, y) => x.a - y.a)
  for (const d of drops)
    console.log(`  ${d.name.padEnd(28)} ${d.a.toFixed(3)} (${(d.a - base).toFixed(3)})`)
  console.log('groups made real together, largest drop first:')
  const cols: number[] = []
  for (const d of drops) {
    cols.push(...d.cols)
    console.log(`  + ${d.name.padEnd(26)} ${acc(made(cols)).toFixed(3)}`)
  }
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
