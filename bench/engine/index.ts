// bench:engine: the 'paper' config on the best backend here vs the PyTorch anchor, in one run; medians, ratios,
// effective GFLOP/s and a kernel profile of one critic step. Figures are noisy on a shared machine.
// Usage: npm run bench:engine [-- --reps 3 --no-torch --no-profile --backend wasm --torch-ref FILE --threads auto|N
//   --improved-steps N --no-improved --no-cpu-anchor --no-paper]
// (--torch-ref: the anchor script, default ../shared/bench/torch_ref/bench.py beside a developer checkout)
// Besides wall time, each side's CPU time per task (all threads; torch_cpu.py runs the anchor's model with passive
// OpenMP waits): on a shared machine wall time measures the load, CPU time the work.
// Threads default to 'auto' (both cores here: the anchor uses both too). 'improved' steps/min is measured twice in child
// processes: the engine as it was before issue 12 (baseline kernels, 1 thread) and as it is now (these threads).
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { loadavg } from 'node:os'
import { dirname, resolve } from 'node:path'
import { tf } from '../../src/main/ml/tf'
import { initBackend, type BackendName } from '../../src/main/ml/backend'
import { assertSelfTest } from '../../src/main/ml/selfTest'
import { criticStep, seedsFor } from '../../src/main/ml/steps'
import { peakKernelGflops, paperTasks } from './tasks'

const argv = process.argv.slice(2)
const flag = (n: string) => argv.includes(`--${n}`)
const opt = (n: string) => (argv.includes(`--${n}`) ? argv[argv.indexOf(`--${n}`) + 1] : undefined)
const REPS = Number(opt('reps') ?? 3)
const ROOT = resolve(__dirname, '../..')
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}

// MACs per sample of one forward pass, counted by the anchor (model.py count_macs).
const G_MAC = 499_064_832
const D_MAC = 435_456_000
/** Work of each task in MACs, by the usual conventions: backward = 2x forward; the GP's double backward = 2x again. */
/** The anchor's task each of ours is compared with (the anchor has no warm/cold difference: no derived weights). */
const ANCHOR_TASK: Record<string, string> = { generate_b1_warm: 'generate_b1' }
const WORK: Record<string, number> = {
  generate_b1: G_MAC,
  generate_b1_warm: G_MAC,
  generate_b16: 16 * G_MAC,
  critic_step_b4: 4 * (G_MAC + 3 * D_MAC + 3 * D_MAC + 9 * D_MAC),
  critic_step_b16: 16 * (G_MAC + 3 * D_MAC + 3 * D_MAC + 9 * D_MAC),
  generator_step_b16: 16 * 3 * (G_MAC + D_MAC)
}

/** Wall and CPU (this process, all threads) milliseconds of each task, per rep. */
function timeTasks(): { wall: Record<string, number[]>; cpu: Record<string, number[]> } {
  const { tasks, dispose } = paperTasks()
  const wall: Record<string, number[]> = {}
  const cpu: Record<string, number[]> = {}
  for (const t of tasks) t.run() // warm-up: every code path once
  for (let r = 0; r < REPS; r++)
    for (const t of tasks) {
      const t0 = performance.now()
      const c0 = process.cpuUsage()
      t.run()
      const ms = performance.now() - t0
      const c = process.cpuUsage(c0)
      ;(wall[t.name] ??= []).push(ms)
      ;(cpu[t.name] ??= []).push((c.user + c.system) / 1000)
      process.stderr.write(`  rep ${r + 1} ${t.name}: ${ms.toFixed(0)} ms\n`)
    }
  dispose()
  return { wall, cpu }
}

async function profileCriticStep(): Promise<[string, number, number][]> {
  const { gan, dispose } = paperTasks()
  const optD = new (await import('../../src/main/ml/adam')).ExactAdam(6e-4, 0.5, 0.9)
  const real = tf.zeros([16, 64, 84, 17]) as tf.Tensor4D
  const cfg = (await import('../../src/main/ml/config')).presetConfig('paper').train
  criticStep(gan, optD, real, cfg, seedsFor(1, 0))
  const p = await tf.profile(() => void criticStep(gan, optD, real, cfg, seedsFor(1, 1)))
  const by = new Map<string, [number, number]>()
  for (const k of p.kernels) {
    const e = by.get(k.name) ?? [0, 0]
    by.set(k.name, [e[0] + Number(k.kernelTimeMs), e[1] + 1])
  }
  tf.dispose([real])
  optD.dispose()
  dispose()
  return [...by]
    .map(([n, [ms, c]]) => [n, ms, c] as [string, number, number])
    .sort((a, b) => b[1] - a[1])
}

function torchAnchor(): {
  timings: Record<string, { median_ms: number }>
  env: Record<string, unknown>
} | null {
  if (flag('no-torch')) return null
  const script = resolve(opt('torch-ref') ?? resolve(ROOT, '../shared/bench/torch_ref/bench.py'))
  if (!existsSync(script)) {
    console.log(`PyTorch anchor skipped: no ${script} (pass --torch-ref FILE, or --no-torch)`)
    return null
  }
  const r = spawnSync('/usr/bin/python3', [script], {
    cwd: ROOT,
    encoding: 'utf8'
  })
  if (r.status !== 0) {
    console.log(
      `PyTorch anchor failed: ${(r.stderr || r.error?.message || '').split('\n').slice(-3).join(' ')}`
    )
    return null
  }
  return JSON.parse(r.stdout.slice(r.stdout.indexOf('{')))
}

/** CPU ms per task of the same anchor model (torch_cpu.py: process CPU time, OMP_WAIT_POLICY=PASSIVE). */
function torchCpu(): Record<string, { wall_ms: number; cpu_ms: number }> | null {
  if (flag('no-torch') || flag('no-cpu-anchor')) return null
  const script = resolve(opt('torch-ref') ?? resolve(ROOT, '../shared/bench/torch_ref/bench.py'))
  if (!existsSync(script)) return null
  const r = spawnSync(
    '/usr/bin/python3',
    [resolve(__dirname, 'torch_cpu.py'), dirname(script), String(REPS)],
    { cwd: ROOT, encoding: 'utf8' }
  )
  if (r.status !== 0) {
    console.log(
      `PyTorch CPU-time anchor failed: ${(r.stderr || '').split('\n').slice(-3).join(' ')}`
    )
    return null
  }
  return JSON.parse(r.stdout.slice(r.stdout.indexOf('{'))).timings
}

const THREADS = opt('threads') ?? 'auto'
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')

/** Steps per minute of the 'improved' preset in a child process (env selects the engine variant). */
function improvedStepsPerMin(env: Record<string, string>, threads: string): string {
  const r = spawnSync(
    process.execPath,
    [
      '--require',
      'tsx/cjs',
      resolve(__dirname, 'improved.ts'),
      '--threads',
      threads,
      '--steps',
      opt('improved-steps') ?? '10'
    ],
    { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env } }
  )
  const line = r.stdout.split('\n').find((l) => l.startsWith('{'))
  if (!line) return `failed: ${(r.stderr || '').split('\n').slice(-3).join(' ')}`
  const j = JSON.parse(line)
  return `${j.stepsPerMin.toFixed(2)} steps/min, ${j.stepsPerCpuMin.toFixed(2)} per CPU-minute (${j.steps} steps in ${(j.ms / 1000).toFixed(1)} s, ${(j.cpuMs / 1000).toFixed(1)} s CPU; ${j.detail}; kernels ${j.kernels})`
}

async function main(): Promise<void> {
  const threads = THREADS === 'auto' ? 'auto' : Number(THREADS)
  const choice = await initBackend((opt('backend') as BackendName | undefined) ?? null, { threads })
  assertSelfTest()
  console.log(
    `backend ${choice.name} (${choice.detail || 'native'}, threads ${choice.threads}); skipped: ${choice.skipped.join('; ') || 'none'}; custom kernels: ${choice.customKernels.join(', ') || 'none'}`
  )
  console.log(
    `load average at start ${(await import('node:os'))
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')} (shared machine: figures are noisy)`
  )
  if (!flag('no-improved')) {
    console.log(`load average before 'improved' runs ${load()}`)
    const before = improvedStepsPerMin(
      { BYTES_TO_BEATS_BASELINE_KERNELS: '1', BYTES_TO_BEATS_WASM_THREADS: '1' },
      '1'
    )
    console.log(`'improved' preset, before (engine as before issue 12): ${before}`)
    const one = improvedStepsPerMin({ BYTES_TO_BEATS_BASELINE_KERNELS: '0' }, '1')
    console.log(`'improved' preset, after, 1 thread (this engine's kernels): ${one}`)
    const after = improvedStepsPerMin({ BYTES_TO_BEATS_BASELINE_KERNELS: '0' }, String(THREADS))
    console.log(`'improved' preset, after, threads ${THREADS} (this engine): ${after}`)
  }
  if (flag('no-paper')) return
  const before = peakKernelGflops()
  const { wall: times, cpu: cpuTimes } = timeTasks()
  // measured before and after the tasks (load changes during a run); the better of the two counts
  const peak = peakKernelGflops().map((p, i) => ({
    ...p,
    gflops: Math.max(p.gflops, before[i].gflops)
  }))
  for (const p of peak) console.log(`peak kernel ${p.name}: ${p.gflops.toFixed(1)} GFLOP/s`)
  console.log(`load average before the PyTorch anchor ${load()}`)
  const torch = torchAnchor()
  console.log(`load average after the PyTorch anchor ${load()}`)
  const best = Math.max(...peak.map((p) => p.gflops))
  console.log(
    `\n${'task'.padEnd(20)}${'ours ms'.padStart(10)}${'torch ms'.padStart(10)}${'ratio'.padStart(8)}${'GFLOP/s'.padStart(9)}${'% peak'.padStart(8)}`
  )
  for (const [name, ts] of Object.entries(times)) {
    const ours = median(ts)
    const ref = torch?.timings[ANCHOR_TASK[name] ?? name]?.median_ms
    const gflops = (2 * WORK[name]) / (ours / 1000) / 1e9
    const cells = [
      ours.toFixed(0).padStart(10),
      (ref ? ref.toFixed(0) : '-').padStart(10),
      (ref ? (ours / ref).toFixed(2) : '-').padStart(8),
      gflops.toFixed(1).padStart(9),
      ((100 * gflops) / best).toFixed(0).padStart(8)
    ]
    console.log(`${name.padEnd(20)}${cells.join('')}`)
  }
  if (torch)
    console.log(
      `\ntorch env: ${JSON.stringify({ blas: torch.env.blas, threads: torch.env.threads, other_cpu_cores_avg: torch.env.other_cpu_cores_avg })}`
    )
  console.log(`load average before the PyTorch CPU-time anchor ${load()}`)
  const tcpu = torchCpu()
  console.log(`load average after it ${load()}`)
  if (tcpu) {
    // Work, not waiting: CPU ms of all threads of each process. Load-robust, but a ratio of work, not of wall time.
    console.log(
      `\n${'task (CPU time)'.padEnd(20)}${'ours ms'.padStart(10)}${'torch ms'.padStart(10)}${'ratio'.padStart(8)}${'torch wall'.padStart(11)}`
    )
    for (const [name, ts] of Object.entries(cpuTimes)) {
      const ours = median(ts)
      const ref = tcpu[ANCHOR_TASK[name] ?? name]
      const cells = [
        ours.toFixed(0).padStart(10),
        (ref ? ref.cpu_ms.toFixed(0) : '-').padStart(10),
        (ref ? (ours / ref.cpu_ms).toFixed(2) : '-').padStart(8),
        (ref ? ref.wall_ms.toFixed(0) : '-').padStart(11)
      ]
      console.log(`${name.padEnd(20)}${cells.join('')}`)
    }
  }
  if (!flag('no-profile')) {
    console.log('\nprofile of one critic step at batch 16 (kernel, ms, calls):')
    for (const [n, ms, c] of (await profileCriticStep()).slice(0, 12))
      console.log(`  ${n.padEnd(24)}${ms.toFixed(0).padStart(8)}${String(c).padStart(6)}`)
  }
}

main().then(
  () => process.exit(0),
  (e) => (console.error(e), process.exit(1))
)
