// L3 figures: the main thread's event-loop delay (monitorEventLoopDelay, 10 ms resolution) and the latency of the API
// calls the UI makes, while a training run (worker) and a 1,000-file import (workers) run through the real handlers.
// Usage: npm run bench:shell [copies of the 263-file corpus, default 4]. Prints one JSON line of figures.
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { createServices } from '../../src/main/app/services'
import type { Channel } from '../../src/shared/api/channels'

const DATA = resolve(__dirname, '../..', '../shared/data/midi')
const ctx = { transport: 'direct' as const }

function copyCorpus(dest: string, copies: number): number {
  let n = 0
  for (let c = 0; c < copies; c++)
    for (const set of ['freedoom', 'pop909']) {
      const dir = join(dest, `${set}-${c}`)
      mkdirSync(dir, { recursive: true })
      for (const f of readdirSync(join(DATA, set)).filter((x) => x.endsWith('.mid'))) {
        copyFileSync(join(DATA, set, f), join(dir, f))
        n++
      }
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
  for (const f of ['d_e1m1.mid', 'd_e1m2.mid', 'd_e1m4.mid'])
    copyFileSync(join(DATA, 'freedoom', f), join(tiny, f))
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
  const files = copyCorpus(join(root, 'corpus'), Number(process.argv[2] ?? 4))

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

void main().then(() => process.exit(0))
