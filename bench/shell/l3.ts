// L3 figures: the main thread's event-loop delay (monitorEventLoopDelay, 10 ms resolution) and the latency of the API
// calls the UI makes, while a training run (worker) and a 1,000-file import (workers) run through the real handlers.
// Usage: npm run bench:shell -- [copies of the MIDI folder, default 4] [--midi DIR (default ../shared/data/midi)].
// Prints one JSON line of figures.
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { createServices } from '../../src/main/app/services'
import type { Channel } from '../../src/shared/api/channels'
import { benchArgs, benchMidiFolder, runBench } from '../dataFolder'

const ctx = { transport: 'direct' as const }

/** Every .mid file under the MIDI folder, sorted. */
function midiFiles(): string[] {
  const dir = benchMidiFolder()
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.toLowerCase().endsWith('.mid'))
    .sort()
    .map((f) => join(dir, f))
}

function copyCorpus(dest: string, copies: number): number {
  const files = midiFiles()
  let n = 0
  for (let c = 0; c < copies; c++) {
    const dir = join(dest, `copy-${c}`)
    mkdirSync(dir, { recursive: true })
    for (const f of files) copyFileSync(f, join(dir, `${n++}-${basename(f)}`))
  }
  return n
}

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'b2b-bench-l3-'))
  const s = createServices({ dataDir: join(root, 'data'), mode: 'serve', version: 'bench' })
  const call = async (channel: Channel, args: object) => {
    const r = await s.dispatcher.call(channel, args, ctx)
    if (!r.ok) throw new Error(`${channel}: ${r.error.message}`)
    return r.value as Record<string, string>
  }
  const ended = (jobId: string) =>
    new Promise<string>((done) => {
      const off = s.bus.subscribe((e) => {
        if (
          e.type === 'job:status' &&
          e.job.id === jobId &&
          !['running', 'paused'].includes(e.job.state)
        ) {
          off()
          done(e.job.state)
        }
      })
    })
  const importDir = async (name: string, dir: string, segments?: object) => {
    const grant = await s.deps.grants.register('midi-folder', [dir])
    return call('datasets:import', { name, sourceId: grant.sourceId, segments })
  }
  const tiny = join(root, 'tiny')
  mkdirSync(tiny)
  // Three 4/4 band pieces make the tiny run's dataset (any three files where the folder lacks them).
  const all = midiFiles()
  const band = all.filter((f) => ['d_e1m1.mid', 'd_e1m2.mid', 'd_e1m4.mid'].includes(basename(f)))
  for (const f of band.length === 3 ? band : all.slice(0, 3))
    copyFileSync(f, join(tiny, basename(f)))
  const seg = {
    stepsPerBeat: 1,
    bars: 4,
    lowestPitch: 60,
    pitchCount: 12,
    minActiveSteps: 1,
    minNotesPerSegment: 1
  }
  const first = await importDir('tiny', tiny, seg)
  await ended(first.jobId)
  const files = copyCorpus(join(root, 'corpus'), Number(benchArgs.positional[0] ?? 4))

  const delay = monitorEventLoopDelay({ resolution: 10 })
  delay.enable()
  const started = performance.now()
  const run = await call('runs:start', {
    datasetId: first.datasetId,
    name: 'L3',
    preset: 'test',
    config: { epochs: 6 }
  })
  const training = ended(run.jobId)
  const importing = ended((await importDir('corpus', join(root, 'corpus'))).jobId)
  const calls: number[] = []
  let busy = true
  const poll = (async () => {
    while (busy) {
      for (const channel of ['app:jobs', 'runs:list', 'datasets:list'] as Channel[]) {
        const t = performance.now()
        await call(channel, {})
        calls.push(performance.now() - t)
      }
      await new Promise((r) => setTimeout(r, 50))
    }
  })()
  const states = await Promise.all([training, importing])
  busy = false
  await poll
  delay.disable()
  const ms = (ns: number) => Number((ns / 1e6).toFixed(1))
  console.log(
    JSON.stringify({
      states,
      files,
      seconds: Number(((performance.now() - started) / 1000).toFixed(1)),
      loopMaxMs: ms(delay.max),
      loopP99Ms: ms(delay.percentile(99)),
      loopMeanMs: ms(delay.mean),
      calls: calls.length,
      callMaxMs: Number(Math.max(...calls).toFixed(1)),
      target: 'loop max <= 60 ms, p99 <= 30 ms, calls <= 50 ms'
    })
  )
  await s.close()
  rmSync(root, { recursive: true, force: true })
}

runBench(() => main().then(() => process.exit(0)))
