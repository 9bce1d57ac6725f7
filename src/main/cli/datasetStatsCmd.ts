// `dataset stats NAME`: segment count, notes per family and the real data's metrics table (polyphony first).
import { FAMILIES } from '../../shared/music/families'
import { datasetStats, type DatasetStats } from '../data/dataset'
import { parseArgs, type CliCommand } from './command'
import { datasetFolder } from './datasetRef'

const fmt = (v: number) => (Number.isFinite(v) ? v.toFixed(4) : 'n/a')

function printTable(s: DatasetStats): void {
  console.log(
    `dataset ${s.name}: ${s.files} files, ${s.segments} segments (metrics over ${s.metricSegments})`
  )
  console.log('\nmetric'.padEnd(58) + 'mean'.padStart(10) + 'sd'.padStart(10) + 'n'.padStart(8))
  for (const m of s.metrics)
    console.log(
      m.label.slice(0, 56).padEnd(57) +
        fmt(m.mean).padStart(10) +
        fmt(m.sd).padStart(10) +
        String(m.n).padStart(8)
    )
  console.log('\nnotes per family')
  for (const f of FAMILIES) console.log(`  ${f.name.padEnd(22)} ${s.notesPerFamily[f.name] ?? 0}`)
}

/** `bytes-to-beats dataset stats NAME [--data DIR] [--json] [--max-segments N]`. */
export const datasetStatsCommand: CliCommand = {
  name: 'dataset stats',
  summary: "a dataset's segment count, notes per family and the real data's metrics",
  usage:
    'usage: bytes-to-beats dataset stats NAME [--data DIR] [--json] [--max-segments N]\n' +
    '  --max-segments  compute the metrics on a seeded sample of N segments (default all)',
  async run(args) {
    const { positional, flags } = parseArgs(args)
    if (positional.length !== 1) {
      console.error(this.usage)
      return 2
    }
    const max =
      typeof flags['max-segments'] === 'string' ? Number(flags['max-segments']) : undefined
    if (max !== undefined && !(Number.isInteger(max) && max > 0))
      throw new Error('--max-segments wants a positive integer')
    const stats = await datasetStats(datasetFolder(positional[0], flags.data), { maxSegments: max })
    if (flags.json) console.log(JSON.stringify(stats, null, 2))
    else printTable(stats)
    return 0
  }
}
