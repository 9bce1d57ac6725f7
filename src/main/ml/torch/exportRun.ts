// export-run: a library run's config, latest checkpoint (weights + Adam state) and dataset as files PyTorch reads.
import {
  closeSync,
  cpSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  readdirSync,
  rmSync
} from 'node:fs'
import { basename, join } from 'node:path'
import { getDataset, listRuns, metricRowsAfter, type LibraryStore } from '../../library/index'
import { writeFileAtomic } from '../../library/files'
import { loadCheckpoint, type StoredTensor } from '../checkpoint'
import type { CheckpointMeta } from '../trainer'
import { MANIFEST_NAME, checkManifest } from '../../data/dataset/manifest'
import { splitSegments } from '../../data/dataset/split'
import { encodeNpz } from './npz'
import { encodeSafetensors } from './safetensors'
import { mapName, toTorch } from './tensorMap'
import {
  CHECKPOINT_FORMAT,
  LOSSES_FILE,
  MANIFEST_FILE,
  RUN_EXPORT_FORMAT,
  RUN_EXPORT_VERSION,
  exchangeCheckpointName,
  findPythonDir,
  type ExportShard,
  type RunExportManifest
} from './format'

/** What export-run wrote. */
export interface ExportResult {
  dir: string
  step: number
  tensors: number
  segments: number
  shards: number
  lossRows: number
  python: boolean
}

/** Adam m/v for every parameter (zeros where the optimizer has not stepped yet), so PyTorch keeps them all. */
function completeAdam(tensors: StoredTensor[]): StoredTensor[] {
  const have = new Set(tensors.map((t) => t.name))
  const extra: StoredTensor[] = []
  for (const [opt, model] of [
    ['optG', 'g'],
    ['optD', 'd']
  ])
    for (const slot of ['m', 'v'])
      for (const t of tensors.filter((x) => x.name.startsWith(`${model}/`))) {
        const name = `${opt}/${slot}/${t.name.slice(model.length + 1)}`
        if (!have.has(name))
          extra.push({ name, shape: t.shape, data: new Float32Array(t.data.length) })
      }
  return [...tensors, ...extra]
}

/** A run of the library by id or (unique) name. */
export function findRun(store: LibraryStore, ref: string) {
  const runs = listRuns(store.db)
  const byId = /^\d+$/.test(ref) ? runs.filter((r) => r.id === Number(ref)) : []
  const hits = byId.length ? byId : runs.filter((r) => r.name === ref)
  if (hits.length === 0) throw new Error(`no run ${JSON.stringify(ref)} in the library`)
  if (hits.length > 1)
    throw new Error(`${hits.length} runs are named ${JSON.stringify(ref)}; give its id`)
  return hits[0]
}

const write = (dir: string, rel: string, chunks: Uint8Array[]) =>
  writeFileAtomic(join(dir, rel), chunks)

/**
 * Copy the training side of the dataset's split (the segments the run trains on; held-out files stay out) into .npz
 * shards of up to `shardSize` segments; `index` holds each segment's number in the dataset.
 */
function writeShards(datasetDir: string, out: string, shardSize: number) {
  const where = join(datasetDir, MANIFEST_NAME)
  const manifest = checkManifest(JSON.parse(readFileSync(where, 'utf8')), where)
  const { segmentBytes } = manifest
  const segments = splitSegments(manifest, 'train')
  const fd = openSync(join(datasetDir, manifest.cacheFile), 'r')
  const shards: ExportShard[] = []
  try {
    for (let first = 0; first < segments.length; first += shardSize) {
      const n = Math.min(shardSize, segments.length - first)
      const rolls = new Uint8Array(n * segmentBytes)
      const index = Int32Array.from({ length: n }, (_, i) => segments[first + i])
      for (let i = 0; i < n; i++) {
        const got = readSync(fd, rolls, i * segmentBytes, segmentBytes, index[i] * segmentBytes)
        if (got !== segmentBytes)
          throw new Error(`${datasetDir}: dataset cache is short; rebuild it`)
      }
      const file = `data/shard-${String(shards.length).padStart(5, '0')}.npz`
      write(out, file, [
        encodeNpz([
          { name: 'rolls', shape: [n, segmentBytes], data: rolls },
          { name: 'index', shape: [n], data: index }
        ])
      ])
      shards.push({ file, count: n, first: index[0] })
    }
  } finally {
    closeSync(fd)
  }
  return { manifest, shards, count: segments.length }
}

/**
 * Fine-tuning: G's weights and statistics from another checkpoint (a run's, or a generator-only file such as the
 * default model's) in place of the run's own, with G's Adam state started afresh; the critic stays the run's.
 */
function withGenerator(tensors: StoredTensor[], file: string): StoredTensor[] {
  const from = new Map(
    loadCheckpoint(file)
      .tensors.filter((t) => t.name.startsWith('g/') || t.name.startsWith('gs/'))
      .map((t) => [t.name, t])
  )
  const own = tensors.filter((t) => t.name.startsWith('g/') || t.name.startsWith('gs/'))
  if (
    own.length !== from.size ||
    own.some((t) => from.get(t.name)?.shape.join() !== t.shape.join())
  )
    throw new Error(`${file}: its generator does not have the run's model shape`)
  return tensors.map((t) => {
    const g = from.get(t.name)
    if (g) return { ...t, data: g.data }
    if (t.name === 'optG/iter') return { ...t, data: new Int32Array(t.data.length) }
    if (t.name.startsWith('optG/')) return { ...t, data: new Float32Array(t.data.length) }
    return t
  })
}

/**
 * Export run `ref` of the library into the new (or empty) folder `dir`; on failure the folder is removed again.
 * `startGenerator`: an engine checkpoint whose generator replaces the run's (fine-tuning that model on this data).
 */
export async function exportRun(
  store: LibraryStore,
  ref: string,
  dir: string,
  shardSize = 4096,
  startGenerator?: string
): Promise<ExportResult> {
  const run = findRun(store, ref)
  const ck = await store.latestValidCheckpoint(run.id)
  if (!ck) throw new Error(`run ${JSON.stringify(run.name)} has no valid checkpoint to export`)
  const { meta, tensors: stored } = loadCheckpoint<CheckpointMeta>(store.files.toAbs(ck.file))
  const complete = completeAdam(stored)
  const tensors = startGenerator ? withGenerator(complete, startGenerator) : complete
  if (!tensors.some((t) => t.name === 'optD/iter'))
    throw new Error(
      `run ${JSON.stringify(run.name)}'s checkpoint holds only the generator; it cannot train on`
    )
  const ds = run.datasetId === null ? undefined : getDataset(store.db, run.datasetId)
  if (!ds || ds.status !== 'ready')
    throw new Error(`run ${JSON.stringify(run.name)}'s dataset is not in the library`)
  if (existsSync(dir) && readdirSync(dir).length > 0)
    throw new Error(`${dir} is not empty; export into a new folder`)
  const created = !existsSync(dir)
  mkdirSync(dir, { recursive: true })
  try {
    const m = meta.config.model
    const torch = tensors.map((t) => toTorch(t, m))
    const ckFile = exchangeCheckpointName(meta.step)
    const info = {
      step: meta.step,
      epoch: meta.epoch,
      lr: meta.lr,
      source: 'engine',
      backend: meta.backend,
      ...(startGenerator && { startGenerator: basename(startGenerator) })
    }
    write(
      dir,
      ckFile,
      encodeSafetensors(torch, { format: CHECKPOINT_FORMAT, meta: JSON.stringify(info) })
    )
    const { manifest, shards, count } = writeShards(store.files.datasetDir(ds.id), dir, shardSize)
    if (manifest.segmentBytes !== Math.ceil((m.steps * m.pitches * m.tracks) / 8))
      throw new Error(`dataset ${ds.name}'s rolls do not have the model's shape`)
    if (count !== meta.dataset.count)
      throw new Error(
        `dataset ${ds.name}'s training side has ${count} segments, the run trained on ${meta.dataset.count}`
      )
    const rows = metricRowsAfter(store.db, run.id, -1, Number.MAX_SAFE_INTEGER).filter(
      (r) => r.step <= meta.step
    )
    write(dir, LOSSES_FILE, [Buffer.from(rows.map((r) => JSON.stringify(r) + '\n').join(''))])
    const body: RunExportManifest = {
      format: RUN_EXPORT_FORMAT,
      version: RUN_EXPORT_VERSION,
      createdAt: new Date().toISOString(),
      source: {
        runId: run.id,
        runName: run.name,
        preset: run.preset,
        step: meta.step,
        epoch: meta.epoch,
        sha256: ck.sha256
      },
      config: meta.config,
      checkpoint: ckFile,
      tensors: tensors.map((t, i) => ({
        ...mapName(t.name),
        engineShape: t.shape,
        torchShape: torch[i].shape,
        dtype: t.data instanceof Int32Array ? 'I32' : 'F32'
      })),
      dataset: {
        identity: meta.dataset,
        libraryId: ds.id,
        shape: [m.steps, m.pitches, m.tracks],
        cells: m.steps * m.pitches * m.tracks,
        segmentBytes: manifest.segmentBytes,
        bitorder: 'little',
        shards
      },
      losses: LOSSES_FILE
    }
    write(dir, MANIFEST_FILE, [Buffer.from(JSON.stringify(body, null, 1))])
    const py = findPythonDir()
    if (py)
      cpSync(py, join(dir, 'python'), {
        recursive: true,
        filter: (s) => !s.includes('__pycache__')
      })
    return {
      dir,
      step: meta.step,
      tensors: torch.length,
      segments: count,
      shards: shards.length,
      lossRows: rows.length,
      python: py !== null
    }
  } catch (err) {
    if (created) rmSync(dir, { recursive: true, force: true })
    else for (const f of readdirSync(dir)) rmSync(join(dir, f), { recursive: true, force: true })
    throw err
  }
}
