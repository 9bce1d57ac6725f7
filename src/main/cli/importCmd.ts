// `import DIR|FILE... --dataset NAME`: a library dataset built by the app's own import (worker, reports, cache).
import { statSync } from 'node:fs'
import { extname, resolve } from 'node:path'
import { z } from 'zod'
import { Name } from '../../shared/api/common'
import { SegmentOptions } from '../../shared/api/domains/datasets'
import type { ImportRequest } from '../services/ports'
import { parseArgs, type CliCommand } from './command'
import { cliDataDir } from './datasetRef'
import { importIntoLibrary, type CliImportResult } from './libraryImport'

const SEGMENT_FLAGS = {
  'steps-per-beat': 'stepsPerBeat',
  bars: 'bars',
  'lowest-pitch': 'lowestPitch',
  'pitch-count': 'pitchCount',
  'min-notes': 'minNotesPerSegment',
  'min-active-steps': 'minActiveSteps'
} as const

function parsed<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const r = schema.safeParse(value)
  if (!r.success) throw new Error(`${what}: ${z.prettifyError(r.error).replace(/\s+/g, ' ')}`)
  return r.data
}

/** The import request the flags describe, checked with the API's own schemas. */
export function importRequest(
  positional: string[],
  flags: Record<string, string | true>
): ImportRequest {
  const name = parsed(Name, flags.dataset, '--dataset')
  const paths = positional.map((p) => resolve(p))
  const segments = parsed(
    SegmentOptions,
    Object.fromEntries(
      Object.entries(SEGMENT_FLAGS)
        .filter(([flag]) => flags[flag] !== undefined)
        .map(([flag, key]) => [key, Number(flags[flag])])
    ),
    'segment options'
  )
  const kind =
    paths.length === 1 && statSync(paths[0]).isDirectory()
      ? 'midi-folder'
      : paths.every((p) => extname(p).toLowerCase() === '.npz')
        ? 'npz-files'
        : 'midi-files'
  const labelsPath = typeof flags.labels === 'string' ? resolve(flags.labels) : undefined
  const labelFilter = typeof flags.only === 'string' ? flags.only.split(',') : undefined
  return { name, kind, paths, segments, labelsPath, labelFilter }
}

function progressPrinter(): (p: {
  done: number
  total: number
  errors: number
  file: string | null
}) => void {
  const tty = process.stderr.isTTY
  let decile = -1
  return ({ done, total, errors, file }) => {
    const line = `[${done}/${total}] ${errors} failed ${(file ?? '').slice(-50)}`
    if (tty) process.stderr.write(`\r${line.padEnd(80)}${done === total ? '\n' : ''}`)
    else if (Math.floor((10 * done) / Math.max(1, total)) > decile) {
      decile = Math.floor((10 * done) / Math.max(1, total))
      console.error(line)
    }
  }
}

function report(name: string, r: CliImportResult, dataDir: string): number {
  for (const f of r.failures) console.error(`error: ${f.file}: ${f.message} (${f.code})`)
  if (r.state === 'cancelled') {
    console.error(`import of ${name} cancelled; nothing was kept`)
    return 130
  }
  if (r.state !== 'done') {
    console.error(`import of ${name} failed: ${r.message ?? 'unknown error'}`)
    return 1
  }
  const imported = r.files - r.errors
  console.log(
    `dataset ${name}: ${imported} of ${r.files} files imported, ${r.errors} failed, ${r.segments} segments`
  )
  console.log(`library dataset ${r.datasetId} in ${dataDir}`)
  return imported > 0 ? 0 : 1
}

/** `bytes-to-beats import DIR|FILE... --dataset NAME [--data DIR] [--replace] [segment options]`. */
export const importCommand: CliCommand = {
  name: 'import',
  summary: 'import MIDI / LPD .npz files (folders are walked) into a library dataset',
  usage:
    'usage: bytes-to-beats import DIR|FILE... --dataset NAME [--data DIR] [--replace]\n' +
    '         [--steps-per-beat N] [--bars N] [--lowest-pitch N] [--pitch-count N] [--min-notes N]\n' +
    '         [--min-active-steps N] [--labels FILE.csv [--only LABEL,...]]\n' +
    '  --dataset  name of the new dataset in the library (the app lists it); --replace rebuilds one of that name\n' +
    '  --data     the data folder (default $BYTES_TO_BEATS_DATA, else the app data folder)\n' +
    'Bad files are reported one per line on stderr and skipped; the exit code is 1 only when nothing imports.\n' +
    'Ctrl+C cancels the import and removes the unfinished dataset.',
  async run(args) {
    const { positional, flags } = parseArgs(args)
    if (!positional.length || typeof flags.dataset !== 'string') {
      console.error(this.usage)
      return 2
    }
    const request = importRequest(positional, flags)
    const dataDir = cliDataDir(flags.data)
    const abort = new AbortController()
    const onInt = () => abort.abort()
    process.once('SIGINT', onInt)
    try {
      const result = await importIntoLibrary(dataDir, request, {
        replace: flags.replace === true,
        onProgress: progressPrinter(),
        signal: abort.signal
      })
      return report(request.name, result, dataDir)
    } finally {
      process.off('SIGINT', onInt)
    }
  }
}
