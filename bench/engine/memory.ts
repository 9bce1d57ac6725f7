// Memory of the engine, each figure in a process of its own (peak RSS is per process): a 'paper' training step at
// batch 16 (critic + generator steps), generation from the default model, and the tensor count over many steps.
// Usage: tsx bench/engine/memory.ts [train|generate|steps] [--steps N] [--preset P] [--count N]   (no mode: all three)
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { initBackend } from '../../src/main/ml/backend'
import { presetConfig, type PresetName } from '../../src/main/ml/config'
import { syntheticSource } from '../../src/main/ml/data'
import { Trainer } from '../../src/main/ml/trainer'
import { generateFromSeeds, loadGenerator } from '../../src/main/ml/generate'
import { tf } from '../../src/main/ml/tf'

const argv = process.argv.slice(2)
const opt = (n: string) => (argv.includes(`--${n}`) ? argv[argv.indexOf(`--${n}`) + 1] : undefined)
const ROOT = resolve(__dirname, '../..')
const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(0)
const peakRss = () => process.resourceUsage().maxRSS * 1024
const heap = () => {
  const b = tf.backend() as unknown as { wasm?: { HEAPU8?: Uint8Array } }
  return b.wasm?.HEAPU8?.byteLength ?? 0
}

async function trainer(preset: PresetName, batch?: number) {
  const config = presetConfig(preset, { epochs: 10_000, checkpointEvery: 0, sampleEvery: 0 })
  if (batch) config.train.batchSize = batch
  const m = config.model
  const dir = mkdtempSync(join(tmpdir(), 'b2b-bench-mem-'))
  const t = await Trainer.open({
    config,
    source: syntheticSource(64, [m.steps, m.pitches, m.tracks], 1),
    dir
  })
  return { t, config, done: () => (t.dispose(), rmSync(dir, { recursive: true, force: true })) }
}

async function mode(name: string): Promise<string> {
  const choice = await initBackend('wasm')
  const rss0 = peakRss()
  if (name === 'train') {
    const { t, config, done } = await trainer('paper', 16)
    await t.run(config.train.nCritic) // nCritic critic steps and one generator step at batch 16
    done()
    return `paper training, batch 16, ${config.train.nCritic} steps (${config.train.nCritic} critic + 1 generator update; ${choice.detail}): peak RSS ${mib(peakRss())} MiB (${mib(rss0)} MiB after start-up), wasm heap ${mib(heap())} MiB`
  }
  if (name === 'generate') {
    const file = resolve(ROOT, 'resources/models/default/generator.b2bckpt')
    const count = Number(opt('count') ?? 300)
    const g = loadGenerator(file)
    const batch = await generateFromSeeds(
      g,
      Array.from({ length: count }, (_, i) => i)
    )
    return `generation, default model, ${count} pieces (${((batch.raw.length * 4) / 2 ** 20) | 0} MiB raw output; ${choice.detail}): peak RSS ${mib(peakRss())} MiB (${mib(rss0)} MiB after start-up), wasm heap ${mib(heap())} MiB`
  }
  const preset = (opt('preset') ?? 'test') as PresetName
  const steps = Number(opt('steps') ?? 500)
  const { t, done } = await trainer(preset)
  await t.run(5)
  const counts: number[] = []
  for (let i = 0; i < steps; i += 50) {
    await t.run(50)
    counts.push(tf.memory().numTensors)
  }
  done()
  const flat = counts.every((c) => c === counts[0])
  return `'${preset}' preset, ${steps} steps after 5 warm-up steps: numTensors every 50 steps ${counts.join(' ')} (${flat ? 'flat' : 'NOT flat'}); peak RSS ${mib(peakRss())} MiB, wasm heap ${mib(heap())} MiB`
}

async function main(): Promise<void> {
  const which = argv[0] && !argv[0].startsWith('--') ? argv[0] : null
  if (which) return console.log(await mode(which))
  for (const m of ['train', 'generate', 'steps']) {
    const r = spawnSync(process.execPath, ['--require', 'tsx/cjs', __filename, m, ...argv], {
      cwd: ROOT,
      encoding: 'utf8'
    })
    console.log(
      r.status === 0 ? r.stdout.trim() : `${m} failed: ${r.stderr.split('\n').slice(-4).join(' ')}`
    )
  }
}

main().then(
  () => process.exit(0),
  (e) => (console.error(e), process.exit(1))
)
