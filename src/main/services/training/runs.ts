import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ApiError } from '../../../shared/api/errors'
import { TrainingConfigPatch } from '../../../shared/api/domains/runs'
import { rollSteps, runThreshold } from '../../../shared/music/pianoroll'
import { MANIFEST_NAME, type Manifest } from '../../data/dataset/manifest'
import {
  createRun,
  getDataset,
  getRun,
  getRunRow,
  listCheckpoints,
  listRuns,
  listSamples,
  metricsTable,
  noValidCheckpointMessage,
  renameRun,
  setRunStatus,
  type LibraryStore
} from '../../library/index'
import { idleSwitch, presetInfos, runConfigFor, type RunConfig } from '../../ml/config'
import type { RunsPort } from '../ports'
import { markMethods } from '../marks'
import { isoTime, rowId } from '../ids'
import { curveSeries, runDetail, runSummary, seriesFor } from './runRecords'
import type { TrainingRuns } from './trainingRuns'
import type { MetricsTable } from '../../../shared/api/types'
import { shippedRuns } from '../../firstRun/firstRun'
import { findResourcesDir } from '../../firstRun/defaultModel'
import { shippedModelRows } from '../../firstRun/shippedMetrics'

/**
 * The run keeps its dataset's roll layout (model.roll, with the model's lowest pitch from it): generation decodes
 * with it. A dataset whose rolls are not the preset's shape is refused here, in words, before a worker starts.
 */
function withDatasetRoll(runConfig: RunConfig, datasetDir: string): void {
  const manifest = JSON.parse(readFileSync(join(datasetDir, MANIFEST_NAME), 'utf8')) as Manifest
  const roll = manifest.config
  const m = runConfig.model
  if (rollSteps(roll) !== m.steps || roll.pitchCount !== m.pitches)
    throw new ApiError(
      'conflict',
      `that dataset's segments are ${rollSteps(roll)} steps x ${roll.pitchCount} pitches; the ${runConfig.preset} ` +
        `preset needs ${m.steps} x ${m.pitches} (import it again with matching segment settings)`,
      'datasetId'
    )
  m.roll = { ...roll }
  m.lowestPitch = roll.lowestPitch
}

/** The runs domain over the library and the training workers. */
export function libraryRuns(
  store: LibraryStore,
  training: TrainingRuns,
  resourcesDir: string | null = findResourcesDir()
): RunsPort {
  const db = store.db
  const row = (id: string) => {
    const n = rowId(id, 'run')
    const r = getRunRow(db, n)
    if (!r) throw new ApiError('not_found', 'that run is not in the library any more', 'id')
    return shown(r)
  }
  // "running" or "paused" with no worker here: its failure could not be recorded (a full disk): show it failed.
  const shown = <R extends { id: number; status: string }>(r: R): R =>
    (r.status === 'running' || r.status === 'paused') && !training.live.has(r.id)
      ? { ...r, status: 'failed' }
      : r
  const liveOf = (id: string) => training.live.get(rowId(id, 'run'))
  return {
    list: () => listRuns(db).map(shown).map(runSummary),
    presets: () => presetInfos(),
    get: ({ id }) => runDetail(row(id), getRun(db, rowId(id, 'run'))!),
    start: ({ datasetId, name, preset, config }) => {
      const ds = getDataset(db, rowId(datasetId, 'dataset', 'datasetId'))
      if (!ds)
        throw new ApiError('not_found', 'that dataset is not in the library any more', 'datasetId')
      if (ds.status !== 'ready')
        throw new ApiError('conflict', 'that dataset has not finished importing')
      // Parsed again here: callers inside main (CLI, tests) reach the service without the dispatcher's check.
      const runConfig = runConfigFor(preset, TrainingConfigPatch.parse(config ?? {}))
      const idle = idleSwitch(runConfig.train)
      if (idle) throw new ApiError('invalid_args', idle.message, `config.${idle.field}`)
      withDatasetRoll(runConfig, store.files.datasetDir(ds.id))
      const runId = createRun(db, { name, preset, config: runConfig, datasetId: ds.id })
      return { runId: String(runId), jobId: training.launch(runId, false) }
    },
    pause: ({ id }) => {
      const live = liveOf(id)
      if (!live) throw new ApiError('conflict', 'that run is not training now')
      live.handle.pause()
      return runSummary(row(id))
    },
    resume: async ({ id }) => {
      const live = liveOf(id)
      if (live) live.handle.resume()
      else {
        const runId = row(id).id
        const check = await store.resumeCheck(runId)
        // Issue 11.3: never silently start over; restart is its own confirmed action.
        if (!check.checkpoint && check.hasHistory)
          throw new ApiError('conflict', noValidCheckpointMessage(check.failed), 'id')
        await training.exited(runId)
        if (!liveOf(id)) training.launch(runId, true)
      }
      return runSummary(row(id))
    },
    restart: async ({ id }) => {
      if (liveOf(id)) throw new ApiError('conflict', 'stop the run before restarting it')
      await training.exited(row(id).id)
      if (liveOf(id)) throw new ApiError('conflict', 'stop the run before restarting it')
      training.launch(row(id).id, false, true)
      return runSummary(row(id))
    },
    stop: ({ id }) => {
      const live = liveOf(id)
      const r = row(id)
      // Only a run that could still train becomes "stopped": a completed or failed run keeps its status (issue 11 item 9).
      if (live) live.handle.stop()
      else if (['created', 'running', 'paused'].includes(r.status))
        setRunStatus(db, r.id, 'stopped')
      return runSummary(row(id))
    },
    ...markMethods(db, 'run', (id) => row(id).id),
    rename: ({ id, name }) => {
      renameRun(db, row(id).id, name)
      return runSummary(row(id))
    },
    remove: async ({ id }) => {
      if (liveOf(id)) throw new ApiError('conflict', 'stop the run before deleting it')
      await store.deleteRun(row(id).id)
    },
    curves: ({ ids, metrics, x, points }) =>
      curveSeries(
        store.curves(
          ids.map((i) => row(i).id),
          x,
          points,
          seriesFor(metrics)
        ),
        metrics
      ),
    samples: ({ id }) => {
      const run = row(id)
      const threshold = runThreshold((run.config as RunConfig).train)
      return listSamples(db, run.id).map((s) => {
        const notes = s.piece.tracks.reduce((n, t) => n + t.notes.length, 0)
        return {
          id: String(s.id),
          runId: String(s.runId),
          epoch: s.epoch,
          step: s.step ?? 0,
          createdAt: isoTime(s.createdAt),
          notes,
          empty: notes === 0,
          threshold
        }
      })
    },
    checkpoints: ({ id }) =>
      listCheckpoints(db, row(id).id).map((c) => ({
        id: String(c.id),
        runId: String(c.runId),
        epoch: c.epoch,
        step: c.step,
        createdAt: isoTime(c.createdAt),
        sizeBytes: c.size
      })),
    metrics: ({ ids }) => {
      const rows: MetricsTable['rows'] = metricsTable(
        db,
        ids.map((i) => row(i).id)
      ).flatMap((r) => [
        ...(r.real === null
          ? []
          : [{ subject: 'real', metric: r.metric, variant: r.variant, mean: r.real, sd: null }]),
        ...Object.entries(r.runs)
          .filter(([, v]) => v !== null)
          .map(([runId, v]) => ({
            subject: runId,
            metric: r.metric,
            variant: r.variant,
            mean: v as number,
            sd: null
          }))
      ])
      // A shipped model was measured before shipping (model.json): its values, and its training data's when first.
      for (const m of shippedRuns(store, resourcesDir)) {
        const id = String(m.runId)
        if (!ids.includes(id) || rows.some((r) => r.subject === id)) continue
        const withReal = ids[0] === id && !rows.some((r) => r.subject === 'real')
        rows.push(...shippedModelRows(id, withReal, m.dir))
      }
      return { rows }
    }
  }
}
