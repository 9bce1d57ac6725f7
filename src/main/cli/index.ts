import type { CliCommand } from './command'
import { ENGINE_COMMANDS } from './engineCommands'
import { serveCommand } from './serve'
import { inspectCommand } from './inspect'
import { importCommand } from './importCmd'
import { datasetStatsCommand } from './datasetStatsCmd'
import { exportCommand } from './exportCmd'

/** Every CLI command; each engineer adds theirs here (one import, one entry). */
export const COMMANDS: CliCommand[] = [
  serveCommand,
  inspectCommand,
  importCommand,
  datasetStatsCommand,
  exportCommand
]
COMMANDS.push(...ENGINE_COMMANDS)
