// `import DIR... --dataset NAME`: import files in workers, report each failure, and build a dataset from the rest.
import { buildDataset, type SourcePiece } from '../data/dataset'
import { collectFiles, importFiles, type ImportResult } from '../data/import/importFiles'
import { parseArgs, type CliCommand } from './command'
import { datasetDir } from './datasetDir'

async function* pieces(
  results: AsyncIterable<ImportResult>,
  failed: ImportResult[]
): AsyncGenerator<SourcePiece> {
  for await (const r of results) {
    if (r.piece && r.sha256) yield { file: r.file, sha256: r.sha256, piece: r.piece }
    else {
      failed.push(r)
      console.error(`error: ${r.file}: ${r.error?.message} (${r.error?.code})`)
    }
  }
}

/** `bytes-to-beats import DIR|FILE... --dataset NAME [--data DIR]`. */
export const importCommand: CliCommand = {
  name: 'import',
  summary: 'import MIDI / LPD .npz files (folders are walked) into a named dataset',
  usage:
    'usage: bytes-to-beats import DIR|FILE... --dataset NAME [--data DIR]\n' +
    '  --dataset  name of the dataset to (re)build under <data>/datasets/NAME\n' +
    '  --data     the data folder (default $BYTES_TO_BEATS_DATA, else the app data folder)\n' +
    'Bad files are reported one per line on stderr and skipped; the exit code is 1 only when nothing imports.',
  async run(args) {
    const { positional, flags } = parseArgs(args)
    if (!positional.length || typeof flags.dataset !== 'string') {
      console.error(this.usage)
      return 2
    }
    const dir = datasetDir(flags.dataset, flags.data)
    const files = await collectFiles(positional)
    const tty = process.stderr.isTTY
    const onProgress = (p: { done: number; total: number; current: string }) => {
      if (tty) process.stderr.write(`\r[${p.done}/${p.total}] ${p.current.slice(-60).padEnd(60)}`)
    }
    const failed: ImportResult[] = []
    const manifest = await buildDataset(pieces(importFiles(files, { onProgress }), failed), dir, {
      name: flags.dataset
    })
    if (tty) process.stderr.write('\n')
    const imported = files.length - failed.length
    console.log(
      `dataset ${flags.dataset}: ${imported} of ${files.length} files imported, ${failed.length} failed, ${manifest.segmentCount} segments`
    )
    console.log(`written to ${dir}`)
    return imported > 0 ? 0 : 1
  }
}
