// import-run: the checkpoints train_ddp.py wrote come back as a library run (engine checkpoints + loss curves).
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import {
  createRun,
  getDataset,
  getRun,
  setRunBackend,
  setRunStatus,
  type LibraryStore,
  type MetricRow
} from '../../library/index'
import { encodeCheckpoint, writeAtomic, type StoredTensor } from '../checkpoint'
import type { CheckpointMeta } from '../trainer'
import { readSafetensors } from './safetensors'
import { fromTorch } from './tensorMap'
import {
  CHECKPOINT_FORMAT,
  DDP_FILE,
  MANIFEST_FILE,
  RUN_EXPORT_FORMAT,
  type DdpRecord,
  type RunExportManifest
} from './format'

/** What import-run created. */
export interface ImportResult {
  runId: number
  name: string
  checkpoints: { step: number; file: string }[]
  lossRows: number
}

interface Loaded {
  step: number
  epoch: number
  lr: { g: number; d: number }
  tensors: StoredTensor[]
}

/** Read and check run.json. */
export function readRunExport(dir: string): RunExportManifest {
  const file = join(dir, MANIFEST_FILE)
  if (!existsSync(file))
    throw new Error(`${dir} has no ${MANIFEST_FILE}; is it a folder export-run wrote?`)
  const m = JSON.parse(readFileSync(file, 'utf8')) as RunExportManifest
  if (m.format !== RUN_EXPORT_FORMAT || m.version !== 1)
    throw new Error(`${file}: not a run export (version 1)`)
  return m
}

/** One exchange checkpoint, mapped back to the engine's names and layouts; every tensor checked by shape. */
function loadExchange(file: string, manifest: RunExportManifest): Loaded {
  const { tensors, metadata } = readSafetensors(file)
  if (metadata.format !== CHECKPOINT_FORMAT) throw new Error(`${file}: not an exchange checkpoint`)
  const info = JSON.parse(metadata.meta ?? '{}') as Partial<Loaded>
  if (!Number.isInteger(info.step) || !Number.isInteger(info.epoch) || !info.lr)
    throw new Error(`${file}: metadata lacks step, epoch or lr`)
  const byName = new Map(tensors.map((t) => [t.name, t]))
  const out = manifest.tensors.map((spec) => {
    const t = byName.get(spec.torch)
    if (!t) throw new Error(`${file}: lacks ${spec.torch}`)
    if (t.shape.join() !== spec.torchShape.join())
      throw new Error(
        `${file}: ${spec.torch} has shape [${t.shape}], expected [${spec.torchShape}]`
      )
    const wantInt = spec.dtype === 'I32'
    if (wantInt !== t.data instanceof Int32Array || t.data instanceof Uint8Array)
      throw new Error(`${file}: ${spec.torch} is not ${spec.dtype}`)
    return fromTorch(t as StoredTensor, spec, spec.engineShape, manifest.config.model)
  })
  return { step: info.step!, epoch: info.epoch!, lr: info.lr, tensors: out }
}

/** The loss log (JSON lines); a torn last line (a killed writer) is ignored, any other bad line is an error. */
export function readLossLog(file: string): MetricRow[] {
  if (!existsSync(file)) return []
  const lines = readFileSync(file, 'utf8').split('\n')
  const rows: MetricRow[] = []
  lines.forEach((line, i) => {
    if (!line.trim()) return
    try {
      rows.push(JSON.parse(line) as MetricRow)
    } catch (err) {
      if (i < lines.length - 1 && lines.slice(i + 1).some((l) => l.trim()))
        throw new Error(`${file}:${i + 1}: ${err}`)
    }
  })
  const sorted = rows.sort((a, b) => a.step - b.step)
  return sorted.filter((r, i) => i === 0 || r.step !== sorted[i - 1].step)
}

/**
 * Import the checkpoints newer than the exported state from `dir` as a new library run. `ema`: take the ones
 * train_ddp.py --ema wrote to `ema/` instead (the same state with G's weights averaged over its recent updates).
 */
export async function importRun(
  store: LibraryStore,
  dir: string,
  name?: string,
  ema = false
): Promise<ImportResult> {
  const manifest = readRunExport(dir)
  const ckDir = join(dir, ema ? 'ema' : 'checkpoints')
  const files = (existsSync(ckDir) ? readdirSync(ckDir) : [])
    .filter((f) => /^ckpt-\d+\.safetensors$/.test(f))
    .sort()
  // Everything is read and checked before the library is touched: a bad folder changes nothing.
  const loaded = files
    .map((f) => loadExchange(join(ckDir, f), manifest))
    .filter((c) => c.step > manifest.source.step)
  if (loaded.length === 0)
    throw new Error(
      ema
        ? `${dir}/ema holds no checkpoint newer than the exported step ${manifest.source.step}; train with --ema first`
        : `${dir} holds no checkpoint newer than the exported step ${manifest.source.step}; train first`
    )
  const rows = readLossLog(join(dir, manifest.losses))
  const ddp = existsSync(join(dir, DDP_FILE))
    ? (JSON.parse(readFileSync(join(dir, DDP_FILE), 'utf8')) as DdpRecord)
    : null
  const db = store.db
  const src = manifest.source
  const sameRun = getRun(db, src.runId)?.name === src.runName
  const ds =
    manifest.dataset.libraryId === null ? undefined : getDataset(db, manifest.dataset.libraryId)
  const datasetId = ds && ds.name === manifest.dataset.identity.name ? ds.id : null
  const runName = name ?? `${src.runName} (DDP${ema ? ', EMA' : ''})`
  const runId = createRun(db, {
    name: runName,
    preset: manifest.config.preset,
    config: manifest.config,
    datasetId,
    resumedFromRunId: sameRun ? src.runId : null
  })
  try {
    const how = ddp
      ? `torchrun, ${ddp.worldSize} x ${ddp.backend} on ${ddp.device}, torch ${ddp.torch}`
      : 'torchrun'
    setRunBackend(db, runId, 'pytorch-ddp', how)
    let prev = -Infinity
    const done: ImportResult['checkpoints'] = []
    for (const c of loaded) {
      const meta: CheckpointMeta = {
        version: 1,
        config: manifest.config,
        step: c.step,
        epoch: c.epoch,
        cursor: { epoch: c.epoch, batch: 0 },
        seed: manifest.config.train.seed,
        lr: c.lr,
        dataset: manifest.dataset.identity,
        backend: 'pytorch-ddp',
        createdAt: new Date().toISOString()
      }
      const file = join(
        store.files.runDir(runId),
        `ckpt-${String(c.step).padStart(10, '0')}.b2bckpt`
      )
      const chunks = encodeCheckpoint({ meta, tensors: c.tensors })
      const sha256 = writeAtomic(file, chunks)
      const size = chunks.reduce((s, b) => s + b.byteLength, 0)
      const mine = rows.filter((r) => r.step > prev && r.step <= c.step)
      store.recordCheckpoint(
        runId,
        { epoch: c.epoch, step: c.step, file, sha256, size },
        mine,
        Infinity
      )
      done.push({ step: c.step, file })
      prev = c.step
    }
    const total = manifest.config.train.epochs
    setRunStatus(db, runId, loaded.at(-1)!.epoch >= total ? 'completed' : 'stopped')
    return {
      runId,
      name: runName,
      checkpoints: done,
      lossRows: rows.filter((r) => r.step <= prev).length
    }
  } catch (err) {
    await store.deleteRun(runId)
    throw err
  }
}
