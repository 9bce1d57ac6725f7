/** One CLI command: `bytes-to-beats <name> ...args`. Each lives in its own file in src/main/cli and is listed in index.ts. */
export interface CliCommand {
  name: string
  /** One line shown by `bytes-to-beats help`. */
  summary: string
  /** Full usage text shown by `bytes-to-beats <name> --help`. */
  usage: string
  /** Runs the command; returns the process exit code. Writes results to stdout, problems to stderr. */
  run(args: string[]): Promise<number>
}

/** Parse `--key value`, `--flag` and positional arguments (no dependency; the commands are few and simple). */
export function parseArgs(args: string[]): {
  positional: string[]
  flags: Record<string, string | true>
} {
  const positional: string[] = []
  const flags: Record<string, string | true> = {}
  for (let i = 0; i < args.length; i++) {
    const a = args[i]
    if (a.startsWith('--')) {
      const eq = a.indexOf('=')
      if (eq > 0) flags[a.slice(2, eq)] = a.slice(eq + 1)
      else if (i + 1 < args.length && !args[i + 1].startsWith('--')) flags[a.slice(2)] = args[++i]
      else flags[a.slice(2)] = true
    } else positional.push(a)
  }
  return { positional, flags }
}
