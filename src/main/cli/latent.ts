// `inpaint` and `continue`: keep part of a MIDI piece and regenerate the rest, or grow it, by latent search on a model.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { parseArgs, type CliCommand } from './command'
import { PAPER_THRESHOLD } from '../../shared/music/pianoroll'
import { SEARCH_EFFORT, SearchRestarts, SearchSteps } from '../../shared/api/domains/generation'
import { initBackend, type BackendName } from '../ml/backend'
import { disposeGenerator, loadGenerator, type LoadedGenerator } from '../ml/generate'
import { continuePiece, inpaint, keyMove } from '../ml/inpaint'
import { loadDefaultGenerator, readDefaultModel } from '../firstRun/defaultModel'
import { readMidi } from '../data/midi/read'
import { writeMidi } from '../data/midi/write'
import type { Piece } from '../../shared/music/piece'

type Flags = Record<string, string | true>

function num(flags: Flags, name: string, dflt: number, check: (n: number) => boolean): number {
  const v = flags[name]
  if (v === undefined) return dflt
  const n = Number(v)
  if (typeof v !== 'string' || !check(n))
    throw new Error(`--${name}: ${JSON.stringify(v)} is not allowed`)
  return n
}

const int = (lo: number, hi: number) => (n: number) => Number.isInteger(n) && n >= lo && n <= hi

/** A 1-based list like "1,2" as 0-based indices (or, with `zeroBased`, as given). */
function list(flags: Flags, name: string, zeroBased: boolean, hi: number): number[] {
  const v = flags[name]
  if (typeof v !== 'string') throw new Error(`--${name} is required (a comma-separated list)`)
  const out = v.split(',').map((s) => Number(s.trim()) - (zeroBased ? 0 : 1))
  if (out.some((n) => !Number.isInteger(n) || n < 0 || n > hi))
    throw new Error(`--${name}: ${JSON.stringify(v)} has an entry out of range`)
  return out
}

/** Says which key the search writes in, when it is not the model's own. */
function sayKey(g: LoadedGenerator, piece: Piece, chosen: number): void {
  const by = keyMove(g, piece, chosen)
  const how = g.config.train.alignKey ? "the piece's key, found" : 'as asked'
  if (by)
    console.log(
      `new notes are moved ${by > 0 ? '+' : ''}${by} semitones from the model's key (${how})`
    )
}

/** The model a command runs: --checkpoint FILE, else the shipped default model (with its recommended threshold). */
async function model(flags: Flags): Promise<{ g: LoadedGenerator; threshold: number }> {
  await initBackend((flags.backend as BackendName | undefined) ?? null)
  if (typeof flags.checkpoint === 'string')
    return { g: loadGenerator(flags.checkpoint), threshold: PAPER_THRESHOLD }
  return { g: loadDefaultGenerator(), threshold: readDefaultModel().threshold }
}

function search(flags: Flags, threshold: number) {
  return {
    threshold: num(flags, 'threshold', threshold, (n) => n > 0 && n < 1),
    steps: num(flags, 'steps', SEARCH_EFFORT.steps, (n) => SearchSteps.safeParse(n).success),
    restarts: num(
      flags,
      'restarts',
      SEARCH_EFFORT.restarts,
      (n) => SearchRestarts.safeParse(n).success
    ),
    seed: num(flags, 'seed', 1, int(0, 0xffffffff)),
    transpose: num(flags, 'transpose', 0, int(-11, 11)),
    onProgress: (done: number, loss: number) =>
      void process.stderr.write(`\r${Math.round(done * 100)}%  loss ${loss.toFixed(4)}   `)
  }
}

function readPiece(file: string) {
  return readMidi(basename(file), readFileSync(file)).piece
}

const COMMON =
  '  --checkpoint FILE   a checkpoint (default: the shipped default model)\n' +
  `  --threshold T --steps N (${SEARCH_EFFORT.steps}) --restarts R (${SEARCH_EFFORT.restarts}) --seed S (1) --backend B\n` +
  "  --transpose K   the piece is K semitones from the model's key (a key-aligned model, as the default is, finds it)"

/** `bytes-to-beats inpaint`. */
export const inpaintCommand: CliCommand = {
  name: 'inpaint',
  summary: 'keep chosen bars x tracks of a MIDI piece and regenerate the rest of its 4-bar window',
  usage:
    'usage: bytes-to-beats inpaint PIECE.mid --keep-bars 1,2 --keep-tracks 0,5 --out DIR [--from-bar N] [--count K]\n' +
    '  bars count from 1 inside the window that starts at bar --from-bar (default 1); tracks are LPD-17 families 0..16\n' +
    COMMON +
    '\n  writes candidate-1.mid .. candidate-K.mid (best first) and prints how well each matches the kept notes',
  async run(args) {
    const { positional, flags } = parseArgs(args)
    if (positional.length !== 1 || typeof flags.out !== 'string') {
      console.error(this.usage)
      return 2
    }
    const keep = {
      bars: list(flags, 'keep-bars', false, 3),
      tracks: list(flags, 'keep-tracks', true, 16)
    }
    const fromBar = num(flags, 'from-bar', 1, int(1, 100_000)) - 1
    const count = num(flags, 'count', 4, int(1, 32))
    const { g, threshold } = await model(flags)
    try {
      const piece = readPiece(positional[0])
      const settings = search(flags, threshold)
      sayKey(g, piece, settings.transpose)
      const r = await inpaint(g, piece, keep, { ...settings, count, fromBar })
      process.stderr.write('\n')
      mkdirSync(flags.out, { recursive: true })
      console.log(`random z before the search: F1 ${r.f1Before.toFixed(3)} on the kept notes`)
      r.candidates.forEach((c, i) => {
        const file = join(flags.out as string, `candidate-${i + 1}.mid`)
        writeFileSync(file, writeMidi({ ...c.piece, title: `${piece.title} (inpainted ${i + 1})` }))
        const m = `precision ${c.precision.toFixed(3)}, recall ${c.recall.toFixed(3)}, F1 ${c.f1.toFixed(3)}`
        console.log(`${file}: ${m}`)
      })
      return 0
    } finally {
      disposeGenerator(g)
    }
  }
}

/** `bytes-to-beats continue`. */
export const continueCommand: CliCommand = {
  name: 'continue',
  summary: 'continue a MIDI piece by N bars from its last 1-2 bars',
  usage:
    'usage: bytes-to-beats continue PIECE.mid --out OUT.mid [--bars 4] [--context 2]\n' +
    '  the new bars follow the piece end (rounded up to a bar); the piece itself is unchanged\n' +
    COMMON,
  async run(args) {
    const { positional, flags } = parseArgs(args)
    if (positional.length !== 1 || typeof flags.out !== 'string') {
      console.error(this.usage)
      return 2
    }
    const bars = num(flags, 'bars', 4, int(1, 64))
    const context = num(flags, 'context', 2, int(1, 3))
    const { g, threshold } = await model(flags)
    try {
      const piece = readPiece(positional[0])
      const settings = search(flags, threshold)
      sayKey(g, piece, settings.transpose)
      const r = await continuePiece(g, piece, { ...settings, bars, context })
      process.stderr.write('\n')
      writeFileSync(flags.out, writeMidi(r.piece))
      for (const s of r.seams)
        console.log(
          `seam before bar ${s.bar + 1}: similarity ${s.similarity.toFixed(3)} (context F1 ${s.contextF1.toFixed(3)})`
        )
      console.log(`adjacent bars of the original: ${r.adjacentBefore.toFixed(3)} on average`)
      console.log(`${flags.out}: ${bars} bars added`)
      return 0
    } finally {
      disposeGenerator(g)
    }
  }
}
