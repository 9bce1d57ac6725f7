// `evaluate --checkpoint C --dataset NAME`: the music metrics of generated pieces next to real segments, as a table.
import { parseArgs, type CliCommand } from './command'
import { initBackend, type BackendName } from '../ml/backend'
import { rollConfigOf } from '../ml/config'
import { disposeGenerator, generateFromSeeds, loadGenerator } from '../ml/generate'
import { openDatasetSource } from '../ml/datasetSource'
import { permutation } from '../ml/data'
import { computeMetrics, summarize, METRICS } from '../../shared/music/metrics'
import { PAPER_THRESHOLD, type RollConfig } from '../../shared/music/pianoroll'
import { datasetFolder } from './datasetRef'

function metricsOf(rolls: Float32Array, n: number, c: RollConfig, threshold: number) {
  const size = rolls.length / n
  const rows = Array.from({ length: n }, (_, i) =>
    computeMetrics(rolls.subarray(i * size, (i + 1) * size), c, { threshold })
  )
  const out: Record<string, ReturnType<typeof summarize>> = {}
  for (const id of Object.keys(rows[0] ?? {})) out[id] = summarize(rows.map((r) => r[id]))
  return out
}

/** `bytes-to-beats evaluate`. */
export const evaluateCommand: CliCommand = {
  name: 'evaluate',
  summary: 'metrics of generated pieces vs real segments of a dataset (table)',
  usage:
    'usage: bytes-to-beats evaluate --checkpoint FILE --dataset NAME [--count N] [--seed S] [--threshold T] [--data DIR]\n' +
    '  N generated pieces (default 64, seeds S..S+N-1) and N random real segments; mean ± sd per metric',
  async run(args) {
    const { flags } = parseArgs(args)
    if (typeof flags.checkpoint !== 'string' || typeof flags.dataset !== 'string') {
      console.error(this.usage)
      return 2
    }
    const count = flags.count === undefined ? 64 : Number(flags.count)
    const seed = flags.seed === undefined ? 0 : Number(flags.seed)
    const threshold = flags.threshold === undefined ? PAPER_THRESHOLD : Number(flags.threshold)
    await initBackend((flags.backend as BackendName | undefined) ?? null)
    const g = loadGenerator(flags.checkpoint)
    const m = g.config.model
    const rc = rollConfigOf(m)
    const gen = await generateFromSeeds(
      g,
      Array.from({ length: count }, (_, i) => seed + i)
    )
    disposeGenerator(g)
    const src = await openDatasetSource(datasetFolder(flags.dataset, flags.data), flags.dataset, [
      m.steps,
      m.pitches,
      m.tracks
    ])
    const idx = permutation(src.count, seed).slice(0, Math.min(count, src.count))
    const real = await src.batch(idx)
    await src.close()
    const a = metricsOf(real, idx.length, rc, 0.5)
    const b = metricsOf(gen.raw, count, rc, threshold)
    const fmt = (s: { mean: number; sd: number }) =>
      `${s.mean.toFixed(3)} ± ${s.sd.toFixed(3)}`.padStart(18)
    console.log(`${'metric'.padEnd(28)}${'real'.padStart(18)}${'generated'.padStart(18)}`)
    for (const info of METRICS) {
      if (!a[info.id]) continue
      console.log(`${info.id.padEnd(28)}${fmt(a[info.id])}${fmt(b[info.id])}`)
    }
    return 0
  }
}
