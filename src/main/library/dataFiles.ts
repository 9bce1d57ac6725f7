import { isAbsolute, join, relative, resolve, sep } from 'node:path'
import { dataPaths } from '../app/paths'

/** Maps the data folder's files to the relative paths stored in rows, so a library folder can move. */
export class DataFiles {
  readonly root: string
  readonly paths: ReturnType<typeof dataPaths>

  constructor(dataDir: string) {
    this.root = resolve(dataDir)
    this.paths = dataPaths(this.root)
  }

  /** The relative path stored in a row; throws for a file outside the data folder (rows never own those). */
  toRel(path: string): string {
    const abs = resolve(this.root, path)
    const rel = relative(this.root, abs)
    if (!rel || rel.startsWith('..') || isAbsolute(rel))
      throw new Error(`file outside the library folder: ${path}`)
    return rel.split(sep).join('/')
  }

  /** The absolute path of a stored relative path. */
  toAbs(rel: string): string {
    return join(this.root, ...rel.split('/'))
  }

  /** Folder that owns every file of a run (checkpoints, samples' raw outputs); deleting the run deletes it. */
  runDir(runId: number): string {
    return join(this.paths.runs, String(runId))
  }

  /** Where a run's checkpoint for a step goes (a suggestion the engine may follow). */
  checkpointPath(runId: number, step: number): string {
    return join(this.runDir(runId), 'checkpoints', `step-${String(step).padStart(9, '0')}.ckpt`)
  }

  /** Where a run's raw generator output for a sample goes. */
  samplePath(runId: number, epoch: number, index: number): string {
    return join(this.runDir(runId), 'samples', `epoch-${epoch}-${index}.bin`)
  }

  /** Folder of a dataset's cache files. */
  datasetDir(datasetId: number): string {
    return join(this.paths.datasets, String(datasetId))
  }
}
