// The run-export folder PyTorch reads (python/README.md documents it): run.json, checkpoints/*.safetensors,
// data/shard-*.npz, losses.jsonl, ddp.json (written by train_ddp.py).
import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import type { RunConfig } from '../config'
import type { DatasetIdentity } from '../data'
import type { TensorMapping } from './tensorMap'

export const RUN_EXPORT_FORMAT = 'bytes-to-beats-torch-run'
export const RUN_EXPORT_VERSION = 1
/** Format tag in every exchange checkpoint's safetensors __metadata__. */
export const CHECKPOINT_FORMAT = 'bytes-to-beats-torch-checkpoint/1'
export const MANIFEST_FILE = 'run.json'
export const LOSSES_FILE = 'losses.jsonl'
export const DDP_FILE = 'ddp.json'

/** One tensor of the exchange checkpoints: its mapping and both shapes. */
export interface ExportTensor extends TensorMapping {
  engineShape: number[]
  torchShape: number[]
  dtype: 'F32' | 'I32'
}

/** One data shard: a .npz with `rolls` (uint8 [n, segmentBytes], bit-packed) and `index` (int32 [n]). */
export interface ExportShard {
  file: string
  count: number
  /** The dataset segment number of its first row (rows are the training side of the split, in segment order). */
  first: number
}

/** run.json. */
export interface RunExportManifest {
  format: typeof RUN_EXPORT_FORMAT
  version: number
  createdAt: string
  source: {
    runId: number
    runName: string
    preset: string
    step: number
    epoch: number
    sha256: string
  }
  config: RunConfig
  /** Exchange checkpoint of the exported state (relative to the folder). */
  checkpoint: string
  tensors: ExportTensor[]
  dataset: {
    identity: DatasetIdentity
    libraryId: number | null
    /** One roll: [steps, pitches, tracks] (NHWC cell order in the packed bits). */
    shape: [number, number, number]
    cells: number
    segmentBytes: number
    bitorder: 'little'
    shards: ExportShard[]
  }
  losses: typeof LOSSES_FILE
}

/** ddp.json: what train_ddp.py ran with. */
export interface DdpRecord {
  worldSize: number
  backend: string
  device: string
  torch: string
}

/** Exchange checkpoint file name for a step. */
export function exchangeCheckpointName(step: number): string {
  return `checkpoints/ckpt-${String(step).padStart(10, '0')}.safetensors`
}

/** The repository's python/ folder (walking up from this file, source or built), or null. */
export function findPythonDir(start: string = __dirname): string | null {
  let dir = resolve(start)
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'python', 'train_ddp.py'))) return join(dir, 'python')
    const up = dirname(dir)
    if (up === dir) break
    dir = up
  }
  return null
}
