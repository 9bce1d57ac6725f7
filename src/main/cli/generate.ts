// `generate --checkpoint C --count N --seed S --threshold T --out DIR`: MIDI, PNG and the raw output per piece.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs, type CliCommand } from './command'
import { PAPER_THRESHOLD } from '../../shared/music/pianoroll'
import { initBackend, type BackendName } from '../ml/backend'
import { disposeGenerator, generateFromSeeds, loadGenerator, rawToPiece } from '../ml/generate'
import { rollToPng } from '../ml/png'
import { writeMidi } from '../data/midi/write'
import { transposePiece } from '../../shared/music/transpose'

function intFlag(v: string | true | undefined, name: string, dflt: number): number {
  if (v === undefined) return dflt
  const n = Number(v)
  if (!Number.isInteger(n)) throw new Error(`--${name} must be an integer`)
  return n
}

/** `bytes-to-beats generate`. */
export const generateCommand: CliCommand = {
  name: 'generate',
  summary: 'generate pieces from a checkpoint (MIDI, piano-roll PNG and raw output)',
  usage:
    'usage: bytes-to-beats generate --checkpoint FILE [--count N] [--seed S] [--threshold T] --out DIR\n' +
    `  pieces use seeds S, S+1, ... (same checkpoint + seed = same output); threshold default ${PAPER_THRESHOLD}\n` +
    '  --tracks 0,1,5   only these LPD-17 families (default all); --backend B to force a backend\n' +
    '  --variety V   spread of the noise (default 1; below 1 = more typical, less varied: the truncation trick)\n' +
    '  --transpose K   move the pitched tracks K semitones (-11..11; drums stay): another key for the same music\n' +
    '  writes piece-<seed>.mid, piece-<seed>.png and piece-<seed>.f32 (raw sigmoid output, NHWC float32)',
  async run(args) {
    const { flags } = parseArgs(args)
    if (typeof flags.checkpoint !== 'string' || typeof flags.out !== 'string') {
      console.error(this.usage)
      return 2
    }
    const count = intFlag(flags.count, 'count', 1)
    const seed = intFlag(flags.seed, 'seed', 0)
    const threshold = flags.threshold === undefined ? PAPER_THRESHOLD : Number(flags.threshold)
    if (!(threshold > 0 && threshold < 1)) throw new Error('--threshold must be in (0, 1)')
    const variety = flags.variety === undefined ? 1 : Number(flags.variety)
    if (!(variety >= 0 && variety <= 2)) throw new Error('--variety must be in [0, 2]')
    const transpose = intFlag(flags.transpose, 'transpose', 0)
    if (Math.abs(transpose) > 11) throw new Error('--transpose must be in -11..11')
    let enabled: boolean[] | undefined
    if (typeof flags.tracks === 'string') {
      const on = new Set(flags.tracks.split(',').map(Number))
      enabled = Array.from({ length: 17 }, (_, i) => on.has(i))
    }
    await initBackend((flags.backend as BackendName | undefined) ?? null)
    const g = loadGenerator(flags.checkpoint)
    const seeds = Array.from({ length: count }, (_, i) => seed + i)
    const batch = await generateFromSeeds(g, seeds, variety)
    mkdirSync(flags.out, { recursive: true })
    const [, steps, pitches, tracks] = batch.shape
    const size = steps * pitches * tracks
    seeds.forEach((s, i) => {
      const base = join(flags.out as string, `piece-${s}`)
      const made = rawToPiece(batch, g.config.model, i, { threshold, enabled, title: `seed ${s}` })
      const piece = transpose ? transposePiece(made, transpose) : made
      writeFileSync(`${base}.mid`, writeMidi(piece))
      const raw = batch.raw.slice(i * size, (i + 1) * size)
      writeFileSync(`${base}.png`, rollToPng(raw, [steps, pitches, tracks], threshold))
      writeFileSync(`${base}.f32`, Buffer.from(raw.buffer))
      const notes = piece.tracks.reduce((n, t) => n + t.notes.length, 0)
      console.log(`${base}.mid: ${piece.tracks.length} tracks, ${notes} notes`)
    })
    disposeGenerator(g)
    return 0
  }
}
