// A minimal worker that echoes its input: proves that worker entries load from source and from the build.
import { parentPort } from 'node:worker_threads'
import { FAMILIES } from '../../shared/music/families'

parentPort?.on('message', (msg: { n: number }) => {
  parentPort?.postMessage({ doubled: msg.n * 2, families: FAMILIES.length })
})
