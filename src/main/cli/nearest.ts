// `nearest PIECE.mid --dataset NAME`: the closest training bars of every bar of a piece, and the copying flag.
import { readFileSync } from 'node:fs'
import { basename } from 'node:path'
import { parseArgs, type CliCommand } from './command'
import { datasetFolder } from './datasetRef'
import { loadBarIndex, realBaseline } from '../data/dataset/nearest'
import { nearestForPiece } from '../data/dataset/nearestPiece'
import { readMidi } from '../data/midi/read'

/** `bytes-to-beats nearest`. */
export const nearestCommand: CliCommand = {
  name: 'nearest',
  summary: 'the training bars closest to each bar of a piece, flagging possible copying',
  usage:
    'usage: bytes-to-beats nearest PIECE.mid --dataset NAME [--data DIR] [--k 3] [--json]\n' +
    '  similarity: cosine of the bars as binary rolls (all 17 tracks); a bar closer than the p99 of\n' +
    '  real bars to bars of other files is flagged as possible copying',
  async run(args) {
    const { positional, flags } = parseArgs(args)
    if (positional.length !== 1 || typeof flags.dataset !== 'string') {
      console.error(this.usage)
      return 2
    }
    const k = flags.k === undefined ? 3 : Number(flags.k)
    if (!Number.isInteger(k) || k < 1 || k > 20) throw new Error('--k must be 1..20')
    const index = loadBarIndex(datasetFolder(flags.dataset, flags.data))
    const baseline = realBaseline(index)
    const piece = readMidi(basename(positional[0]), readFileSync(positional[0])).piece
    const t0 = performance.now()
    const report = nearestForPiece(index, baseline, piece, k)
    const ms = performance.now() - t0
    if (flags.json) {
      console.log(JSON.stringify({ ...report, ms }, null, 2))
      return 0
    }
    console.log(
      `${report.segments} segments; real-vs-real nearest similarity p95 ${baseline.p95.toFixed(3)}, ` +
        `p99 ${baseline.p99.toFixed(3)}; flagged above ${baseline.flagAbove.toFixed(3)}; searched in ${ms.toFixed(0)} ms`
    )
    for (const b of report.bars) {
      const top = b.matches[0]
      const where = top
        ? `${top.similarity.toFixed(3)}  ${top.file} bar ${top.fileBar + 1}`
        : '(empty bar)'
      console.log(
        `bar ${String(b.bar + 1).padStart(3)}: ${where}${b.copying ? '  POSSIBLE COPY' : ''}`
      )
    }
    if (report.flagged.length)
      console.log(`${report.flagged.length} bar(s) closer than real music gets to other real music`)
    return 0
  }
}
