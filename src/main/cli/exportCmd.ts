// `export`: a piece JSON file or one dataset segment -> a Standard MIDI File.
import { readFile, writeFile } from 'node:fs/promises'
import { DatasetReader } from '../data/dataset'
import { writeMidi } from '../data/midi/write'
import { rollToPiece } from '../../shared/music/rollToPiece'
import type { Piece } from '../../shared/music/piece'
import { validatePiece } from '../data/import/validate'
import { parseArgs, type CliCommand } from './command'
import { datasetFolder } from './datasetRef'

async function segmentPiece(
  name: string,
  index: number,
  data: string | true | undefined
): Promise<Piece> {
  const reader = await DatasetReader.open(datasetFolder(name, data))
  try {
    const roll = await reader.read(index)
    const src = reader.source(index)
    const title = `${name} #${index} (${src.file.replace(/^.*[\\/]/, '')} bar ${src.bar})`
    return rollToPiece(roll, reader.manifest.config, { title })
  } finally {
    await reader.close()
  }
}

async function jsonPiece(file: string): Promise<Piece> {
  const piece = JSON.parse(await readFile(file, 'utf8')) as Piece
  if (!piece || !Array.isArray(piece.tracks))
    throw new Error(`${file} is not a piece JSON (no tracks)`)
  piece.ppq ??= 480
  piece.tempos ??= []
  piece.timeSignatures ??= []
  piece.title ??= file
  validatePiece(file, piece)
  return piece
}

/** `bytes-to-beats export (PIECE.json | --dataset NAME --segment K) --out FILE.mid [--merge-families]`. */
export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'write a piece JSON or a dataset segment as a Standard MIDI File',
  usage:
    'usage: bytes-to-beats export PIECE.json --out FILE.mid [--merge-families]\n' +
    '       bytes-to-beats export --dataset NAME --segment K --out FILE.mid [--data DIR]\n' +
    '  --merge-families  one track per family with its GM program (default: one track per piece track)',
  async run(args) {
    const { positional, flags } = parseArgs(args)
    const out = flags.out
    const fromDataset = typeof flags.dataset === 'string'
    if (
      typeof out !== 'string' ||
      (fromDataset ? positional.length !== 0 : positional.length !== 1)
    ) {
      console.error(this.usage)
      return 2
    }
    const segment = Number(flags.segment)
    if (fromDataset && !Number.isInteger(segment))
      throw new Error('--segment wants a segment number')
    const piece = fromDataset
      ? await segmentPiece(flags.dataset as string, segment, flags.data)
      : await jsonPiece(positional[0])
    const bytes = writeMidi(piece, { mergeFamilies: flags['merge-families'] === true })
    await writeFile(out, bytes)
    const notes = piece.tracks.reduce((s, t) => s + t.notes.length, 0)
    console.log(
      `wrote ${out}: ${piece.tracks.length} tracks, ${notes} notes, ${bytes.length} bytes`
    )
    return 0
  }
}
