import { copyFileSync, mkdirSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { afterAll, describe, expect, it } from 'vitest'
import type { Channel } from '../../../src/shared/api/channels'
import type { Generation } from '../../../src/shared/api/types'
import { TEST_MODEL_SEGMENTS, jobEnded, tempDataDir, testServices } from '../../helpers/api'
import { FIXTURE_MIDI, fixtureMidiFiles } from '../../helpers/fixtures'

// L3 while a training run (worker), a 1,040-file import (dataset-import worker + parse pool) and generation from the
// default model (32 pieces, then an 8-step interpolation, twice, in the engine worker) run: every API call the
// UI makes meanwhile answers within 50 ms, and no main-thread block comes near the inline design's (2.4 s measured):
// the guard is 500 ms because this test shares 2 cores with the rest of the suite (192 ms seen). The L3 targets themselves (loop
// max <= 60 ms, p99 <= 30 ms) are measured by `npm run bench:shell` on a quiet machine; figures printed here too.

const { services, cleanup } = testServices({ firstRun: true })
const music = tempDataDir('b2b-l3-')
const ctx = { transport: 'ws' as const }
afterAll(async () => {
  await services.close()
  cleanup()
  music.cleanup()
})

const untilJobEnds = async (jobId: string) => (await jobEnded(services.bus, jobId)).job.state

/** The real MIDI fixtures copied into `dest` as often as it takes to reach `atLeast` files (one folder per copy). */
function copyCorpus(dest: string, atLeast: number): number {
  const real = fixtureMidiFiles()
  let n = 0
  for (let c = 0; n < atLeast; c++) {
    const dir = join(dest, `copy-${c}`)
    mkdirSync(dir, { recursive: true })
    for (const f of real) {
      copyFileSync(f, join(dir, `${basename(dirname(f))}-${basename(f)}`))
      n++
    }
  }
  return n
}

async function importFolder(
  name: string,
  dir: string,
  segments?: object
): Promise<{ jobId: string }> {
  const grant = await services.deps.grants.register('midi-folder', [dir])
  const r = await services.dispatcher.call(
    'datasets:import',
    { name, sourceId: grant.sourceId, segments },
    ctx
  )
  if (!r.ok) throw new Error(r.error.message)
  return r.value as { jobId: string }
}

describe('L3: the main thread while training, importing and generating', () => {
  it('answers every UI call within 50 ms and never blocks the main thread for long', async () => {
    const tiny = join(music.dir, 'tiny')
    mkdirSync(tiny)
    for (const f of ['d_e1m1.mid', 'd_e1m2.mid', 'd_e1m4.mid'])
      copyFileSync(join(FIXTURE_MIDI, 'freedoom', f), join(tiny, f))
    const seg = TEST_MODEL_SEGMENTS
    await untilJobEnds((await importFolder('tiny', tiny, seg)).jobId)
    const files = copyCorpus(join(music.dir, 'corpus'), 1000)
    expect(files).toBeGreaterThanOrEqual(1000)

    const delay = monitorEventLoopDelay({ resolution: 10 })
    delay.enable()
    const run = await services.dispatcher.call(
      'runs:start',
      { datasetId: '1', name: 'L3', preset: 'test', config: { epochs: 6 } },
      ctx
    )
    if (!run.ok) throw new Error(run.error.message)
    const training = untilJobEnds((run.value as { jobId: string }).jobId)
    const importing = untilJobEnds((await importFolder('corpus', join(music.dir, 'corpus'))).jobId)

    await services.ready
    const [model] = await services.handlers.generation.models({}, ctx)
    expect(model.kind).toBe('default')
    const calls: number[] = []
    const generated: number[] = []
    let busy = true
    // Two rounds, not a loop: generation is CPU work too and must not stretch the training and import it overlaps.
    const generating = (async () => {
      for (let round = 0; round < 2 && busy; round++) {
        const gen = await services.dispatcher.call(
          'generation:generate',
          { modelId: model.id, seed: generated.length, count: 32, threshold: 0.5 },
          ctx
        )
        const path = await services.dispatcher.call(
          'generation:interpolate',
          { modelId: model.id, seedA: 1, seedB: 2, steps: 8, threshold: 0.5 },
          ctx
        )
        if (!gen.ok || !path.ok) throw new Error('generation failed during L3')
        generated.push(
          (gen.value as Generation).items.length,
          (path.value as Generation).items.length
        )
      }
    })()
    const poll = (async () => {
      const channels: [Channel, object][] = [
        ['app:jobs', {}],
        ['runs:list', {}],
        ['datasets:list', {}]
      ]
      while (busy) {
        for (const [channel, args] of channels) {
          const t = performance.now()
          await services.dispatcher.call(channel, args, ctx)
          calls.push(performance.now() - t)
        }
        await new Promise((r) => setTimeout(r, 50))
      }
    })()
    const started = performance.now()
    const [trained, imported] = await Promise.all([training, importing])
    busy = false
    await Promise.all([poll, generating])
    delay.disable()
    const ms = (ns: number) => ns / 1e6
    const figures = {
      seconds: ((performance.now() - started) / 1000).toFixed(1),
      files,
      maxMs: ms(delay.max).toFixed(1),
      p99Ms: ms(delay.percentile(99)).toFixed(1),
      meanMs: ms(delay.mean).toFixed(1),
      calls: calls.length,
      piecesGenerated: generated.reduce((a, b) => a + b, 0),
      slowestCallMs: Math.max(...calls).toFixed(1)
    }
    console.log('L3 figures:', JSON.stringify(figures))
    expect([trained, imported]).toEqual(['done', 'done'])
    expect(generated.slice(0, 2)).toEqual([32, 8])
    expect(Math.max(...calls)).toBeLessThanOrEqual(50)
    expect(ms(delay.max)).toBeLessThanOrEqual(500)
  }, 300_000)
})
