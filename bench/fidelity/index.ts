// `npm run bench:fidelity -- --checkpoint FILE --dataset NAME|DIR [--data DIR] [--count 256] [--seed 0]
//   [--threshold T] [--family-thresholds calibrate|recommended] [--variety V] [--real N] [--out DIR]
//   [--save-rolls DIR]`: see
//   bench/fidelity/README.md.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { parseArgs } from '../../src/main/cli/command'
import { datasetFolder } from '../../src/main/cli/datasetRef'
import { initBackend } from '../../src/main/ml/backend'
import { fidelityText, runFidelity } from '../../src/main/fidelity'
import { familyThresholdsOf } from '../../src/main/firstRun/defaultModel'

/** The threshold a shipped model recommends (model.json next to its generator), else the paper's 0.9. */
function defaultThreshold(checkpoint: string): number {
  const record = join(dirname(checkpoint), 'model.json')
  if (!existsSync(record)) return 0.9
  const t = (JSON.parse(readFileSync(record, 'utf8')) as { threshold?: unknown }).threshold
  return typeof t === 'number' ? t : 0.9
}

/** A shipped model's per-family thresholds (model.json recommendedThresholds), or an error naming what is missing. */
function recommendedFamilyThresholds(checkpoint: string): number[] {
  const record = join(dirname(checkpoint), 'model.json')
  const r = existsSync(record) ? JSON.parse(readFileSync(record, 'utf8')) : null
  const ts = r && familyThresholdsOf(r)
  if (!ts) throw new Error(`--family-thresholds recommended: no recommendedThresholds in ${record}`)
  return ts
}

async function main(): Promise<void> {
  const { flags } = parseArgs(process.argv.slice(2))
  const str = (k: string) => {
    if (flags[k] === true) throw new Error(`--${k} needs a value`)
    return flags[k] as string | undefined
  }
  const num = (k: string, d: number) => (str(k) === undefined ? d : Number(str(k)))
  const checkpoint = str('checkpoint')
  const dataset = str('dataset')
  if (!checkpoint || !dataset) {
    console.error(
      'usage: npm run bench:fidelity -- --checkpoint FILE --dataset NAME|DIR [--data DIR]'
    )
    process.exit(2)
  }
  const datasetDir = existsSync(join(dataset, 'manifest.json'))
    ? resolve(dataset)
    : datasetFolder(dataset, flags.data)
  const family = str('family-thresholds')
  if (family !== undefined && family !== 'calibrate' && family !== 'recommended')
    throw new Error(`--family-thresholds ${family}: use calibrate or recommended`)
  const rollsDir = str('save-rolls')
  const backend = await initBackend(null)
  console.error(`backend ${backend.name}`)
  const r = await runFidelity({
    checkpoint: resolve(checkpoint),
    datasetDir,
    count: num('count', 256),
    seed: num('seed', 0),
    threshold: num('threshold', defaultThreshold(checkpoint)),
    variety: num('variety', 1),
    familyThresholds:
      family === 'recommended'
        ? recommendedFamilyThresholds(checkpoint)
        : family === 'calibrate'
          ? 'calibrate'
          : undefined,
    realLimit: num('real', 1024),
    rollsDir: rollsDir && resolve(rollsDir),
    onProgress: (line) => console.error(line)
  })
  const text = fidelityText(r)
  console.log(text)
  const out = resolve(
    str('out') ??
      join('bench/fidelity/results', new Date().toISOString().slice(0, 19).replace(/:/g, ''))
  )
  mkdirSync(out, { recursive: true })
  writeFileSync(join(out, 'report.txt'), text + '\n')
  const { sheet, ...figures } = r
  writeFileSync(join(out, 'figures.json'), JSON.stringify(figures, null, 1) + '\n')
  writeFileSync(join(out, 'rolls.png'), sheet)
  console.log(
    `\nwritten: ${out}/{report.txt,figures.json,rolls.png} (rolls.png: top row real, bottom row generated)`
  )
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err)
  process.exit(1)
})
