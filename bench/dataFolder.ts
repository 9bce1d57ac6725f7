// The data a benchmark reads, named on its command line; the developer set beside the repository is the default.
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseArgs } from '../src/main/cli/command'

const ROOT = resolve(__dirname, '..')

/** The developer MIDI set (Freedoom + POP909) beside the repository, where a developer checkout has it. */
export const SHARED_MIDI = resolve(ROOT, '../shared/data/midi')

/** The licensed MIDI subset kept in the repository (a smoke run's data). */
export const FIXTURE_MIDI = resolve(ROOT, 'test/fixtures/midi')

/** Positional arguments and flags of this benchmark's command line. */
export const benchArgs = parseArgs(process.argv.slice(2))

/** The MIDI folder to read: --midi DIR, else ../shared/data/midi where it exists; otherwise a clear error. */
export function benchMidiFolder(): string {
  const flag = benchArgs.flags.midi
  if (typeof flag === 'string') {
    const dir = resolve(flag)
    if (!existsSync(dir)) throw new Error(`--midi ${flag}: no such folder`)
    return dir
  }
  if (existsSync(SHARED_MIDI)) return SHARED_MIDI
  throw new Error(
    `no MIDI folder: pass --midi DIR (test/fixtures/midi for a quick run); the default ${SHARED_MIDI} is the ` +
      'developer set beside a developer checkout, and there is none here'
  )
}

/** A benchmark's main: run it, print an error in words and exit 1 on failure. */
export function runBench(main: () => Promise<void>): void {
  main().catch((err) => {
    console.error(`error: ${err instanceof Error ? err.message : String(err)}`)
    process.exit(1)
  })
}
