// The dataset-import worker: one import (parse pool, segment cutting, cache, library rows) off the main thread.
import { parentPort, workerData } from 'node:worker_threads'
import { LibraryStore, failureMessage, setDatasetCache } from '../../library/index'
import { runImport } from './importJob'
import type { ImportCommand, ImportMessage, ImportWorkerData } from './importProtocol'

const port = parentPort!
const data = workerData as ImportWorkerData
const controller = new AbortController()
const post = (m: ImportMessage) => port.postMessage(m)
port.on('message', (m: ImportCommand) => {
  if (m.type === 'cancel') controller.abort()
})

async function main(): Promise<void> {
  const store = LibraryStore.open(data.dataDir)
  try {
    // Progress at most every 100 ms keeps main's event handling light on big folders.
    let last = 0
    const outcome = await runImport(store, data.datasetId, data.request, controller.signal, (s) => {
      const now = Date.now()
      if (now - last >= 100 || s.done === s.total) {
        last = now
        post({ type: 'step', ...s })
      }
    })
    post({ type: 'done', ...outcome })
  } catch (err) {
    const cancelled = controller.signal.aborted
    if (!cancelled) console.error('import worker:', err)
    try {
      setDatasetCache(store.db, data.datasetId, cancelled ? 'cancelled' : 'failed')
    } catch (again) {
      console.error('import worker: could not record the failure', again) // main marks it failed on exit
    }
    const message = cancelled ? 'cancelled' : failureMessage('The import', err, 'import again')
    post({ type: 'failed', cancelled, message })
  } finally {
    store.close()
    port.close()
  }
}

void main()
