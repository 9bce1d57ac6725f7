// A tiny library run for the PyTorch round trip: a dataset built from generated pieces (16 x 12 rolls, the
// 'test' preset's shape) and a few real engine steps recorded through the library like the app's worker does.
import { buildDataset, type SourcePiece } from '../../../../src/main/data/dataset'
import {
  LibraryStore,
  createDataset,
  createRun,
  setDatasetCache,
  setRunStatus
} from '../../../../src/main/library/index'
import { presetConfig, type RunConfig } from '../../../../src/main/ml/config'
import { openDatasetSource } from '../../../../src/main/ml/datasetSource'
import { LibraryRecorder } from '../../../../src/main/ml/libraryRecorder'
import { Trainer } from '../../../../src/main/ml/trainer'
import { mulberry32 } from '../../../../src/shared/random'
import type { Piece } from '../../../../src/shared/music/piece'

/** Roll config of the 'test' preset: 4 bars x 4 beats x 1 step = 16 steps, 12 pitches from C4. */
export const TINY_ROLL = { bars: 4, stepsPerBeat: 1, lowestPitch: 60, pitchCount: 12 }

/** A 16-bar piece of quarter notes on piano, bass and drums (seeded). */
function piece(seed: number): Piece {
  const rand = mulberry32(seed)
  const notes = (lo: number, span: number) =>
    Array.from({ length: 64 }, (_, i) => ({
      pitch: lo + Math.floor(rand() * span),
      start: i * 480,
      duration: 480,
      velocity: 90
    }))
  const track = (family: number, program: number, isDrum: boolean, lo: number) => ({
    name: `f${family}`,
    family,
    program,
    isDrum,
    notes: notes(lo, 12)
  })
  return {
    title: `tiny ${seed}`,
    ppq: 480,
    tempos: [],
    timeSignatures: [],
    tracks: [track(1, 0, false, 60), track(5, 33, false, 60), track(0, 0, true, 60)]
  }
}

/**
 * Build a ready library dataset of `pieces` x 4 segments. From 10 pieces on it has a held-out split: every third
 * file's hash starts with 0 (held out), the others' with f.
 */
export async function tinyDataset(store: LibraryStore, name: string, pieces = 6): Promise<number> {
  const id = createDataset(store.db, name, { roll: TINY_ROLL })
  const src: SourcePiece[] = Array.from({ length: pieces }, (_, i) => ({
    file: `tiny-${i}.mid`,
    sha256: (i % 3 === 0 ? '0' : 'f') + String(i).padStart(63, '0'),
    piece: piece(i + 1)
  }))
  await buildDataset(src, store.files.datasetDir(id), {
    name,
    config: TINY_ROLL,
    skip: { minActiveSteps: 4, minNotes: 4 }
  })
  setDatasetCache(store.db, id, 'ready')
  return id
}

/** A run of the 'test' preset trained `steps` batches with the library recording rows and checkpoints. */
export async function tinyRun(
  dataDir: string,
  datasetId: number,
  datasetName: string,
  steps: number,
  config: RunConfig = presetConfig('test', { nCritic: 2 })
): Promise<number> {
  const store = LibraryStore.open(dataDir)
  const runId = createRun(store.db, { name: 'tiny', preset: 'test', config, datasetId })
  const dir = store.files.runDir(runId)
  const shape: [number, number, number] = [config.model.steps, config.model.pitches, 17]
  const source = await openDatasetSource(store.files.datasetDir(datasetId), datasetName, shape)
  store.close()
  const { recorder } = await LibraryRecorder.open({ dataDir, runId })
  const t = await Trainer.open({
    config,
    source,
    dir,
    hooks: { onMetrics: (r) => recorder.metrics(r), onCheckpoint: (c) => recorder.checkpoint(c) }
  })
  await t.run(steps)
  await t.checkpoint('stop')
  t.dispose()
  recorder.status('stopped')
  recorder.close()
  await source.close()
  const s = LibraryStore.open(dataDir)
  setRunStatus(s.db, runId, 'stopped')
  s.close()
  return runId
}
