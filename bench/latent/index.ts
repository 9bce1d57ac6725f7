// bench:latent: inpainting 4 bars on the shipped default model (median of N calls, full-size search) and nearest
// training music over a dataset built from a MIDI folder (query time per piece, index load, real-vs-real baseline).
// Usage: npm run bench:latent -- [--midi DIR (default ../shared/data/midi)] [--reps 5] [--steps N] [--restarts R] (default: the app's SEARCH_EFFORT) [--queries 20]
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from '../../src/main/cli/command'
import { buildDataset, type SourcePiece } from '../../src/main/data/dataset'
import { loadBarIndex, realBaseline } from '../../src/main/data/dataset/nearest'
import { nearestForPiece } from '../../src/main/data/dataset/nearestPiece'
import { readMidi } from '../../src/main/data/midi/read'
import { loadDefaultGenerator, readDefaultModel } from '../../src/main/firstRun/defaultModel'
import { initBackend } from '../../src/main/ml/backend'
import { generateFromSeeds, rawToPiece } from '../../src/main/ml/generate'
import { inpaint } from '../../src/main/ml/inpaint'
import { benchMidiFolder } from '../dataFolder'
import { SEARCH_EFFORT } from '../../src/shared/api/domains/generation'

const { flags } = parseArgs(process.argv.slice(2))
const MIDI = benchMidiFolder()
const REPS = Number(flags.reps ?? 5)
// The app's search effort unless told (the API's SEARCH_EFFORT).
const STEPS = Number(flags.steps ?? SEARCH_EFFORT.steps)
const RESTARTS = Number(flags.restarts ?? SEARCH_EFFORT.restarts)
const QUERIES = Number(flags.queries ?? 20)

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]

function midiFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.toLowerCase().endsWith('.mid'))
    .sort()
    .map((f) => join(dir, f))
}

async function main(): Promise<void> {
  console.log(
    `bench:latent  ${new Date().toISOString()}  load average ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`
  )
  console.log(`MIDI folder: ${MIDI}`)
  const files = midiFiles(MIDI)
  if (files.length === 0) throw new Error(`no .mid files under ${MIDI}`)
  await initBackend('wasm')
  const g = loadDefaultGenerator()
  const threshold = readDefaultModel().threshold

  // Inpainting: keep bars 1-2 of drums and bass of a real 4-bar window, regenerate the rest.
  const piece = readMidi(
    'bench.mid',
    readFileSync(files.find((f) => f.endsWith('d_e1m1.mid')) ?? files[0])
  ).piece
  const times: number[] = []
  const f1: number[] = []
  let before = 0
  for (let r = 0; r < REPS; r++) {
    const t0 = performance.now()
    const res = await inpaint(
      g,
      piece,
      { bars: [0, 1], tracks: [0, 5] },
      { threshold, steps: STEPS, restarts: RESTARTS, seed: r + 1, fromBar: 8 }
    )
    times.push(performance.now() - t0)
    f1.push(res.candidates[0].f1)
    before = res.f1Before
  }
  console.log(
    `inpaint 4 bars (${STEPS} steps x ${RESTARTS} restarts, default model): median ${(median(times) / 1000).toFixed(2)} s ` +
      `(min ${(Math.min(...times) / 1000).toFixed(2)}, max ${(Math.max(...times) / 1000).toFixed(2)}) over ${REPS}; ` +
      `kept-notes F1 random z ${before.toFixed(3)} -> best ${median(f1).toFixed(3)} (median)`
  )

  // Nearest: a dataset of the whole folder, then the generated pieces' bars against it.
  const dir = mkdtempSync(join(tmpdir(), 'b2b-bench-latent-'))
  try {
    async function* sources(): AsyncGenerator<SourcePiece> {
      for (const f of files) {
        const bytes = readFileSync(f)
        yield {
          file: f.slice(MIDI.length + 1),
          sha256: createHash('sha256').update(bytes).digest('hex'),
          piece: readMidi(f, bytes).piece
        }
      }
    }
    const manifest = await buildDataset(sources(), dir, { name: 'bench' })
    let t0 = performance.now()
    const index = loadBarIndex(dir)
    const loadMs = performance.now() - t0
    t0 = performance.now()
    const baseline = realBaseline(index)
    const baseMs = performance.now() - t0
    const batch = await generateFromSeeds(
      g,
      Array.from({ length: QUERIES }, (_, i) => 1000 + i)
    )
    const q: number[] = []
    let flagged = 0
    for (let i = 0; i < QUERIES; i++) {
      const p = rawToPiece(batch, g.gan.model, i, { threshold })
      t0 = performance.now()
      const rep = nearestForPiece(index, baseline, p, 3)
      q.push(performance.now() - t0)
      flagged += rep.flagged.length
    }
    console.log(
      `nearest over ${manifest.segmentCount} segments (${files.length} files): query median ${median(q).toFixed(1)} ms, ` +
        `p95 ${pct(q, 0.95).toFixed(1)} ms per 4-bar piece; index load ${loadMs.toFixed(0)} ms, ` +
        `real-vs-real baseline (${baseline.samples} bars) ${baseMs.toFixed(0)} ms: p95 ${baseline.p95.toFixed(3)}, p99 ${baseline.p99.toFixed(3)}; ` +
        `${flagged} of ${QUERIES * 4} generated bars flagged`
    )
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err)
    process.exit(1)
  }
)
