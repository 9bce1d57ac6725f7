// npm run bench:smoke: every benchmark once at its smallest setting on the repository's MIDI fixtures, so a change that
// breaks a benchmark fails CI (.ci/run). Figures are not read here. Needs the build (npm test makes it).
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

const root = resolve(import.meta.dirname, '..')
const midi = 'test/fixtures/midi'
const data = mkdtempSync(join(tmpdir(), 'b2b-bench-smoke-'))
const tsx = (file, ...args) => ['tsx', file, ...args]
const RUNS = [
  ['bench:import', tsx('bench/import/run.ts', '1', '--midi', midi)],
  ['bench:library', tsx('bench/library/index.ts', '--rows', '2000', '--pieces', '50')],
  ['bench:shell', tsx('bench/shell/l3.ts', '1', '--midi', midi)],
  [
    'bench:engine',
    tsx(
      'bench/engine/index.ts',
      '--reps',
      '1',
      '--no-torch',
      '--no-profile',
      '--improved-steps',
      '1'
    )
  ],
  [
    'bench:latent',
    tsx(
      'bench/latent/index.ts',
      '--midi',
      midi,
      '--reps',
      '1',
      '--steps',
      '5',
      '--restarts',
      '1',
      '--queries',
      '2'
    )
  ],
  [
    '(fidelity dataset)',
    tsx('src/main/cli.ts', 'import', midi, '--dataset', 'smoke', '--data', data)
  ],
  [
    'bench:fidelity',
    tsx(
      'bench/fidelity/index.ts',
      '--checkpoint',
      'resources/models/default/generator.b2bckpt',
      '--dataset',
      'smoke'
    ).concat(['--data', data, '--count', '8', '--real', '16', '--out', join(data, 'fidelity')])
  ],
  ['bench:ui (frames)', ['vitest', 'run', '--config', 'bench/ui/vitest.config.mts']],
  ['bench:ui (generate)', tsx('bench/ui/generate.ts', '1')]
]

let failed = 0
for (const [name, [bin, ...args]] of RUNS) {
  const t0 = performance.now()
  const r = spawnSync(join(root, 'node_modules/.bin', bin), args, {
    cwd: root,
    encoding: 'utf8',
    timeout: 300_000,
    env: { ...process.env, BENCH_SMOKE: '1' }
  })
  const s = ((performance.now() - t0) / 1000).toFixed(1)
  if (r.status === 0) console.log(`ok   ${name} (${s} s)`)
  else {
    failed++
    console.log(
      `FAIL ${name} (${s} s, exit ${r.status ?? r.signal})\n${(r.stdout + r.stderr).slice(-3000)}`
    )
  }
}
rmSync(data, { recursive: true, force: true })
console.log(failed ? `${failed} benchmark(s) failed` : 'every benchmark ran')
process.exit(failed ? 1 : 0)
