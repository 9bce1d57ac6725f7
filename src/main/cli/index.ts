import type { CliCommand } from './command'
import { ENGINE_COMMANDS } from './engineCommands'
import { serveCommand } from './serve'
import { inspectCommand } from './inspect'
import { importCommand } from './importCmd'
import { datasetStatsCommand } from './datasetStatsCmd'
import { exportCommand } from './exportCmd'
import { exportRunCommand, importRunCommand } from './runExchange'

/** Every CLI command; each engineer adds theirs here (one import, one entry). */
export const COMMANDS: CliCommand[] = [
  serveCommand,
  inspectCommand,
  importCommand,
  datasetStatsCommand,
  exportCommand,
  exportRunCommand,
  importRunCommand
]
COMMANDS.push(...ENGINE_COMMANDS)
