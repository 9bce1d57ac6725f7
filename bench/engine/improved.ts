// Training speed of the 'improved' preset (the default model's) in steps per minute, in a process of its own so the
// parent bench can run it with the engine as it was (baseline kernels, 1 thread) and as it is, in one run.
// Usage: tsx bench/engine/improved.ts [--steps N] [--threads N|auto]   (prints one JSON line)
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { initBackend } from '../../src/main/ml/backend'
import { presetConfig } from '../../src/main/ml/config'
import { syntheticSource } from '../../src/main/ml/data'
import { Trainer } from '../../src/main/ml/trainer'

const argv = process.argv.slice(2)
const opt = (n: string) => (argv.includes(`--${n}`) ? argv[argv.indexOf(`--${n}`) + 1] : undefined)

async function main(): Promise<void> {
  const threadsArg = opt('threads')
  const threads =
    threadsArg === undefined ? undefined : threadsArg === 'auto' ? 'auto' : Number(threadsArg)
  const choice = await initBackend('wasm', { threads })
  const steps = Number(opt('steps') ?? 10)
  const config = presetConfig('improved', { epochs: 1000, checkpointEvery: 0, sampleEvery: 0 })
  const m = config.model
  const dir = mkdtempSync(join(tmpdir(), 'b2b-bench-improved-'))
  const t = await Trainer.open({
    config,
    source: syntheticSource(256, [m.steps, m.pitches, m.tracks], 1),
    dir
  })
  await t.run(config.train.nCritic) // warm-up: both step kinds once
  const t0 = performance.now()
  const c0 = process.cpuUsage()
  await t.run(steps)
  const ms = performance.now() - t0
  const c = process.cpuUsage(c0)
  const cpuMs = (c.user + c.system) / 1000
  t.dispose()
  rmSync(dir, { recursive: true, force: true })
  const kernels = choice.customKernels.join(',')
  console.log(
    JSON.stringify({
      stepsPerMin: (60_000 * steps) / ms,
      // per minute of this process's CPU time (all its threads): the work, whatever the machine's load
      stepsPerCpuMin: (60_000 * steps) / cpuMs,
      steps,
      ms,
      cpuMs,
      detail: choice.detail,
      kernels
    })
  )
}

main().then(
  () => process.exit(0),
  (e) => (console.error(e), process.exit(1))
)
