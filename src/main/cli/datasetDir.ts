import { join } from 'node:path'
import { dataPaths, resolveDataDir } from '../app/paths'

/** Dataset names are plain folder names: letters, digits, dot, dash, underscore (never a path). */
export const DATASET_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/

/** The folder of dataset NAME in the data folder (--data DIR, else $BYTES_TO_BEATS_DATA, else the app's folder). */
export function datasetDir(name: string, dataFlag: string | true | undefined): string {
  if (!DATASET_NAME.test(name) || name.includes('..'))
    throw new Error(`invalid dataset name ${JSON.stringify(name)}`)
  const root = resolveDataDir(typeof dataFlag === 'string' ? dataFlag : undefined)
  return join(dataPaths(root).datasets, name)
}
