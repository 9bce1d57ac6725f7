// `train --dataset NAME --preset P`: a run of the app's library, trained by the same service and worker as the Train
// view (so it shows in Train and Compare); progress on stderr, checkpoints on stdout, Ctrl+C stops with a checkpoint.
import { join } from 'node:path'
import { z } from 'zod'
import { BackendSetting, Preset } from '../../shared/api/common'
import { TrainingConfigPatch } from '../../shared/api/domains/runs'
import { getRun, listRuns } from '../library/index'
import type { TrainEvent } from '../ml/protocol'
import type { SampleEvent } from '../ml/trainer'
import { parseArgs, type CliCommand } from './command'
import { PAPER_THRESHOLD, runThreshold } from '../../shared/music/pianoroll'
import type { RunConfig } from '../ml/config'
import { SETTINGS_FILE, SettingsStore } from '../app/settings'
import { cliDataDir, resolveDataset } from './datasetRef'
import { openLibrary, type CliLibrary } from './library'

const kebab = (k: string) => k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)

/** One flag per field of the API's training-config patch, spelled as the field in kebab case (--batch-size). */
const CONFIG_FLAGS = Object.keys(TrainingConfigPatch.shape).map((field) => ({
  field,
  flag: kebab(field)
}))

/** The config flags given, as the API's patch (validated by the same schema as the Train view's request). */
export function configPatch(
  flags: Record<string, string | true>
): z.output<typeof TrainingConfigPatch> {
  const raw: Record<string, unknown> = {}
  for (const { field, flag } of CONFIG_FLAGS) {
    const v = flags[flag]
    if (v === undefined) continue
    const isSwitch =
      TrainingConfigPatch.shape[field as keyof typeof TrainingConfigPatch.shape].unwrap().type ===
      'boolean'
    if (isSwitch) raw[field] = v === true || v === 'true' ? true : v === 'false' ? false : v
    else if (v === true) throw new Error(`--${flag} needs a value`)
    else raw[field] = /^-?\d+(\.\d+)?(e-?\d+)?$/i.test(v) ? Number(v) : v
  }
  const parsed = TrainingConfigPatch.safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new Error(`--${kebab(String(issue.path[0]))}: ${issue.message}`)
  }
  return parsed.data
}

function enumFlag<T extends string>(schema: z.ZodEnum<Record<T, T>>, name: string, v: unknown) {
  const r = schema.safeParse(v)
  if (!r.success) throw new Error(`unknown ${name} ${String(v)} (${schema.options.join(', ')})`)
  return r.data
}

function progressLine(e: Extract<TrainEvent, { type: 'progress' }>): string {
  const r = e.row
  const f = (x: number) => x.toFixed(4)
  const eta = Number.isFinite(e.etaSec) ? `${Math.round(e.etaSec)} s` : '?'
  const g = r.gLoss === null ? '' : ` G ${f(r.gLoss)}`
  return `step ${r.step}/${e.totalSteps} epoch ${r.epoch} D ${f(r.dLoss)} GP ${f(r.gp)} W ${f(r.wasserstein)}${g} ${e.stepsPerSec.toFixed(2)} steps/s ETA ${eta}`
}

/**
 * The samples' health: cells at or above the run's threshold (runThreshold: 0.5 straight-through, else the paper's
 * 0.9) per sample, the highest output, and a warning when silent.
 */
export function sampleLine(s: SampleEvent, threshold = PAPER_THRESHOLD): string {
  const size = s.raw.length / s.shape[0]
  let peak = 0
  const on = Array.from({ length: s.shape[0] }, (_, i) => {
    let n = 0
    for (let k = i * size; k < (i + 1) * size; k++) {
      if (s.raw[k] >= threshold) n++
      if (s.raw[k] > peak) peak = s.raw[k]
    }
    return n
  })
  const line = `samples at epoch ${s.epoch}: cells >= ${threshold} per sample ${on.join(' ')}, highest output ${peak.toFixed(3)}`
  return on.every((n) => n === 0) && s.epoch >= 2
    ? `${line}\nwarning: every sample is still silent at threshold ${threshold} after ${s.epoch} epochs (the generator has not learnt yet; a lower threshold shows what it has)`
    : line
}

/** Print a live run's worker events until it exits; Ctrl+C stops it (a checkpoint is written). Resolves to the code. */
async function follow(lib: CliLibrary, runId: number): Promise<number> {
  const live = lib.services.training.live.get(runId)
  if (!live) throw new Error('the run did not start')
  const run = getRun(lib.store.db, runId)
  const threshold = run ? runThreshold((run.config as RunConfig).train) : PAPER_THRESHOLD
  let code = 0
  live.handle.on('event', (e: TrainEvent) => {
    if (e.type === 'ready') {
      const skipped = e.backend.skipped.length ? ` (skipped: ${e.backend.skipped.join('; ')})` : ''
      const detail = e.backend.detail ? `, ${e.backend.detail}` : ''
      console.error(`backend ${e.backend.name}${detail}${skipped}`)
      console.error(`run ${runId}: ${e.totalSteps} steps, starting at ${e.step}`)
    } else if (e.type === 'progress') console.error(progressLine(e))
    else if (e.type === 'sample') console.error(sampleLine(e, threshold))
    else if (e.type === 'checkpoint')
      console.log(`checkpoint ${e.file} step ${e.step} sha256 ${e.sha256}`)
    else if (e.type === 'finished') console.log(`${e.reason} at step ${e.step}`)
    else if (e.type === 'stopped') console.log(`stop at step ${e.step}`)
    else if (e.type === 'error') {
      console.error(`error: ${e.message}`)
      code = 1
    }
  })
  await live.handle.done
  return code
}

/**
 * Ctrl+C (SIGINT) and SIGTERM, from the command's first moment to its end: each asks the run to stop once it exists.
 * Every signal is caught, repeats included, never left to Node's default exit, which left the run `running` (issue 11).
 * (`npx tsx` sends a second SIGINT when its child is slow to take the first, then a SIGKILL; see docs/reliability.md.)
 */
function interrupts(): { stopped: () => boolean; onStop(fn: () => void): void; dispose(): void } {
  let stopped = false
  let action: (() => void) | null = null
  const signal = () => {
    if (!stopped)
      console.error('stopping: the run ends after the current step and is recorded as stopped')
    stopped = true
    const fn = action
    action = null
    fn?.()
  }
  process.on('SIGINT', signal)
  process.on('SIGTERM', signal)
  return {
    stopped: () => stopped,
    onStop(fn) {
      if (stopped) fn()
      else action = fn
    },
    dispose() {
      process.off('SIGINT', signal)
      process.off('SIGTERM', signal)
    }
  }
}

/** `bytes-to-beats train`. */
export const trainCommand: CliCommand = {
  name: 'train',
  summary: "train the WGAN-GP on a library dataset (a run of the app's library, resumable)",
  usage:
    `usage: bytes-to-beats train --dataset NAME [--preset ${Preset.options.join('|')}] [options]\n` +
    "  --preset P   the model preset (default: the library settings' preset, as in the Train view)\n" +
    `  ${CONFIG_FLAGS.map((f) => `--${f.flag}`).join(' ')}   change the preset's training config\n` +
    `  --backend ${BackendSetting.options.join('|')}   force a backend (default: the settings' choice)\n` +
    "  --run NAME   the run's name in the library (default: <dataset>-<preset>); --resume continues it\n" +
    '  --data DIR   the data folder (default $BYTES_TO_BEATS_DATA, else the app data folder)',
  async run(args) {
    const signals = interrupts()
    try {
      return await train(args, signals)
    } finally {
      signals.dispose()
    }
  }
}

async function train(args: string[], signals: ReturnType<typeof interrupts>): Promise<number> {
  const { flags } = parseArgs(args)
  const dataDir = cliDataDir(flags.data)
  // Without --preset, the library's settings choose, as the Train view's form starts on that preset.
  const preset = flags.preset
    ? enumFlag(Preset, 'preset', flags.preset)
    : SettingsStore.read(join(dataDir, SETTINGS_FILE)).defaultPreset
  const backend = flags.backend ? enumFlag(BackendSetting, 'backend', flags.backend) : undefined
  const config = configPatch(flags)
  const dsName = typeof flags.dataset === 'string' ? flags.dataset : undefined
  if (!dsName && typeof flags.run !== 'string') {
    console.error(trainCommand.usage)
    return 2
  }
  const runName = typeof flags.run === 'string' ? flags.run : `${dsName}-${preset}`
  const dataset = flags.resume ? undefined : resolveDataset(dataDir, dsName ?? '')
  const lib = openLibrary(dataDir, 'cli train', backend ? { backend } : {})
  try {
    // Interrupted before anything was started: nothing to record.
    if (signals.stopped()) return 130
    const existing = listRuns(lib.store.db).find((r) => r.name === runName)
    let runId: number
    if (flags.resume) {
      if (Object.keys(config).length > 0)
        throw new Error(
          '--resume continues a run with its stored config; leave out the config flags'
        )
      if (!existing) throw new Error(`no run named ${JSON.stringify(runName)} to resume`)
      runId = existing.id
      await lib.services.runs.resume({ id: String(runId) })
    } else {
      if (existing)
        throw new Error(
          `a run named ${JSON.stringify(runName)} exists already (--resume continues it)`
        )
      const started = await lib.services.runs.start({
        datasetId: String(dataset!.id),
        name: runName,
        preset,
        config
      })
      runId = Number(started.runId)
    }
    signals.onStop(() => {
      Promise.resolve()
        .then(() => lib.services.runs.stop({ id: String(runId) }))
        .catch((err) => console.error(`error: could not stop the run: ${String(err)}`))
    })
    const code = await follow(lib, runId)
    return signals.stopped() && code === 0 ? 130 : code
  } finally {
    await lib.close()
  }
}
