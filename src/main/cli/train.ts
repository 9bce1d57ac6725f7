// `train --dataset NAME --preset paper|improved|small`: a training run in this process, progress on stderr.
import { join } from 'node:path'
import { parseArgs, type CliCommand } from './command'
import { dataPaths, resolveDataDir } from '../app/paths'
import { initBackend, BACKENDS, type BackendName } from '../ml/backend'
import { assertSelfTest } from '../ml/selfTest'
import { presetConfig, type LossKind, type PresetName, type TrainConfig } from '../ml/config'
import { syntheticSource, type BatchSource } from '../ml/data'
import { openDatasetSource } from '../ml/datasetSource'
import { cliDataDir, datasetFolder } from './datasetRef'
import { acquireDataLock } from '../library/index'
import { Trainer, type MetricsRow, type SampleEvent } from '../ml/trainer'

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/
const PRESETS: PresetName[] = ['paper', 'improved', 'small', 'test']

/** Validate a dataset or run name (plain folder names only) and resolve it under the data folder. */
export function namedDir(kind: 'datasets' | 'runs', name: string, data: string | true | undefined) {
  if (!NAME.test(name)) throw new Error(`invalid ${kind.slice(0, -1)} name ${JSON.stringify(name)}`)
  return join(dataPaths(resolveDataDir(typeof data === 'string' ? data : undefined))[kind], name)
}

function overrides(flags: Record<string, string | true>): Partial<TrainConfig> {
  const o: Partial<TrainConfig> = {}
  const num = (k: string) => (typeof flags[k] === 'string' ? Number(flags[k]) : undefined)
  const map: [string, keyof TrainConfig][] = [
    ['epochs', 'epochs'],
    ['batch', 'batchSize'],
    ['seed', 'seed'],
    ['n-critic', 'nCritic'],
    ['sample-every', 'sampleEvery'],
    ['checkpoint-every', 'checkpointEvery'],
    ['transpose', 'transpose']
  ]
  for (const [flag, key] of map) {
    const v = num(flag)
    if (v !== undefined) {
      if (!Number.isInteger(v) || v < 0) throw new Error(`--${flag} must be a non-negative integer`)
      ;(o as Record<string, number>)[key] = v
    }
  }
  for (const [flag, key] of [
    ['lr-g', 'lrG'],
    ['lr-d', 'lrD']
  ] as const) {
    const v = num(flag)
    if (v !== undefined && !(v > 0 && v <= 1)) throw new Error(`--${flag} must be in (0, 1]`)
    if (v !== undefined) o[key] = v
  }
  if (flags.loss === 'gan' || flags.loss === 'wgan-gp') o.loss = flags.loss as LossKind
  return o
}

function progressLine(r: MetricsRow, total: number, rate: number): string {
  const f = (x: number) => x.toFixed(4)
  const eta = rate > 0 ? `${Math.round((total - r.step) / rate)} s` : '?'
  const g = r.gLoss === null ? '' : ` G ${f(r.gLoss)}`
  return `step ${r.step}/${total} epoch ${r.epoch} D ${f(r.dLoss)} GP ${f(r.gp)} W ${f(r.wasserstein)}${g} ${rate.toFixed(2)} steps/s ETA ${eta}`
}

/** The samples' health: cells at or above the paper's 0.9 per sample, the highest output, and a warning when silent. */
export function sampleLine(s: SampleEvent): string {
  const size = s.raw.length / s.shape[0]
  let peak = 0
  const on = Array.from({ length: s.shape[0] }, (_, i) => {
    let n = 0
    for (let k = i * size; k < (i + 1) * size; k++) {
      if (s.raw[k] >= 0.9) n++
      if (s.raw[k] > peak) peak = s.raw[k]
    }
    return n
  })
  const line = `samples at epoch ${s.epoch}: cells >= 0.9 per sample ${on.join(' ')}, highest output ${peak.toFixed(3)}`
  return on.every((n) => n === 0) && s.epoch >= 2
    ? `${line}\nwarning: every sample is still silent at threshold 0.9 after ${s.epoch} epochs (the generator has not learnt yet; a lower threshold shows what it has)`
    : line
}

/** `bytes-to-beats train`. */
export const trainCommand: CliCommand = {
  name: 'train',
  summary: 'train the WGAN-GP on a dataset (checkpoints under <data>/runs/RUN, resumable)',
  usage:
    'usage: bytes-to-beats train --dataset NAME|--synthetic N --preset paper|improved|small [options]\n' +
    '  --epochs N --batch N --seed N --n-critic N --loss wgan-gp|gan --sample-every N --checkpoint-every N\n' +
    '  --lr-g X --lr-d X   learning rates; --transpose N   shift real segments by a random -N..N semitones\n' +
    '  --backend tensorflow-gpu|tensorflow|wasm|cpu   force a backend (default: the best available)\n' +
    '  --run NAME   run folder under <data>/runs (default: <dataset>-<preset>); --resume continues it\n' +
    '  --data DIR   the data folder (default $BYTES_TO_BEATS_DATA, else the app data folder)',
  async run(args) {
    const { flags } = parseArgs(args)
    const preset = (flags.preset ?? 'paper') as PresetName
    if (!PRESETS.includes(preset)) throw new Error(`unknown preset ${preset}`)
    const backendFlag = flags.backend as BackendName | undefined
    if (backendFlag && !BACKENDS.includes(backendFlag))
      throw new Error(`unknown backend ${backendFlag}`)
    const config = presetConfig(preset, overrides(flags))
    const m = config.model
    const shape: [number, number, number] = [m.steps, m.pitches, m.tracks]
    let source: BatchSource
    let dsName: string
    if (typeof flags.synthetic === 'string') {
      dsName = `synthetic${flags.synthetic}`
      source = syntheticSource(Number(flags.synthetic), shape, config.train.seed)
    } else if (typeof flags.dataset === 'string') {
      dsName = flags.dataset
      source = await openDatasetSource(datasetFolder(dsName, flags.data), dsName, shape)
    } else {
      console.error(this.usage)
      return 2
    }
    const runName = typeof flags.run === 'string' ? flags.run : `${dsName}-${preset}`
    const dir = namedDir('runs', runName, flags.data)
    // The run folder is in the data folder: hold its lock while training, as the app and serve do (a crash
    // leaves a lock whose process is gone, which the next taker detects).
    const release = acquireDataLock(cliDataDir(flags.data), 'cli train')
    const backend = await initBackend(backendFlag ?? null)
    assertSelfTest()
    console.error(
      `backend ${backend.name}${backend.skipped.length ? ` (skipped: ${backend.skipped.join('; ')})` : ''}`
    )
    const t0 = performance.now()
    let first = 0
    const trainer: Trainer = await Trainer.open({
      config,
      source,
      dir,
      resume: Boolean(flags.resume),
      hooks: {
        onMetrics: (r) => {
          const rate = (r.step - first) / ((performance.now() - t0) / 1000)
          console.error(progressLine(r, trainer.totalSteps, rate))
        },
        onSample: (s) => console.error(sampleLine(s)),
        onCheckpoint: (c) => console.log(`checkpoint ${c.file} step ${c.step} sha256 ${c.sha256}`)
      }
    })
    first = trainer.step
    console.error(`run ${dir}: ${trainer.totalSteps} steps, starting at ${trainer.step}`)
    process.once('SIGINT', () => trainer.requestStop('stop'))
    const reason = await trainer.run()
    console.log(`${reason} at step ${trainer.step}`)
    trainer.dispose()
    release()
    return 0
  }
}
