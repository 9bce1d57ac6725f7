// The CLI in-process: main(argv) with what it prints captured (console and progress written to stderr).
import { vi } from 'vitest'
import { main } from '../../src/main/cli'

/** Run `bytes-to-beats ...argv` in this process; resolves to its exit code and what it printed. */
export async function runCli(
  ...argv: string[]
): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = []
  const err: string[] = []
  const log = vi.spyOn(console, 'log').mockImplementation((...a) => void out.push(a.join(' ')))
  const error = vi.spyOn(console, 'error').mockImplementation((...a) => void err.push(a.join(' ')))
  const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
  try {
    return { code: await main(argv), out: out.join('\n'), err: err.join('\n') }
  } finally {
    log.mockRestore()
    error.mockRestore()
    write.mockRestore()
  }
}

/** Import flags for 4-bar segments at one step per beat over one octave: the 16 x 12 rolls of the 'test' preset. */
export const TINY_SEGMENTS = [
  '--bars',
  '4',
  '--steps-per-beat',
  '1',
  '--lowest-pitch',
  '60',
  '--pitch-count',
  '12',
  '--min-active-steps',
  '4'
]
