// `export-run RUN --to DIR` and `import-run DIR`: a library run out to PyTorch DDP (python/) and back.
import { resolve } from 'node:path'
import { parseArgs, type CliCommand } from './command'
import { cliDataDir } from './datasetRef'
import { LibraryStore } from '../library/index'
import { exportRun } from '../ml/torch/exportRun'
import { importRun } from '../ml/torch/importRun'

async function withLibrary<T>(
  dataFlag: string | true | undefined,
  f: (s: LibraryStore) => Promise<T>
) {
  const store = LibraryStore.open(cliDataDir(dataFlag), { lockAs: 'cli' })
  try {
    return await f(store)
  } finally {
    store.close()
  }
}

/** `bytes-to-beats export-run`. */
export const exportRunCommand: CliCommand = {
  name: 'export-run',
  summary: 'write a run (config, latest checkpoint, Adam state, dataset) for PyTorch DDP training',
  usage:
    'usage: bytes-to-beats export-run RUN --to DIR [--shard-size N] [--start-generator FILE] [--data DIR]\n' +
    '  RUN: a library run id or name. DIR must be new or empty. Writes run.json, checkpoints/*.safetensors,\n' +
    '  data/shard-*.npz (bit-packed rolls), losses.jsonl and python/ (train_ddp.py; see python/README.md)\n' +
    "  --start-generator FILE: fine-tune: G starts from that checkpoint (e.g. the default model's\n" +
    "  generator.b2bckpt, same preset), G's optimizer state afresh; the critic stays the run's",
  async run(args) {
    const { positional, flags } = parseArgs(args)
    const start = flags['start-generator']
    if (positional.length !== 1 || typeof flags.to !== 'string' || start === true) {
      console.error(this.usage)
      return 2
    }
    const shard = flags['shard-size'] === undefined ? 4096 : Number(flags['shard-size'])
    if (!Number.isInteger(shard) || shard < 1)
      throw new Error('--shard-size must be a positive integer')
    const to = resolve(flags.to)
    const r = await withLibrary(flags.data, (s) =>
      exportRun(s, positional[0], to, shard, start && resolve(start))
    )
    console.log(
      `exported step ${r.step} to ${r.dir}: ${r.tensors} tensors, ${r.segments} segments in ${r.shards} shards, ${r.lossRows} loss rows`
    )
    if (!r.python)
      console.error('python/ was not found next to this app; copy it from the repository')
    console.log(
      `next: torchrun --nproc_per_node=2 --redirects 2 --tee 2 ${to}/python/train_ddp.py ${to}`
    )
    return 0
  }
}

/** `bytes-to-beats import-run`. */
export const importRunCommand: CliCommand = {
  name: 'import-run',
  summary: 'bring checkpoints trained by python/train_ddp.py back as a library run',
  usage:
    'usage: bytes-to-beats import-run DIR [--name NAME] [--ema] [--data DIR]\n' +
    '  DIR: a folder export-run wrote and train_ddp.py trained on; its checkpoints newer than the exported\n' +
    '  step become a new run (default name "<run> (DDP)") with its loss curves\n' +
    '  --ema: import the checkpoints train_ddp.py --ema wrote (G averaged over its recent updates)',
  async run(args) {
    const { positional, flags } = parseArgs(args)
    if (positional.length !== 1 || flags.name === true || typeof flags.ema === 'string') {
      console.error(this.usage)
      return 2
    }
    const name = typeof flags.name === 'string' ? flags.name : undefined
    const r = await withLibrary(flags.data, (s) =>
      importRun(s, resolve(positional[0]), name, flags.ema === true)
    )
    const steps = r.checkpoints.map((c) => c.step).join(', ')
    console.log(
      `imported run ${r.runId} "${r.name}": checkpoints at step ${steps}, ${r.lossRows} loss rows`
    )
    return 0
  }
}
