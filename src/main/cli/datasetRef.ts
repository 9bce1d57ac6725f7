// Dataset and run names on the command line resolve through the SQLite library, the same rows the app's Library view lists.
import { existsSync } from 'node:fs'
import { dataPaths, resolveDataDir } from '../app/paths'
import { LibraryStore, listDatasets, listRuns } from '../library/index'

/** A library dataset a command named: its row id, its name and the folder holding its manifest and segment cache. */
export interface DatasetRef {
  id: number
  name: string
  dir: string
}

/** The data folder a command's --data flag names (else $BYTES_TO_BEATS_DATA, else the app's folder). */
export function cliDataDir(dataFlag: string | true | undefined): string {
  return resolveDataDir(typeof dataFlag === 'string' ? dataFlag : undefined)
}

/** Resolve dataset NAME in the library of dataDir (name -> row -> cache folder); throws unless it exists and is ready. */
export function resolveDataset(dataDir: string, name: string): DatasetRef {
  const hint = `import one first: bytes-to-beats import DIR --dataset ${JSON.stringify(name)}`
  if (!existsSync(dataPaths(dataDir).database)) throw new Error(`no library in ${dataDir}; ${hint}`)
  const store = LibraryStore.open(dataDir, { lockAs: 'cli' })
  try {
    const rows = listDatasets(store.db)
    const row = rows.find((d) => d.name === name.trim())
    if (!row) {
      const known = rows.map((d) => JSON.stringify(d.name)).join(', ') || 'none'
      throw new Error(`no dataset named ${JSON.stringify(name)} in ${dataDir} (known: ${known})`)
    }
    if (row.status !== 'ready')
      throw new Error(`dataset ${JSON.stringify(name)} is ${row.status}, not ready to read`)
    return { id: row.id, name: row.name, dir: store.files.datasetDir(row.id) }
  } finally {
    store.close()
  }
}

/** The folder of library dataset NAME, given a command's --data flag (what train, evaluate, stats and export read). */
export function datasetFolder(name: string, dataFlag: string | true | undefined): string {
  return resolveDataset(cliDataDir(dataFlag), name).dir
}

/** Resolve run NAME in the library of dataDir (name -> row -> the folder of its checkpoints). */
export function resolveRun(
  dataDir: string,
  name: string
): { id: number; name: string; dir: string } {
  if (!existsSync(dataPaths(dataDir).database)) throw new Error(`no library in ${dataDir}`)
  const store = LibraryStore.open(dataDir)
  try {
    const row = listRuns(store.db).find((r) => r.name === name.trim())
    if (!row) throw new Error(`no run named ${JSON.stringify(name)} in ${dataDir}`)
    return { id: row.id, name: row.name, dir: store.files.runDir(row.id) }
  } finally {
    store.close()
  }
}
